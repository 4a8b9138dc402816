import { ErrorSummary } from '@digdir/designsystemet-react';

export interface FormProblem {
  /** The id of the field (or fieldset) the link moves focus to; null for a problem with the form as a whole. */
  readonly target: string | null;
  readonly message: string;
}

/**
 * Designsystemet's error summary after a failed submit: it takes focus when shown (the element does so itself when it
 * connects, so a new `attempt` remounts it) and links each problem to its field.
 */
export const FormErrors = ({ problems, attempt }: { problems: readonly FormProblem[]; attempt: number }) => {
  if (problems.length === 0) return null;
  return (
    <ErrorSummary key={attempt} data-testid="error-summary">
      <ErrorSummary.Heading level={2} data-size="xs">
        For å gå videre må du rette opp følgende:
      </ErrorSummary.Heading>
      <ErrorSummary.List>
        {problems.map((problem) => (
          <ErrorSummary.Item key={`${problem.target}:${problem.message}`}>
            {problem.target ? (
              <ErrorSummary.Link
                href={`#${problem.target}`}
                onClick={(event) => {
                  const field = document.getElementById(problem.target!);
                  if (!field) return;
                  event.preventDefault();
                  field.scrollIntoView({ block: 'center' });
                  (field.matches('input, select, textarea') ? field : (field.querySelector<HTMLElement>('input, select, textarea') ?? field)).focus();
                }}
              >
                {problem.message}
              </ErrorSummary.Link>
            ) : (
              problem.message
            )}
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
};
