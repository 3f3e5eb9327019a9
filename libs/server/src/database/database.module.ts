import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { Db } from './db.service';
import { DatabaseRoleCheck } from './role-check';
import { TypeOrmTransactionAdapter } from './transaction-adapter';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database, 'pairline', config.database.appRole),
        // Boot fails fast with the real error instead of retrying silently for minutes.
        retryAttempts: 0,
      }),
    }),
    ClsModule.forRoot({
      global: true,
      // No per-request middleware: Db.transaction opens a CLS context when it needs one, which
      // spares every request an Express-style middleware hop through @fastify/middie.
      plugins: [
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TypeOrmTransactionAdapter(),
        }),
      ],
    }),
  ],
  providers: [Db, DatabaseRoleCheck],
  exports: [Db],
})
export class DatabaseModule {}
