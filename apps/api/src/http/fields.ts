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
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  Validate,
  ValidateNested,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { parseInstant } from '#libs/domain/transfer-case/time.js';
import { NotInFutureConstraint, WithinTimeBoundsConstraint } from './time-constraints.js';

/** Composite field decorators: each validates a field and documents it in OpenAPI in one place. */

interface FieldOptions {
  readonly optional?: boolean;
  readonly description?: string;
  readonly example?: unknown;
}

interface TimeFieldOptions extends FieldOptions {
  /** A plan (a visit's time, a start date), which may lie ahead; otherwise a fact, which may not. */
  readonly planned?: boolean;
}

const documented = (options: FieldOptions, schema: Record<string, unknown>): PropertyDecorator =>
  options.optional
    ? ApiPropertyOptional({ ...schema, description: options.description, example: options.example })
    : ApiProperty({ ...schema, description: options.description, example: options.example });

/** An optional field may be left out, but not sent as null (IsOptional would let null through to the command). */
export const OptionalField = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

const presence = (options: FieldOptions): PropertyDecorator[] => (options.optional ? [OptionalField()] : []);

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

/** The same instants the domain reads (parseInstant): ISO 8601 forms it cannot read, e.g. ordinal dates, are 400 here, not 409. */
function IsDomainInstant(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDomainInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an instant YYYY-MM-DDThh:mm[:ss[.fff]] with Z or ±hh:mm' },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== null },
    });
}

/** Between 2000-01-01 and two years after today (domain.md, Values). */
export const IsWithinTimeBounds = (): PropertyDecorator => Validate(WithinTimeBoundsConstraint);

/** A fact has happened (domain.md, Values): not in the future. */
const factOrPlan = (options: TimeFieldOptions): PropertyDecorator[] => (options.planned ? [] : [Validate(NotInFutureConstraint)]);

/**
 * An instant: ISO 8601 date-time with an explicit zone, so it never depends on the server's clock settings. A fact
 * unless `planned`.
 */
export const InstantField = (options: TimeFieldOptions = {}): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO 8601 date-time' }),
    Matches(ISO_INSTANT_WITH_ZONE, { message: '$property must carry a time zone (Z or ±hh:mm)' }),
    IsDomainInstant(),
    IsWithinTimeBounds(),
    ...factOrPlan(options),
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

/** A calendar date in Europe/Oslo, `YYYY-MM-DD`. A fact unless `planned`. */
export const LocalDateField = (options: TimeFieldOptions = {}): PropertyDecorator =>
  applyDecorators(
    ...presence(options),
    IsCalendarDate(),
    IsWithinTimeBounds(),
    ...factOrPlan(options),
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
          // ValidateNested alone takes an array where an object belongs, and validates its elements instead.
          IsObject({ each: true, message: 'each value in $property must be an object' }),
          ValidateNested({ each: true }),
        ]
      : [IsObject({ message: '$property must be an object' }), ValidateNested()]),
    Type(type),
    documented(options, { type: options.array ? [type()] : type() }),
  );
