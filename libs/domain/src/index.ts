export * from './errors/domain-error';
export * from './reference/provider-suppliers';
