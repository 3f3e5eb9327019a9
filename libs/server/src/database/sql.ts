import { ROLES } from '@pairline/contracts';

/** The roles as an SQL list, for CHECK constraints that must match the migration's. */
export const ROLE_SQL_LIST = ROLES.map((role) => `'${role}'`).join(', ');
