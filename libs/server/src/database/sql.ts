import { ROLES } from '@pairline/contracts';

/** The roles as an SQL list, for CHECK constraints that must match the migration's. */
export const ROLE_SQL_LIST = ROLES.map((role) => `'${role}'`).join(', ');

/** Literal values as an SQL list, for CHECK constraints built from the domain's constants. */
export const sqlList = (values: readonly string[]) => values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
