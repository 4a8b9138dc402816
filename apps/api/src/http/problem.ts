/** RFC 9457 problem details, the one shape every error answer takes. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly rule?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Invalid input',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Refused by a domain rule',
  412: 'The case has changed',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Idempotency key reused with another request',
  429: 'Too many requests',
  431: 'Request headers too large',
  500: 'Internal error',
  503: 'Service unavailable',
};

const SLUGS: Readonly<Record<number, string>> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  409: 'rule-violation',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'idempotency-key-reused',
  429: 'rate-limited',
  431: 'headers-too-large',
  500: 'internal-error',
  503: 'unavailable',
};

export const problem = (status: number, detail?: string, extensions: Omit<Partial<Problem>, 'status'> = {}): Problem => ({
  type: `https://overgang.no/problems/${SLUGS[status] ?? 'error'}`,
  title: TITLES[status] ?? 'Error',
  status,
  ...(detail === undefined ? {} : { detail }),
  ...extensions,
});
