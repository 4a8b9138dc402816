import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { OptionalField } from '../http/fields.js';
import { MonthQuery } from '../http/query-fields.js';

const Optional = (description: string, schema: Record<string, unknown>, ...validators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(OptionalField(), ...validators, ApiPropertyOptional({ ...schema, description }));

/** `GET /liability` (api.md): both filters optional; the caller's scope always applies. */
export class LiabilityQueryDto {
  @Optional(
    'Kommunenummer of the paying municipality (oppholdskommune)',
    { type: String, pattern: '^\\d{4}$', example: '5001' },
    Matches(/^\d{4}$/, { message: '$property must be a municipality code of 4 digits' }),
  )
  municipalityCode?: string;

  @MonthQuery('Only the liable days of this month (Europe/Oslo)')
  month?: string;

  @Optional(
    'Wait (up to 2 s) until the liability projection has processed this position, as a command answered it',
    { type: String, pattern: '^\\d+-\\d+$', example: '1042-7' },
    Matches(/^\d{1,20}-\d{1,20}$/, { message: '$property must be a position <commit>-<prepare>, as commands answer it' }),
  )
  minPosition?: string;
}
