import { Alert, Button, Fieldset, Heading, Paragraph, Radio, Spinner } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { errorMessage } from '../api/problem-messages';
import { startOidcSignIn } from '../auth/oidc';
import { signIn, type Role } from '../auth/session';

/** The development picker's identities: the sample hospitals and municipalities. */
export const DEV_IDENTITIES: { id: string; role: Role; org: string; text: string; name: string }[] = [
  { id: 'stolav', role: 'hospital_staff', org: '974749025', text: 'Sykehuspersonell, St. Olavs hospital', name: 'Sykepleier St. Olavs' },
  { id: 'unn', role: 'hospital_staff', org: '983974899', text: 'Sykehuspersonell, Universitetssykehuset Nord-Norge', name: 'Sykepleier UNN' },
  { id: 'trondheim', role: 'allocation_officer', org: '5001', text: 'Saksbehandler, tildelingskontoret i Trondheim', name: 'Saksbehandler Trondheim' },
  { id: 'tromso', role: 'allocation_officer', org: '5501', text: 'Saksbehandler, tildelingskontoret i Tromsø', name: 'Saksbehandler Tromsø' },
  { id: 'drammen', role: 'allocation_officer', org: '3301', text: 'Saksbehandler, tildelingskontoret i Drammen', name: 'Saksbehandler Drammen' },
  { id: 'auditor', role: 'quality_auditor', org: '*', text: 'Kvalitetsrevisor (alle kommuner)', name: 'Kvalitetsrevisor' },
  { id: 'admin', role: 'admin', org: '*', text: 'Administrator', name: 'Administrator' },
];

const DevPicker = () => {
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const identity = DEV_IDENTITIES.find((candidate) => candidate.id === choice);
    if (!identity) {
      setError('Velg en rolle');
      return;
    }
    setPending(true);
    try {
      const answer = await unwrap(api.POST('/api/v1/dev/token', { body: { role: identity.role, org: identity.org, name: identity.name } }));
      signIn(answer.accessToken);
    } catch (caught) {
      setError(`Innloggingen feilet. ${errorMessage(caught)}`);
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} className="stack" noValidate>
      <Fieldset>
        <Fieldset.Legend>Velg rolle (utviklingsmodus)</Fieldset.Legend>
        <Fieldset.Description>Kun for utvikling og test: ingen ekte innlogging.</Fieldset.Description>
        {DEV_IDENTITIES.map((identity) => (
          <Radio
            key={identity.id}
            name="identity"
            value={identity.id}
            label={identity.text}
            checked={choice === identity.id}
            onChange={() => {
              setChoice(identity.id);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
          />
        ))}
      </Fieldset>
      {error && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      <div>
        <Button type="submit" disabled={pending}>
          Logg inn
        </Button>
      </div>
    </form>
  );
};

export const SignIn = () => {
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => unwrap(api.GET('/api/v1/auth/config')) });
  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        Logg inn i Overgang
      </Heading>
      <Paragraph>Overføring av pasienter fra sykehus til kommunale helse- og omsorgstjenester.</Paragraph>
      {config.isPending && <Spinner aria-label="Laster …" />}
      {config.data?.mode === 'dev' && <DevPicker />}
      {config.data?.mode === 'oidc' && config.data.authority && config.data.clientId && (
        <div>
          <Button
            onClick={() => {
              const { authority, clientId, scope } = config.data ?? {};
              if (authority && clientId) void startOidcSignIn({ authority, clientId, scope: scope ?? 'openid' });
            }}
          >
            Logg inn
          </Button>
        </div>
      )}
      {config.data?.mode === 'oidc' && !(config.data.authority && config.data.clientId) && (
        <Alert data-color="warning" role="alert">
          <Paragraph>Innlogging er ikke satt opp for nettleseren ennå (AUTH_WEB_CLIENT_ID mangler). Kontakt driften.</Paragraph>
        </Alert>
      )}
      {config.isError && (
        <Alert data-color="danger" role="alert">
          <Paragraph>Fikk ikke kontakt med tjenesten. Prøv igjen om litt.</Paragraph>
        </Alert>
      )}
    </div>
  );
};
