import { applyDecorators, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ApiErrorDetail } from '@pairline/contracts';
import { ValidateBy, ValidateIf } from 'class-validator';
import { ValidationFailed } from './http-error.filter';
import {  } from './validation';
import {  } from './validation';

const NOT_NULL = 'notNull';

/** The largest PostgreSQL `integer`: an integer field takes no more (a version, a count, a duration). */
export const INT4_MAX = 2_147_483_647;

function flatten(errors: ValidationError[], prefix = ''): ApiErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    // A null where null is not allowed: that is the problem, not that null is not a string.
    const constraints = error.constraints?.[NOT_NULL] ? { [NOT_NULL]: error.constraints[NOT_NULL] } : error.constraints;
    const own = constraints ? [{ field, problems: Object.values(constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The one rule for optional fields in every DTO: a field left out keeps its value (or takes its
 * default); `null` is accepted only where the field can be empty (`@Nullable()`: null clears
 * it), and refused with a 400 naming the field everywhere else (`@Optional()`). Use these two
 * instead of class-validator's `IsOptional`, which lets `null` through to the service.
 */
export function Optional(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ValidateBy({
      name: NOT_NULL,
      validator: {
        validate: (value) => value !== null,
        defaultMessage: (args) => `${args?.property} cannot be null: leave it out to keep its value`,
      },
    }),
  );
}

/** May be left out (keeps its value) or `null` (clears it); anything else is validated. */
export function Nullable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && value !== null);
}

/**
 * Validates every DTO: unknown fields are refused rather than silently dropped, so a typo in a
 * client never looks like success; every bad field is reported at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}
