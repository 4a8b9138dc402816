import { useEffect, useRef, useState } from 'react';
import type { Problem } from '../api/problem';
import type { FieldSpec } from './command-form-model';
import { fieldId } from './FormField';
import { formProblems } from './form-problems';

/**
 * A form's failed submits, as Designsystemet advises: the form's heading takes focus when it opens, the error
 * summary on each failed attempt (it remounts), an alert when the problem is not about the input.
 */
export const useSubmitProblems = (fields: readonly FieldSpec[], idPrefix: string) => {
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const problems = formProblems(fields, clientErrors, problem, (name) => fieldId(idPrefix, name));
  useEffect(() => titleRef.current?.focus(), []);
  useEffect(() => {
    if (problems.alert) alertRef.current?.focus();
  }, [attempt, problems.alert]);
  return {
    problems,
    problem,
    attempt,
    titleRef,
    alertRef,
    /** The form's own checks before sending: true when there is nothing to fix. */
    check: (errors: Record<string, string>): boolean => {
      setProblem(null);
      setClientErrors(errors);
      const clean = Object.keys(errors).length === 0;
      if (!clean) setAttempt((count) => count + 1);
      return clean;
    },
    /** The API refused (or could not be reached). */
    refused: (next: Problem): void => {
      setProblem(next);
      setAttempt((count) => count + 1);
    },
  };
};
