import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';

export interface TransactionOptions {
  /** Tenant for PostgreSQL row-level security, set local to this transaction only. */
  readonly organisationId?: string;
  /** The acting user: lets them see their own memberships in other organisations. */
  readonly userId?: string;
  /** Hash of a secret being looked up before the tenant is known (invitation link, API token). */
  readonly lookupTokenHash?: string;
}

/** What the open transaction's settings are, so nested units of work do not set them again. */
const TENANT_KEY = 'pairline.tenant';

/** The tenant settings, local to the open transaction (a session-level one would leak to the next borrower of the connection). */
const SET_TENANT = `SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true), set_config('app.lookup_token', $3, true)`;
const tenantParams = (o: TransactionOptions) => [o.organisationId ?? '', o.userId ?? '', o.lookupTokenHash ?? ''];

const tenantKey = (o: TransactionOptions) => `${o.organisationId ?? ''}|${o.userId ?? ''}|${o.lookupTokenHash ?? ''}`;

/**
 * The single way services reach the database. Everything runs inside one transaction per unit of
 * work, on that transaction's own connection: a query issued outside the open transaction would
 * need a second connection (with a pool of one it would wait for the first forever). A unit of
 * work started inside an open one (a request's transaction) joins it.
 */
@Injectable()
export class Db {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
  ) {}

  /** The current transaction's manager (or a non-transactional one outside `transaction`). */
  get manager(): EntityManager {
    return this.txHost.tx;
  }

  /**
   * Changes the tenant settings within the open transaction, for the few flows that learn the
   * organisation part-way (authentication, login). `true` = local to this transaction: a
   * session-level setting would leak to the next request that borrows this pooled connection.
   */
  async setTenant(manager: EntityManager, options: TransactionOptions): Promise<void> {
    await manager.query(SET_TENANT, tenantParams(options));
    this.noteTenant(options);
  }

  /** Records settings made by SQL itself (the authentication functions set them in the transaction). */
  noteTenant(options: TransactionOptions): void {
    if (this.cls.isActive() && this.txHost.isTransactionActive()) this.cls.set(TENANT_KEY, tenantKey(options));
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    // Joining an open transaction that already has these settings need not set them again.
    const nested = this.cls.isActive() && this.txHost.isTransactionActive();
    const wanted = options.organisationId || options.userId || options.lookupTokenHash;
    // Nor open a nested context to join it (a request's handler joining the request's transaction).
    if (nested && (!wanted || this.cls.get(TENANT_KEY) === tenantKey(options))) {
      try {
        return work(this.txHost.tx);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const run = () =>
      this.txHost.withTransaction(async () => {
        if (wanted) await this.setTenant(this.txHost.tx, options);
        return work(this.txHost.tx);
      });
    return this.cls.isActive() ? run() : this.cls.run(run);
  }

  /** Runs `work` in one transaction with no tenant yet: a request's own transaction. */
  requestTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.cls.run(() => this.txHost.withTransaction(() => work(this.txHost.tx)));
  }
}
