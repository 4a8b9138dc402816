import type { DomainRule } from '#libs/domain/transfer-case/rules.js';

/** A domain rule refused the command; nothing was recorded. */
export class RuleViolationError extends Error {
  override readonly name = 'RuleViolationError';
  constructor(
    readonly rule: DomainRule,
    message: string,
    /** Set when the rule is about this input field alone (an invalid input, not a conflict with the case). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The case does not exist, or the caller may not see it: the two look the same from outside. */
export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
  constructor(readonly caseId: string) {
    super(`No case ${caseId}`);
  }
}

/** The caller's `If-Match` revision is not the case's revision. */
export class StaleRevisionError extends Error {
  override readonly name = 'StaleRevisionError';
  constructor(
    readonly expected: bigint,
    readonly actual: bigint | null,
  ) {
    super(`The case is at revision ${actual ?? 'none'}, not ${expected}`);
  }
}
