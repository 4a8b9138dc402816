import { fieldMessage, problemMessage, UNPLACED_FIELDS } from '../api/problem-messages';
import type { Problem } from '../api/problem';
import { formFieldFor, plainLabel, type FieldSpec } from './command-form-model';
import type { FormProblem } from './FormErrors';

export interface FormProblems {
  /** One message per field, shown beside it. */
  readonly byField: Record<string, string>;
  /** The error summary: every problem once, linked to its field. */
  readonly summary: FormProblem[];
  /** A problem that is not about the input (network, access, conflict with another edit, server): an alert. */
  readonly alert: string | null;
}

/**
 * The problems of a failed submit, in bokmål: the form's own checks and the API's answer. Field errors go beside
 * their fields (one each) and into the summary; what the API refused as a whole (a rule) goes into the summary; the
 * rest is an alert. The API's English text is never shown.
 */
export const formProblems = (
  fields: readonly Pick<FieldSpec, 'name' | 'label' | 'apiField'>[],
  clientErrors: Record<string, string>,
  problem: Problem | null,
  idOf: (name: string) => string,
): FormProblems => {
  const byField: Record<string, string> = { ...clientErrors };
  let unplaced = false;
  if (problem?.status === 400) {
    for (const error of problem.errors ?? []) {
      const name = formFieldFor(error.field, fields);
      const field = fields.find((candidate) => candidate.name === name);
      if (name && field) byField[name] ??= fieldMessage(error, plainLabel(field.label));
      else unplaced = true;
    }
  }
  const ordered = fields.filter((field) => byField[field.name] !== undefined);
  const summary: FormProblem[] = ordered.map((field) => ({ target: idOf(field.name), message: byField[field.name]! }));
  const refusedAsWhole = problem !== null && (problem.status === 409 || (problem.status === 400 && (unplaced || !problem.errors?.length)));
  if (refusedAsWhole) summary.push({ target: null, message: unplaced ? UNPLACED_FIELDS : problemMessage(problem) });
  const alert = problem !== null && problem.status !== 400 && problem.status !== 409 ? problemMessage(problem) : null;
  return { byField, summary, alert };
};
