import { HttpException } from '@nestjs/common';
import { problem, type Problem } from './problem.js';

/** Throw from anywhere in a request to answer with exactly this problem (and these headers, e.g. Retry-After). */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem, problem.status);
  }

  static of(
    status: number,
    detail?: string,
    extensions: Omit<Partial<Problem>, 'status'> = {},
    headers: Readonly<Record<string, string>> = {},
  ): ProblemException {
    return new ProblemException(problem(status, detail, extensions), headers);
  }
}
