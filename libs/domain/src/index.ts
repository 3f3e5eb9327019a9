export * from './audit/audit-chain';
export * from './errors/domain-error';
export * from './reference/provider-suppliers';
