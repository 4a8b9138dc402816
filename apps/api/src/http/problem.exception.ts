import { HttpException } from '@nestjs/common';
import { problem, type Problem } from './problem.js';

/** Throw from anywhere in a request to answer with exactly this problem. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }

  static of(status: number, detail?: string, extensions: Omit<Partial<Problem>, 'status'> = {}): ProblemException {
    return new ProblemException(problem(status, detail, extensions));
  }
}
