import { applyDecorators, Inject, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import type { AppConfig } from '#libs/config/config.js';
import { isValidMunicipalityCode } from '#libs/domain/identifiers/municipality-code.js';
import { checkNationalId } from '#libs/domain/identifiers/national-id.js';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import { APP_CONFIG } from '../infrastructure/tokens.js';
import { OptionalField } from './fields.js';

/** Resolved through Nest's container (see `useContainer` in bootstrap) so it knows ALLOW_SYNTHETIC_IDS. */
@ValidatorConstraint({ name: 'nationalId' })
@Injectable()
export class NationalIdConstraint implements ValidatorConstraintInterface {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  validate(value: unknown): boolean {
    return typeof value === 'string' && checkNationalId(value, { allowSynthetic: this.config.allowSyntheticIds }).valid;
  }

  defaultMessage(): string {
    return '$property must be a valid fødselsnummer or D-number (11 digits, mod-11 control digits)';
  }
}

@ValidatorConstraint({ name: 'organisationNumber' })
class OrganisationNumberConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidOrganisationNumber(value);
  }
  defaultMessage(): string {
    return '$property must be a valid organisation number (9 digits, mod-11 control digit)';
  }
}

@ValidatorConstraint({ name: 'municipalityCode' })
class MunicipalityCodeConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidMunicipalityCode(value);
  }
  defaultMessage(): string {
    return '$property must be a municipality code of 4 digits';
  }
}

export const NationalIdField = (options: { optional?: boolean; description?: string } = {}): PropertyDecorator =>
  applyDecorators(
    ...(options.optional ? [OptionalField()] : []),
    IsString(),
    Validate(NationalIdConstraint),
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      type: String,
      pattern: '^\\d{11}$',
      description: options.description ?? 'Fødselsnummer or D-number',
    }),
  );

export const OrganisationNumberField = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Validate(OrganisationNumberConstraint),
    ApiProperty({ type: String, pattern: '^\\d{9}$', example: '974749025' }),
  );

export const MunicipalityCodeField = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Validate(MunicipalityCodeConstraint),
    ApiProperty({ type: String, pattern: '^\\d{4}$', example: '3301' }),
  );
