import { Injectable, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem.js';
import { ProblemException } from './problem.exception.js';

const childPath = (parent: string, property: string): string =>
  /^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property;

/** class-validator's tree of errors as one flat list, one entry per bad field: `options[0].consequences`. */
export const flattenValidationErrors = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const path = childPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field: path,
      message: message.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });

export const invalidInput = (errors: readonly FieldError[]): ProblemException =>
  ProblemException.of(400, `${errors.length} field${errors.length === 1 ? ' is' : 's are'} invalid`, { errors });

/** Validates every body against its DTO: unknown fields refused, each bad field reported by its path. */
@Injectable()
export class BodyValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      stopAtFirstError: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalidInput(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw invalidInput([{ field: '', message: 'the body must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}
