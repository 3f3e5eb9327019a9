export * from './errors';
export * from './health';
export * from './listing';
export * from './queues';
export * from './reference-data';
