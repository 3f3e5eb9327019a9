export * from './audit/audit-chain';
export * from './calendar/civil-date';
export * from './calendar/england-bank-holidays';
export * from './calendar/working-days';
export * from './errors/domain-error';
export * from './journeys/forecast';
export * from './reference/mechanisms';
export * from './reference/provider-suppliers';
