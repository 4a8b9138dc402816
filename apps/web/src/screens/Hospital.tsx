import { Alert, Button, Field, Heading, Label, Paragraph, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { fieldErrors, toProblem, type Problem } from '../api/problem';
import { useSession } from '../auth/use-session';
import { instantToOsloLocal } from '../format/format';
import { HOSPITAL, MUNICIPALITY } from '../format/labels';
import { admissionBody, validateAdmission, type AdmissionValues } from './admission-form';
import { CaseTable } from './Worklist';

const AdmissionForm = ({ orgNumber }: { orgNumber: string }) => {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const caseId = useRef(crypto.randomUUID());
  const [values, setValues] = useState<AdmissionValues>({
    nationalId: '',
    name: '',
    orgNumber,
    hospitalName: HOSPITAL[orgNumber] ?? '',
    department: '',
    municipalityCode: '',
    admittedAt: instantToOsloLocal(new Date()),
    expectedNeeds: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const set = (key: keyof AdmissionValues) => (event: { target: { value: string } }) =>
    setValues((previous) => ({ ...previous, [key]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found = validateAdmission(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    // A client-made caseId makes a retried notice idempotent.
    const { data, error, response } = await api.POST('/api/v1/cases', { body: admissionBody(values, caseId.current) });
    setPending(false);
    if (!response.ok || !data) {
      const next = toProblem(response.status, error);
      setProblem(next);
      setErrors(fieldErrors(next));
      return;
    }
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
    void navigate(`/saker/${data.caseId}`);
  };

  return (
    <form onSubmit={submit} noValidate className="command-form" aria-labelledby="admission-title">
      <Heading level={2} data-size="sm" id="admission-title">
        Ny innleggelsesmelding
      </Heading>
      <Textfield id="nationalId" label="Fødselsnummer eller D-nummer" inputMode="numeric" autoComplete="off" value={values.nationalId} onChange={set('nationalId')} error={errors['patient.nationalId']} required />
      <Textfield id="patientName" label="Pasientens navn" autoComplete="off" value={values.name} onChange={set('name')} error={errors['patient.name']} required />
      <Textfield id="orgNumber" label="Sykehusets organisasjonsnummer" inputMode="numeric" value={values.orgNumber} onChange={set('orgNumber')} error={errors['hospital.orgNumber']} required />
      <Textfield id="hospitalName" label="Sykehus" value={values.hospitalName} onChange={set('hospitalName')} error={errors['hospital.name']} required />
      <Textfield id="department" label="Avdeling" value={values.department} onChange={set('department')} error={errors['hospital.department']} required />
      <Field>
        <Label htmlFor="municipalityCode">Pasientens oppholdskommune</Label>
        <Select id="municipalityCode" value={values.municipalityCode} onChange={set('municipalityCode')} aria-invalid={errors.municipalityCode ? true : undefined} required>
          <Select.Option value="">Velg kommune …</Select.Option>
          {Object.entries(MUNICIPALITY).map(([code, name]) => (
            <Select.Option key={code} value={code}>
              {name} ({code})
            </Select.Option>
          ))}
        </Select>
        {errors.municipalityCode && <ValidationMessage>{errors.municipalityCode}</ValidationMessage>}
      </Field>
      <Textfield id="admittedAt" type="datetime-local" label="Innlagt (norsk tid)" value={values.admittedAt} onChange={set('admittedAt')} error={errors.admittedAt} required />
      <Textfield id="expectedNeeds" multiline rows={3} label="Forventede behov etter utskrivning" value={values.expectedNeeds} onChange={set('expectedNeeds')} error={errors.expectedNeeds} required />
      {problem && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{problem.detail ?? problem.title}</Paragraph>
        </Alert>
      )}
      <div>
        <Button type="submit" disabled={pending}>
          Send melding
        </Button>
      </div>
    </form>
  );
};

export default function Hospital() {
  const session = useSession();
  const org = session?.org ?? '';
  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        Sykehus: {HOSPITAL[org] ?? org}
      </Heading>
      <Paragraph>Meld inn pasienter som ventes å trenge kommunale tjenester, og følg sykehusets egne saker.</Paragraph>
      <div className="grid-2">
        <AdmissionForm orgNumber={org} />
        <section aria-labelledby="own-cases" className="stack">
          <h2 id="own-cases">Våre saker</h2>
          <Paragraph data-size="sm">Åpne en sak for å melde utskrivningsklar (§ 9), trekke tilbake, gi anbefaling eller avmelde.</Paragraph>
          <CaseTable caption="Sykehusets åpne saker" filters={{ status: 'open' }} />
        </section>
      </div>
    </div>
  );
}
