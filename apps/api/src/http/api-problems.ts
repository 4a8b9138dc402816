import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { DOMAIN_RULES } from '#libs/domain/transfer-case/rules.js';

class FieldErrorDto {
  @ApiProperty({ example: 'patient.nationalId' })
  field!: string;

  @ApiProperty()
  message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'https://overgang.no/problems/invalid-input' })
  type!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  status!: number;

  @ApiPropertyOptional()
  detail?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'For 400: one entry per bad field' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    enum: [...DOMAIN_RULES],
    description: 'For 409: the invariant that refused the command; on a 400, a domain rule about one field (named in errors)',
  })
  rule?: string;
}

const problemResponse = (status: number, description: string): MethodDecorator =>
  ApiResponse({ status, description: `${description} (application/problem+json)`, type: ProblemDto });

/** The error answers every authenticated route can give. */
export const ApiReadProblems = (): MethodDecorator =>
  applyDecorators(
    problemResponse(401, 'No or bad token (WWW-Authenticate says which)'),
    problemResponse(403, 'Role not allowed'),
    problemResponse(404, 'Unknown case, or outside your scope'),
    problemResponse(429, 'Rate limited: Retry-After says when to try again'),
    problemResponse(503, 'A dependency is down, or the projection is behind ?minPosition'),
  );

/** The error answers of a command (api.md, Errors). */
export const ApiCommandProblems = (): MethodDecorator =>
  applyDecorators(
    ApiReadProblems(),
    problemResponse(400, 'Invalid input: `errors` lists every bad field'),
    problemResponse(409, 'A domain rule refused the command: see `rule`'),
    problemResponse(412, 'Stale If-Match: the case has moved on'),
    problemResponse(413, 'Body over 1 MiB'),
    problemResponse(415, 'Body is not JSON'),
    problemResponse(422, 'Idempotency-Key reused with another body'),
  );
