import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { ApiError, NETWORK_PROBLEM, toProblem } from '../api/problem';
import { useSession } from '../auth/use-session';
import { missingRequired, type Values } from '../components/command-form-model';
import { FormErrors } from '../components/FormErrors';
import { FormField } from '../components/FormField';
import { useSubmitProblems } from '../components/use-submit-problems';
import { instantToOsloLocal } from '../format/format';
import { formatOrgNumber, HOSPITALS } from '../format/names';
import { admissionBody, admissionFields, validateAdmission, type AdmissionValues, type Hospital as SignedInHospital } from './admission-form';
import { CaseList, useWorklistQuery } from './Worklist';

const AdmissionForm = ({ hospital, onCancel }: { hospital: SignedInHospital; onCancel: () => void }) => {
  const idPrefix = useId().replace(/:/g, '');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const caseId = useRef(crypto.randomUUID());
  const [values, setValues] = useState<AdmissionValues>({
    nationalId: '',
    name: '',
    hospitalName: '',
    department: '',
    municipalityCode: '',
    admittedAt: instantToOsloLocal(new Date()),
    expectedNeeds: '',
  });
  const [pending, setPending] = useState(false);
  const fields = admissionFields(hospital);
  const { problems, attempt, titleRef, alertRef, check, refused } = useSubmitProblems(fields, idPrefix);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check({ ...missingRequired(fields, values as unknown as Values), ...validateAdmission(values) })) return;
    setPending(true);
    try {
      // A client-made caseId makes a retried notice idempotent.
      const { data, error, response } = await api.POST('/api/v1/cases', { body: admissionBody(values, hospital, caseId.current) });
      if (!response.ok || !data) {
        refused(toProblem(response.status, error));
        return;
      }
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      void navigate(`/saker/${data.caseId}`);
    } catch (caught) {
      refused(caught instanceof ApiError ? caught.problem : NETWORK_PROBLEM);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="command-form admission" aria-labelledby="admission-title" data-testid="admission-form">
      <Heading level={2} data-size="sm" id="admission-title" tabIndex={-1} ref={titleRef}>
        Ny innleggelsesmelding
      </Heading>
      <FormErrors problems={problems.summary} attempt={attempt} />
      <dl className="facts" aria-label="Avsender">
        <div className="fact">
          <dt>Sykehus</dt>
          <dd>{hospital.name ?? 'Ikke i navnelisten: skriv navnet under'}</dd>
        </div>
        <div className="fact">
          <dt>Organisasjonsnummer</dt>
          <dd>{formatOrgNumber(hospital.orgNumber)}</dd>
        </div>
      </dl>
      {fields.map((field) => (
        <FormField
          key={field.name}
          field={field}
          values={values as unknown as Values}
          idPrefix={idPrefix}
          error={problems.byField[field.name]}
          onChange={(name, value) => setValues((previous) => ({ ...previous, [name]: value }))}
        />
      ))}
      {problems.alert && (
        <Alert data-color="danger" role="alert" ref={alertRef} tabIndex={-1}>
          <Paragraph>{problems.alert}</Paragraph>
        </Alert>
      )}
      <div className="row">
        <Button type="submit" disabled={pending}>
          {pending ? 'Sender …' : 'Send melding'}
        </Button>
        <Button type="button" variant="tertiary" onClick={onCancel}>
          Avbryt
        </Button>
      </div>
    </form>
  );
};

export default function Hospital() {
  const session = useSession();
  const org = session?.org ?? '';
  const hospital: SignedInHospital = { orgNumber: org, name: HOSPITALS[org] ?? null };
  const [query, setQuery] = useWorklistQuery();
  const [params, setParams] = useSearchParams();
  const writing = params.get('skjema') === 'ny';
  const setWriting = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set('skjema', 'ny');
    else next.delete('skjema');
    setParams(next, { replace: !open }); // opening is a step Back undoes
  };
  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        {hospital.name ?? `Sykehus med org.nr. ${formatOrgNumber(org)}`}
      </Heading>
      <Paragraph>Meld inn pasienter som ventes å trenge kommunale tjenester, og følg sykehusets egne saker.</Paragraph>
      {writing ? (
        <AdmissionForm hospital={hospital} onCancel={() => setWriting(false)} />
      ) : (
        <div>
          <Button onClick={() => setWriting(true)}>Ny innleggelsesmelding</Button>
        </div>
      )}
      <section aria-labelledby="own-cases" className="stack">
        <Heading level={2} data-size="sm" id="own-cases">
          Våre åpne saker
        </Heading>
        <Paragraph data-size="sm">Åpne en sak for å melde utskrivningsklar (§ 9), trekke tilbake, gi anbefaling eller avmelde.</Paragraph>
        <CaseList caption="Sykehusets åpne saker" columns="hospital" query={query} onQuery={setQuery} filters={{ status: 'open' }} />
      </section>
    </div>
  );
}
