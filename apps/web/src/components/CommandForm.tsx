import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { postCommand } from '../api/client';
import { ApiError, NETWORK_PROBLEM } from '../api/problem';
import type { CommandAnswer } from '../api/types';
import { missingRequired, type CommandSpec, type Values } from './command-form-model';
import { FormErrors } from './FormErrors';
import { FormField } from './FormField';
import { useSubmitProblems } from './use-submit-problems';

interface Props<Ctx> {
  readonly spec: CommandSpec<Ctx>;
  readonly ctx: Ctx;
  readonly caseId: string;
  readonly revision: number;
  readonly onRecorded: (answer: CommandAnswer) => void | Promise<void>;
  readonly onCancel?: () => void;
}

/**
 * One command's form. Sends with `If-Match`; on a failed submit an error summary takes focus and links to each field;
 * a 412 reloads the case and keeps what was typed. On success the page takes over (it closes the form and confirms).
 */
export function CommandForm<Ctx>({ spec, ctx, caseId, revision, onRecorded, onCancel }: Props<Ctx>) {
  const idPrefix = useId().replace(/:/g, '');
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => spec.initial(ctx));
  const fields = spec.fields(ctx, values);
  const { problems, problem, attempt, titleRef, alertRef, check, refused } = useSubmitProblems(fields, idPrefix);

  const mutation = useMutation({
    mutationFn: () => postCommand(caseId, spec.path(ctx, values), spec.body(values, ctx), revision),
    onSuccess: (answer) => onRecorded(answer),
    onError: async (error) => {
      const next = error instanceof ApiError ? error.problem : NETWORK_PROBLEM;
      refused(next);
      if (next.status === 412) await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check({ ...missingRequired(fields, values), ...(spec.validate?.(values, ctx) ?? {}) })) mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-title`} className="command-form" data-testid="command-form">
      <Heading level={2} data-size="sm" id={`${idPrefix}-title`} tabIndex={-1} ref={titleRef} className="command-form-title">
        {spec.title}
      </Heading>
      <FormErrors problems={problems.summary} attempt={attempt} />
      {fields.map((field) => (
        <FormField
          key={field.name}
          field={field}
          values={values}
          idPrefix={idPrefix}
          error={problems.byField[field.name]}
          onChange={(name, value) => setValues((previous) => ({ ...previous, [name]: value }))}
        />
      ))}
      {problems.alert && (
        <Alert data-color={problem?.status === 412 ? 'warning' : 'danger'} role="alert" ref={alertRef} tabIndex={-1}>
          <Paragraph>{problems.alert}</Paragraph>
        </Alert>
      )}
      <div className="row">
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Sender …' : spec.submitLabel}
        </Button>
        {onCancel && (
          <Button type="button" variant="tertiary" onClick={onCancel}>
            Avbryt
          </Button>
        )}
      </div>
    </form>
  );
}
