import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min, Validate, ValidateBy } from 'class-validator';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import { isLocalDate, parseInstant } from '#libs/domain/transfer-case/time.js';
import { IsWithinTimeBounds, OptionalField } from './fields.js';
import { WithinTimeBoundsConstraint } from './time-constraints.js';

/** Composite decorators for query parameters: each validates one and documents it in OpenAPI. */

export const OptionalQuery = (description: string, schema: Record<string, unknown>, ...validators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(OptionalField(), ...validators, ApiPropertyOptional({ ...schema, description }));

/** A calendar date (a whole day in Europe/Oslo) or an instant with its zone. */
export const isDayOrInstant = (value: unknown): value is string =>
  typeof value === 'string' && (isLocalDate(value) || parseInstant(value) !== null);

export const DayOrInstantQuery = (description: string): PropertyDecorator =>
  OptionalQuery(
    description,
    { type: String, example: '2026-03-01' },
    ValidateBy({
      name: 'isDayOrInstant',
      validator: {
        validate: isDayOrInstant,
        defaultMessage: () => '$property must be a date YYYY-MM-DD or an instant YYYY-MM-DDThh:mm[:ss[.fff]] with Z or ±hh:mm',
      },
    }),
    IsWithinTimeBounds(),
  );

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month `YYYY-MM` (Europe/Oslo), within the bounds of dates. */
export const MonthQuery = (description: string): PropertyDecorator =>
  OptionalQuery(
    description,
    { type: String, pattern: MONTH.source, example: '2024-05' },
    Matches(MONTH, { message: '$property must be a month YYYY-MM' }),
    Validate(WithinTimeBoundsConstraint, ['month']),
  );

export const MunicipalityCodeQuery = (description = 'Kommunenummer'): PropertyDecorator =>
  OptionalQuery(description, { type: String, pattern: '^\\d{4}$', example: '5001' }, Matches(/^\d{4}$/, { message: '$property must be a municipality code of 4 digits' }));

export const HospitalOrgNumberQuery = (): PropertyDecorator =>
  OptionalQuery(
    "The hospital's organisation number",
    { type: String, pattern: '^\\d{9}$', example: '974749025' },
    ValidateBy({
      name: 'isOrganisationNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidOrganisationNumber(value),
        defaultMessage: () => '$property must be a valid organisation number (9 digits, mod-11 control digit)',
      },
    }),
  );

export const CursorQuery = (): PropertyDecorator =>
  OptionalQuery('nextCursor of the previous page', { type: String }, Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: '$property must be a nextCursor this endpoint gave' }));

export const PageSizeQuery = (max: number, fallback: number): PropertyDecorator =>
  OptionalQuery(
    `Items per page (1-${max}, default ${fallback})`,
    { type: Number, minimum: 1, maximum: max, default: fallback },
    Type(() => Number),
    IsInt({ message: '$property must be a whole number' }),
    Min(1, { message: '$property must be at least 1' }),
    Max(max, { message: `$property must be at most ${max}` }),
  );

export const MinPositionQuery = (): PropertyDecorator =>
  OptionalQuery(
    'Wait (up to 2 s) until the projection has processed this position, as a command answered it',
    { type: String, pattern: '^\\d+-\\d+$', example: '1042-7' },
    Matches(/^\d{1,20}-\d{1,20}$/, { message: '$property must be a position <commit>-<prepare>, as commands answer it' }),
  );
