/** RFC 9457 problem details, as every API error answers. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type?: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly rule?: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

/** No answer at all: the network or the server is down (`fetch` rejected). */
export const NETWORK_PROBLEM: Problem = { status: 0, title: 'No answer from the server' };

export const toProblem = (status: number, body: unknown): Problem => {
  if (body && typeof body === 'object' && 'status' in body && 'title' in body) return body as Problem;
  return { status, title: `HTTP ${status}` };
};
