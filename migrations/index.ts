import { ProviderSuppliers1795338000000 } from './1795338000000-provider-suppliers';
import { Identity1795339000000 } from './1795339000000-identity';

/** Every migration in order. Never edit one that has landed: add a new one (expand, then contract). */
export const MIGRATIONS = [ProviderSuppliers1795338000000, Identity1795339000000];
