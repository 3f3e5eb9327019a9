export * from './app.module';
export * from './config/app-config';
export * from './http/http-app';
export * from './seed/demo-seed';
export * from './worker.module';
export * from './admin/admin-commands';
export * from './cli.module';
export * from './database/migrate';
