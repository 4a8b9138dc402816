import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min, ValidateBy } from 'class-validator';
import { LADDER_STEPS, LEVELS } from '#libs/domain/participation/allocation-assessment.js';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import { isLocalDate, parseInstant } from '#libs/domain/transfer-case/time.js';
import { OptionalField } from '../http/fields.js';

export const GROUP_BYS = ['municipality', 'hospital', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** A calendar date (a whole day in Europe/Oslo) or an instant with its zone. */
export const isDayOrInstant = (value: unknown): value is string =>
  typeof value === 'string' && (isLocalDate(value) || parseInstant(value) !== null);

const Optional = (description: string, schema: Record<string, unknown>, ...validators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(OptionalField(), ...validators, ApiPropertyOptional({ ...schema, description }));

const DayOrInstant = (description: string): PropertyDecorator =>
  Optional(
    description,
    { type: String, example: '2026-03-01' },
    ValidateBy({
      name: 'isDayOrInstant',
      validator: {
        validate: isDayOrInstant,
        defaultMessage: () => '$property must be a date YYYY-MM-DD or an instant YYYY-MM-DDThh:mm[:ss[.fff]] with Z or ±hh:mm',
      },
    }),
  );

/** The filters every audit query takes (api.md, Queries). */
export class AuditFilterDto {
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

  @DayOrInstant('Decisions at or after this instant, or from the start of this day (Europe/Oslo)')
  from?: string;

  @DayOrInstant('Decisions at or before this instant, or up to the end of this day (Europe/Oslo)')
  to?: string;

  @Optional('Only decisions at this level', { enum: [...LEVELS] }, IsIn([...LEVELS], { message: `$property must be one of: ${LEVELS.join(', ')}` }))
  level?: string;

  @Optional('Only decisions at this ladder step', { enum: [...LADDER_STEPS] }, IsIn([...LADDER_STEPS], { message: `$property must be one of: ${LADDER_STEPS.join(', ')}` }))
  ladderStep?: string;

  @Optional(
    'Wait (up to 2 s) until the projection has processed this position, as a command answered it',
    { type: String, pattern: '^\\d+-\\d+$', example: '1042-7' },
    Matches(/^\d{1,20}-\d{1,20}$/, { message: '$property must be a position <commit>-<prepare>, as commands answer it' }),
  )
  minPosition?: string;
}

export class AllocationsQueryDto extends AuditFilterDto {
  @Optional('nextCursor of the previous page', { type: String }, Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: '$property must be a nextCursor this endpoint gave' }))
  cursor?: string;

  @Optional(
    `Items per page (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`,
    { type: Number, minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    Type(() => Number),
    IsInt({ message: '$property must be a whole number' }),
    Min(1),
    Max(MAX_PAGE_SIZE),
  )
  limit?: number;
}

export class SummaryQueryDto extends AuditFilterDto {
  @IsIn([...GROUP_BYS], { message: `$property must be one of: ${GROUP_BYS.join(', ')}` })
  @ApiProperty({ enum: [...GROUP_BYS], description: 'What each item summarises' })
  groupBy!: GroupBy;
}
