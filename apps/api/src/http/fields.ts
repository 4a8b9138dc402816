import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

/** Composite field decorators: each validates a field and documents it in OpenAPI in one place. */

interface FieldOptions {
  readonly optional?: boolean;
  readonly description?: string;
  readonly example?: unknown;
}

const documented = (options: FieldOptions, schema: Record<string, unknown>): PropertyDecorator =>
  options.optional
    ? ApiPropertyOptional({ ...schema, description: options.description, example: options.example })
    : ApiProperty({ ...schema, description: options.description, example: options.example });

const presence = (options: FieldOptions): PropertyDecorator[] => (options.optional ? [IsOptional()] : []);

export const TextField = (max: number, options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    IsString(),
    IsNotEmpty({ message: '$property must not be empty' }),
    MaxLength(max),
    documented(options, { type: String, maxLength: max }),
  );

export const EnumField = (values: readonly string[], options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` }),
    documented(options, { enum: [...values] }),
  );

export const BooleanField = (options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(...presence(options), IsBoolean(), documented(options, { type: Boolean }));

const ISO_INSTANT_WITH_ZONE = /(Z|[+-]\d{2}:\d{2})$/;

/** An instant: ISO 8601 date-time with an explicit zone, so it never depends on the server's clock settings. */
export const InstantField = (options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO 8601 date-time' }),
    Matches(ISO_INSTANT_WITH_ZONE, { message: '$property must carry a time zone (Z or ±hh:mm)' }),
    documented(options, { type: String, format: 'date-time', example: options.example ?? '2026-03-02T09:30:00+01:00' }),
  );

const isCalendarDate = (value: unknown): boolean => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

function IsCalendarDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a calendar date YYYY-MM-DD', ...validationOptions },
      validator: { validate: isCalendarDate },
    });
}

/** A calendar date in Europe/Oslo, `YYYY-MM-DD`. */
export const LocalDateField = (options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    IsCalendarDate(),
    documented(options, { type: String, format: 'date', example: options.example ?? '2026-03-04' }),
  );

export const UuidField = (options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(...presence(options), IsUUID('all'), documented(options, { type: String, format: 'uuid' }));

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** An id the client makes for something inside a case (visit, presentation, option, decision). */
export const ClientIdField = (options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    IsString(),
    Matches(CLIENT_ID, { message: '$property must be 1-64 letters, digits, "_", "." or "-"' }),
    documented(options, { type: String, pattern: CLIENT_ID.source }),
  );

export const NestedField = (
  type: () => new () => object,
  options: FieldOptions & { readonly array?: { readonly min: number; readonly max: number } } = {},
): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    ...(options.array
      ? [
          IsArray(),
          ArrayMinSize(options.array.min),
          ArrayMaxSize(options.array.max),
          ValidateNested({ each: true }),
        ]
      : [ValidateNested()]),
    Type(type),
    documented(options, { type: options.array ? [type()] : type() }),
  );
