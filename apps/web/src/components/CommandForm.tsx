import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, toProblem, type Problem } from '../api/problem';
import { currentToken } from '../auth/session';
import { formFieldFor, missingRequired, type CommandSpec, type Values } from './command-form-model';
import { FormField } from './FormField';

interface Props<Ctx> {
  readonly spec: CommandSpec<Ctx>;
  readonly ctx: Ctx;
  readonly caseId: string;
  readonly revision: number;
  readonly onRecorded?: () => void;
}

/** Sends one command with `If-Match`; API problems land beside their fields; a 412 reloads the case and keeps the input. */
export const sendCommand = async (caseId: string, path: string, body: Record<string, unknown>, revision: number): Promise<unknown> => {
  const response = await fetch(`/api/v1/cases/${caseId}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'If-Match': `"${revision}"`, Authorization: `Bearer ${currentToken() ?? ''}` },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(toProblem(response.status, answer));
  return answer;
};

export function CommandForm<Ctx>({ spec, ctx, caseId, revision, onRecorded }: Props<Ctx>) {
  const idPrefix = useId().replace(/:/g, '');
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => spec.initial(ctx));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const fields = spec.fields(ctx, values);

  const mutation = useMutation({
    mutationFn: () => sendCommand(caseId, spec.path(ctx, values), spec.body(values, ctx), revision),
    onSuccess: async () => {
      setDone(true);
      setValues(spec.initial(ctx));
      onRecorded?.();
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: async (error) => {
      const next = error instanceof ApiError ? error.problem : { status: 0, title: 'Nettverksfeil', detail: String(error) };
      setProblem(next);
      if (next.status === 412) await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });

  const apiErrors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const error of problem?.errors ?? []) {
    const name = formFieldFor(error.field, fields);
    if (name) apiErrors[name] ??= error.message;
    else unplaced.push(`${error.field}: ${error.message}`);
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setProblem(null);
    const errors = { ...missingRequired(fields, values), ...(spec.validate?.(values, ctx) ?? {}) };
    setClientErrors(errors);
    if (Object.keys(errors).length === 0) mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-title`} className="command-form">
      <Heading level={3} data-size="xs" id={`${idPrefix}-title`}>
        {spec.title}
      </Heading>
      {fields.map((field) => (
        <FormField
          key={field.name}
          field={field}
          values={values}
          idPrefix={idPrefix}
          error={clientErrors[field.name] ?? apiErrors[field.name]}
          onChange={(name, value) => setValues((previous) => ({ ...previous, [name]: value }))}
        />
      ))}
      {problem && (
        <Alert data-color={problem.status === 412 ? 'warning' : 'danger'} role="alert">
          {problem.status === 412 ? (
            <Paragraph>
              Noen andre har endret saken mens du skrev. Saken er lastet på nytt, og det du skrev er tatt vare på. Se over og send igjen.
            </Paragraph>
          ) : (
            <>
              <Paragraph>{problem.detail ?? problem.title}</Paragraph>
              {problem.rule && <Paragraph data-size="sm">Regel: {problem.rule}</Paragraph>}
              {unplaced.map((text) => (
                <Paragraph key={text} data-size="sm">
                  {text}
                </Paragraph>
              ))}
            </>
          )}
        </Alert>
      )}
      {done && (
        <Alert data-color="success" role="status">
          <Paragraph>Registrert.</Paragraph>
        </Alert>
      )}
      <Button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? 'Sender …' : spec.submitLabel}
      </Button>
    </form>
  );
}
