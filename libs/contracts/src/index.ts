export * from './errors';
export * from './health';
export * from './identity';
export * from './listing';
export * from './permissions';
export * from './queues';
export * from './reference-data';
export * from './journeys';
