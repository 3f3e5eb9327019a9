export * from './databases';
export * from './services';
