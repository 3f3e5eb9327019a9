import { DomainError } from '@pairline/domain';
import { QueryFailedError } from 'typeorm';

/** Messages for constraints a user can run into, by constraint name. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  organisation_ods_code_key: 'Another organisation already has this ODS code.',
  product_organisation_name_key: 'A product with this name already exists in your organisation.',
  journey_active_combination_key: 'This product already has an active journey for this mechanism and provider supplier: withdraw it first or open it.',
  journey_stage_planned_check: 'A planned start cannot be after the planned end.',
  blocking_item_dates_check: 'Due and resolved dates cannot be before the raised date.',
  change_freeze_dates_check: 'A freeze cannot end before it starts.',
};

/**
 * A constraint PostgreSQL enforced, as the domain error it means: the last line of defence when
 * two requests race past the service's own checks. The transaction has already failed, so nothing
 * of the request is kept.
 */
export function fromDatabaseError(exception: unknown): DomainError | null {
  if (!(exception instanceof QueryFailedError)) return null;
  const driver = exception.driverError as { code?: string; constraint?: string };
  const constraint = driver.constraint ?? '';
  const known = CONSTRAINT_MESSAGES[constraint];
  switch (driver.code) {
    case '23505':
      return new DomainError('conflict', 'duplicate', known ?? 'A record with the same identifying values already exists.', { constraint });
    case '23503':
      return new DomainError('unprocessable', 'invalid_reference', known ?? 'This refers to a record that does not exist, or is still referred to by others.', { constraint });
    case '23514':
      return new DomainError('unprocessable', 'constraint_violated', known ?? `The values break a rule of the data (${constraint}).`, { constraint });
    // Data exceptions (a number past its column's range, a malformed id or date in a path): what
    // validation should have caught, refused rather than answered as a server fault.
    case '22003':
    case '22P02':
    case '22007':
    case '22008':
      return new DomainError('invalid', 'invalid_value', 'A value is out of range or malformed for the field it is stored in; nothing was changed.');
    default:
      return null;
  }
}
