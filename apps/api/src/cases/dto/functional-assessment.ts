import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import { OptionalField } from '../../http/fields.js';

const VARIABLE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_VARIABLES = 40;

const isAssessment = (value: unknown): boolean => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_VARIABLES &&
    entries.every(([name, score]) => VARIABLE.test(name) && Number.isInteger(score) && score >= 1 && score <= 5)
  );
};

/** IPLOS-style variables, each scored 1–5: `{ "personligHygiene": 3, "bevegelse": 4 }`. */
export const FunctionalAssessmentField = (): PropertyDecorator =>
  applyDecorators(
    OptionalField(),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isFunctionalAssessment',
        target: target.constructor,
        propertyName: propertyName as string,
        options: {
          message: `$property must map up to ${MAX_VARIABLES} variable names to whole scores from 1 to 5`,
        },
        validator: { validate: isAssessment },
      }),
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
      description: 'IPLOS-style functional assessment: variable name → score 1–5',
    }),
  );
