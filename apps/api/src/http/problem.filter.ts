import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { CaseNotFoundError, RuleViolationError, StaleRevisionError } from '#libs/application/case-command-errors.js';
import { WrongExpectedVersionError } from '#libs/event-store/errors.js';
import { PROBLEM_CONTENT_TYPE, problem, type Problem } from './problem.js';
import { ProblemException } from './problem.exception.js';
import { discardUnreadBody } from './unread-body.js';

interface FastifyLikeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message: string;
}

/** Errors Fastify raises while reading a request, before any handler runs. */
const fromFastifyError = (error: FastifyLikeError): Problem | null => {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'The request body is larger than its limit: 1 MiB, or 5 MiB for a hospital message');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'The body is not valid JSON', { errors: [{ field: '', message: 'must be a JSON document' }] });
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return problem(error.statusCode, error.message);
      }
      return null;
  }
};

const fromApplicationError = (error: unknown): Problem | null => {
  if (error instanceof RuleViolationError) return problem(409, error.message, { rule: error.rule });
  if (error instanceof CaseNotFoundError) return problem(404, error.message);
  if (error instanceof StaleRevisionError) {
    return problem(412, `${error.message}: reload the case and try again`, {
      currentRevision: error.actual === null ? null : Number(error.actual),
    });
  }
  if (error instanceof WrongExpectedVersionError) {
    return problem(409, 'The case kept changing while this command was retried; send it again', {
      rule: 'concurrent-modification',
    });
  }
  return null;
};

export const toProblem = (error: unknown): Problem | null => {
  if (error instanceof ProblemException) return error.problem;
  const application = fromApplicationError(error);
  if (application) return application;
  if (error instanceof HttpException) {
    const fromFastify = fromFastifyError({ ...(error.cause as FastifyLikeError), message: error.message });
    return fromFastify ?? problem(error.getStatus(), error.message);
  }
  if (error !== null && typeof error === 'object' && 'code' in error) return fromFastifyError(error as FastifyLikeError);
  return null;
};

export const sendProblem = (reply: FastifyReply, body: Problem): void => {
  discardUnreadBody(reply);
  void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toProblem(exception);
    if (body === null || body.status >= 500) {
      this.logger.error({ err: exception }, 'request failed');
    }
    sendProblem(reply, body ?? problem(500, 'Something went wrong on our side'));
  }
}
