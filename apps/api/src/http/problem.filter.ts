import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { CaseNotFoundError, RuleViolationError, StaleRevisionError } from '#libs/application/case-command-errors.js';
import { CaseUnreadableError } from '#libs/application/case-unreadable.js';
import { WrongExpectedVersionError } from '#libs/event-store/errors.js';
import { isDatabaseUnavailable } from '#libs/postgres/unavailable.js';
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
  if (error instanceof RuleViolationError) {
    if (error.field !== undefined) {
      return problem(400, error.message, { rule: error.rule, errors: [{ field: error.field, message: error.message }] });
    }
    return problem(409, error.message, { rule: error.rule });
  }
  if (error instanceof CaseNotFoundError) return problem(404, error.message);
  if (error instanceof CaseUnreadableError) {
    // The case's stored events, not this request, are what cannot be handled: it is isolated and operators see it.
    return problem(
      409,
      `Case ${error.caseId} cannot be read by this version of overgang (${error.at.error}). It is marked failing for ` +
        'operations (/health, /api/v1/admin/failing-cases) and can be retried once fixed; every other case works as usual.',
      {
        type: 'https://overgang.no/problems/case-unreadable',
        title: 'The case cannot be read',
        failingAt: { position: error.at.position, eventType: error.at.eventType, revision: error.at.revision },
      },
    );
  }
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

/** How long a client is asked to wait before retrying a request that met an unreachable database. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

export const toProblem = (error: unknown): Problem | null => {
  if (error instanceof ProblemException) return error.problem;
  const application = fromApplicationError(error);
  if (application) return application;
  if (isDatabaseUnavailable(error)) return problem(503, 'The database cannot be reached; retry shortly');
  if (error instanceof HttpException) {
    const fromFastify = fromFastifyError({ ...(error.cause as FastifyLikeError), message: error.message });
    return fromFastify ?? problem(error.getStatus(), error.message);
  }
  if (error !== null && typeof error === 'object' && 'code' in error) return fromFastifyError(error as FastifyLikeError);
  return null;
};

export const sendProblem = (reply: FastifyReply, body: Problem, headers: Readonly<Record<string, string>> = {}): void => {
  discardUnreadBody(reply);
  void reply.status(body.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE);
  if (body.status === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  void reply.send(body);
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  #unavailableLoggedAt = 0;

  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toProblem(exception);
    if (exception instanceof ProblemException) {
      // A deliberate answer: no stack trace, and a 503 (a dependency down) is said in one line.
      if (body!.status >= 500) this.logger.warn({ status: body!.status, detail: body!.detail }, 'request answered unavailable');
      sendProblem(reply, body!, exception.headers);
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // Every request fails alike during an outage: say so once in a while, not once per request.
      if (Date.now() - this.#unavailableLoggedAt > 10_000) {
        this.#unavailableLoggedAt = Date.now();
        this.logger.warn({ error: (exception as Error).message }, 'PostgreSQL unreachable: answering 503');
      }
    } else if (body === null || body.status >= 500) {
      this.logger.error({ err: exception }, 'request failed');
    }
    sendProblem(reply, body ?? problem(500, 'Something went wrong on our side'));
  }
}
