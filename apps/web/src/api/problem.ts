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

export const toProblem = (status: number, body: unknown): Problem => {
  if (body && typeof body === 'object' && 'status' in body && 'title' in body) return body as Problem;
  return { status, title: `HTTP ${status}` };
};

/** The field errors keyed by field path (`options[0].consequences`), the first message of each. */
export const fieldErrors = (problem: Problem | null | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const error of problem?.errors ?? []) out[error.field] ??= error.message;
  return out;
};

/** Field errors the form has no field for, so they are still shown somewhere. */
export const unplacedErrors = (problem: Problem | null | undefined, placed: readonly string[]): FieldError[] =>
  (problem?.errors ?? []).filter((error) => !placed.includes(error.field));
