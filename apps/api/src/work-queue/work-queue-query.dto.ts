import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min, ValidateBy } from 'class-validator';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import { isLocalDate, parseInstant } from '#libs/domain/transfer-case/time.js';
import { CASE_STATUSES } from '#libs/domain/transfer-case/state.js';
import { OptionalField } from '../http/fields.js';

export const MAX_QUEUE_PAGE = 200;
export const DEFAULT_QUEUE_PAGE = 50;

const Optional = (description: string, schema: Record<string, unknown>, ...validators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(OptionalField(), ...validators, ApiPropertyOptional({ ...schema, description }));

/** `GET /cases`: the work queue's filters and page (api.md, Queries). */
export class WorkQueueQueryDto {
  @Optional("Only cases in this status; `open`: notified, awaiting_decision or decided", { enum: [...CASE_STATUSES, 'open'] }, IsIn([...CASE_STATUSES, 'open'], { message: `$property must be one of: ${[...CASE_STATUSES, 'open'].join(', ')}` }))
  status?: string;

  @Optional('Kommunenummer', { type: String, pattern: '^\\d{4}$', example: '5001' }, Matches(/^\d{4}$/, { message: '$property must be a municipality code of 4 digits' }))
  municipalityCode?: string;

  @Optional(
    "The hospital's organisation number",
    { type: String, pattern: '^\\d{9}$', example: '974749025' },
    ValidateBy({
      name: 'isOrganisationNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidOrganisationNumber(value),
        defaultMessage: () => '$property must be a valid organisation number (9 digits, mod-11 control digit)',
      },
    }),
  )
  hospitalOrgNumber?: string;

  @Optional(
    'Only cases declared ready for discharge before this instant, or before the start of this day (Europe/Oslo)',
    { type: String, example: '2026-03-01' },
    ValidateBy({
      name: 'isDayOrInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && (isLocalDate(value) || parseInstant(value) !== null),
        defaultMessage: () => '$property must be a date YYYY-MM-DD or an instant YYYY-MM-DDThh:mm[:ss[.fff]] with Z or ±hh:mm',
      },
    }),
  )
  readyBefore?: string;

  @Optional('nextCursor of the previous page', { type: String }, Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: '$property must be a nextCursor this endpoint gave' }))
  cursor?: string;

  @Optional(
    `Items per page (1-${MAX_QUEUE_PAGE}, default ${DEFAULT_QUEUE_PAGE})`,
    { type: Number, minimum: 1, maximum: MAX_QUEUE_PAGE, default: DEFAULT_QUEUE_PAGE },
    Type(() => Number),
    IsInt({ message: '$property must be a whole number' }),
    Min(1, { message: '$property must be at least 1' }),
    Max(MAX_QUEUE_PAGE, { message: `$property must be at most ${MAX_QUEUE_PAGE}` }),
  )
  limit?: number;

  @Optional(
    'Wait (up to 2 s) until the projection has processed this position, as a command answered it',
    { type: String, pattern: '^\\d+-\\d+$', example: '1042-7' },
    Matches(/^\d{1,20}-\d{1,20}$/, { message: '$property must be a position <commit>-<prepare>, as commands answer it' }),
  )
  minPosition?: string;
}
