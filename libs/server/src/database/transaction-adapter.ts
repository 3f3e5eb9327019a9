import { TransactionalAdapterTypeOrm, type TypeOrmTransactionOptions } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

interface PgConnection {
  query(text: string): Promise<unknown>;
}

/** What TypeORM's own startTransaction/commitTransaction keep on a query runner. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

async function send(connection: PgConnection, sql: string): Promise<void> {
  try {
    await connection.query(sql);
  } catch (error) {
    throw new QueryFailedError(sql, undefined, error as Error);
  }
}

/**
 * One transaction on its own pooled connection, as TypeORM's `dataSource.transaction` runs it, with
 * START TRANSACTION and COMMIT sent to the connection directly. TypeORM's own path broadcasts four
 * subscriber events and sends each statement through its query pipeline: about 45 promises and a
 * tenth of a signed-in read's CPU, for two fixed statements. The query runner is left in the state
 * TypeORM would leave it in (a transaction open at depth 1), so work inside that opens a
 * transaction of its own gets a savepoint, and saves do not start one.
 */
async function runTransaction<T>(dataSource: DataSource, fn: () => Promise<T>, setClient: (client?: EntityManager) => void): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const state = runner as unknown as TransactionState;
  try {
    const connection = (await runner.connect()) as PgConnection;
    await send(connection, 'START TRANSACTION');
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    try {
      setClient(runner.manager);
      const result = await fn();
      await send(connection, 'COMMIT');
      return result;
    } catch (error) {
      // As TypeORM does: a failed rollback must not hide the error that caused it.
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      state.isTransactionActive = false;
      state.transactionDepth = 0;
    }
  } finally {
    await runner.release();
  }
}

/**
 * nestjs-cls's TypeORM adapter with the lighter transaction above. TypeORM's own path is kept
 * where the two would differ: when entity subscribers are registered (they expect the transaction
 * events) or an isolation level is asked for.
 */
export class TypeOrmTransactionAdapter extends TransactionalAdapterTypeOrm {
  constructor() {
    super({ dataSourceToken: getDataSourceToken() });
    const typeorm = this.optionsFactory;
    this.optionsFactory = (dataSource: DataSource) => {
      const options = typeorm(dataSource);
      return {
        ...options,
        wrapWithTransaction: (txOptions: TypeOrmTransactionOptions, fn: () => Promise<unknown>, setClient: (client?: EntityManager) => void) =>
          txOptions?.isolationLevel || dataSource.subscribers.length > 0 ? options.wrapWithTransaction(txOptions, fn, setClient) : runTransaction(dataSource, fn, setClient),
      };
    };
  }
}
