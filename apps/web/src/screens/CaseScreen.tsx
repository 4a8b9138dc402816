import { Alert, Button, Card, Heading, Link, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { getJson, revisionOf } from '../api/client';
import { errorMessage } from '../api/problem-messages';
import type { CaseRead, HistoryItem } from '../api/types';
import type { Role } from '../auth/session';
import { useSession } from '../auth/use-session';
import { CommandForm } from '../components/CommandForm';
import { availableCommands, GROUPS } from '../components/commands';
import { Freshness } from '../components/Freshness';
import { Timeline } from '../components/Timeline';
import { formatDate, formatDateTime, formatNok, formatTime, timeLeft } from '../format/format';
import { DEADLINE, SERVICE_TYPE, STATUS, WITHDRAWAL, label } from '../format/labels';
import { hospitalName, municipalityName } from '../format/names';
import { openDeadlines } from './case-history';
import { nextSteps, type NextStep } from './next-steps';

const REFRESH_MS = 15_000;

const loadCase = async (caseId: string): Promise<CaseRead> => {
  const { body, etag } = await getJson<CaseRead>(`/api/v1/cases/${caseId}`);
  return { ...body, revision: revisionOf(etag) ?? body.revision };
};

const Fact = ({ term, children }: { term: string; children: React.ReactNode }) => (
  <div className="fact">
    <dt>{term}</dt>
    <dd>{children}</dd>
  </div>
);

const CaseFacts = ({ c }: { c: CaseRead }) => (
  <Card data-color="neutral">
    <Heading level={2} data-size="xs">
      Om saken
    </Heading>
    <dl className="facts">
      <Fact term="Sykehus">
        {c.hospital.name || hospitalName(c.hospital.orgNumber)}, {c.hospital.department}
      </Fact>
      <Fact term="Kommune">{municipalityName(c.municipalityCode)}</Fact>
      <Fact term="Innlagt">{formatDateTime(c.admittedAt)}</Fact>
      <Fact term="Utskrivningsklar">
        {c.readySince ? `${formatDateTime(c.readySince)}${c.daysWaiting != null ? ` (${c.daysWaiting} d)` : ''}` : 'Ikke meldt'}
      </Fact>
      {c.liability && (
        <Fact term="Påløpt betaling">
          {formatNok(c.liability.amount)} for {c.liability.days} d{c.liability.status === 'disputed' ? ' (omstridt)' : ''}
          {c.liability.rateMissingDays > 0 && ` · sats mangler for ${c.liability.rateMissingDays} d`}
        </Fact>
      )}
      <Fact term="Forventede behov">{c.expectedNeeds || '–'}</Fact>
      <Fact term="Sykehusets anbefaling">{c.hospitalRecommendation ? label(SERVICE_TYPE, c.hospitalRecommendation.serviceType) : '–'}</Fact>
      <Fact term="Kommunens svar">
        {c.municipalResponse
          ? c.municipalResponse.canReceive
            ? 'Kan ta imot'
            : `Kan ikke ta imot ennå${c.municipalResponse.expectedReadyDate ? ` (forventet klar ${formatDate(c.municipalResponse.expectedReadyDate)})` : ''}`
          : '–'}
      </Fact>
      <Fact term="Brukerens valg">{c.latestChoice ? label(SERVICE_TYPE, c.latestChoice.serviceType) : '–'}</Fact>
      <Fact term="Vedtak">
        {c.latestDecision
          ? `${label(SERVICE_TYPE, c.latestDecision.serviceType)} fra ${formatDate(c.latestDecision.startDate)}${c.latestDecision.appealed ? ' (påklaget)' : ''}`
          : '–'}
      </Fact>
      {c.transfer && <Fact term="Overført">{formatDateTime(c.transfer.transferredAt)}</Fact>}
      {c.withdrawal && <Fact term="Avmeldt">{label(WITHDRAWAL, c.withdrawal.reason)}</Fact>}
    </dl>
  </Card>
);

const Deadlines = ({ c, history }: { c: CaseRead; history: readonly HistoryItem[] }) => {
  const deadlines = openDeadlines(history);
  return (
    <Card data-color="neutral">
      <Heading level={2} data-size="xs">
        Frister
      </Heading>
      {deadlines.length === 0 ? (
        <Paragraph data-size="sm">Ingen åpne frister.</Paragraph>
      ) : (
        <ul className="plain-list" data-testid="open-deadlines">
          {deadlines.map((deadline) => (
            <li key={deadline.deadlineId}>
              <strong>{label(DEADLINE, deadline.kind)}</strong>
              <br />
              {formatDateTime(deadline.dueAt)} ({timeLeft(deadline.dueAt)})
            </li>
          ))}
        </ul>
      )}
      {c.missedDeadlines.length > 0 && (
        <>
          <Heading level={3} data-size="2xs">
            Oversittede frister
          </Heading>
          <ul className="plain-list">
            {c.missedDeadlines.map((missed) => (
              <li key={missed.deadlineId}>
                {label(DEADLINE, missed.deadline)}: {formatDateTime(missed.dueAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
};

const NextSteps = ({ steps, offered, onOpen }: { steps: readonly NextStep[]; offered: ReadonlySet<string>; onOpen: (id: string) => void }) => (
  <Card data-color="accent" data-testid="next-steps">
    <Heading level={2} data-size="xs">
      Neste steg
    </Heading>
    <ol className="next-steps">
      {steps.map((step) => (
        <li key={step.text}>
          <Paragraph>{step.text}</Paragraph>
          {step.command && offered.has(step.command) && (
            <Button data-size="sm" variant={step === steps[0] ? 'primary' : 'secondary'} onClick={() => onOpen(step.command!)}>
              {step === steps[0] ? 'Gjør det nå' : 'Åpne skjemaet'}
              <span className="visually-hidden">: {step.text}</span>
            </Button>
          )}
        </li>
      ))}
    </ol>
  </Card>
);

/** Every action this role has on the case, grouped, all one click away: a vertical list, never a row of tabs. */
const Actions = ({ commands, onOpen }: { commands: ReturnType<typeof availableCommands>; onOpen: (id: string) => void }) => (
  <section aria-labelledby="actions-title" className="stack" data-testid="actions">
    <Heading level={2} data-size="xs" id="actions-title">
      Alle handlinger
    </Heading>
    {GROUPS.map((group) => {
      const inGroup = commands.filter((spec) => spec.group === group);
      if (inGroup.length === 0) return null;
      return (
        <div key={group} className="action-group">
          <Heading level={3} data-size="2xs">
            {group}
          </Heading>
          <ul className="action-list">
            {inGroup.map((spec) => (
              <li key={spec.id}>
                <Button variant="secondary" data-size="sm" onClick={() => onOpen(spec.id)}>
                  {spec.title}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      );
    })}
  </section>
);

interface Confirmation {
  readonly recorded: string;
  readonly at: number;
}

/** What was recorded and what comes next, said once, with focus on it so a screen reader hears it. */
const Recorded = ({ confirmation, next }: { confirmation: Confirmation; next: NextStep | undefined }) => {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [confirmation]);
  return (
    <Alert data-color="success" ref={ref} tabIndex={-1} data-testid="recorded">
      <Heading level={2} data-size="xs">
        Registrert: {confirmation.recorded} kl. {formatTime(confirmation.at)}
      </Heading>
      {next && <Paragraph>Neste steg: {next.text}</Paragraph>}
    </Alert>
  );
};

const backLink = (role: Role) => (role === 'hospital_staff' ? { to: '/sykehus', text: 'Til sykehusets saker' } : { to: '/arbeidsliste', text: 'Til arbeidslisten' });

export default function CaseScreen() {
  const { caseId = '' } = useParams();
  const session = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const view = useQuery({ queryKey: ['case', caseId, 'view'], queryFn: () => loadCase(caseId), refetchInterval: REFRESH_MS });
  const history = useQuery({
    queryKey: ['case', caseId, 'history'],
    queryFn: async () => (await getJson<{ items: HistoryItem[] }>(`/api/v1/cases/${caseId}/history`)).body.items,
    refetchInterval: REFRESH_MS,
  });

  if (view.isPending) return <Spinner aria-label="Laster saken …" />;
  if (view.isError || !session) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>{errorMessage(view.error)}</Paragraph>
      </Alert>
    );
  }
  const c = view.data;
  const role = session.role;
  const commands = availableCommands({ view: c, role });
  const offered = new Set(commands.map((spec) => spec.id));
  const steps = nextSteps(c, role);
  const open = commands.find((spec) => spec.id === params.get('handling'));
  const back = backLink(role);

  const openForm = (id: string) => {
    setConfirmation(null);
    const next = new URLSearchParams(params);
    next.set('handling', id);
    setParams(next); // pushed: Back closes the form
  };
  const closeForm = () => {
    const next = new URLSearchParams(params);
    next.delete('handling');
    setParams(next, { replace: true });
  };

  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link asChild>
          <RouterLink to={back.to}>{back.text}</RouterLink>
        </Link>
      </Paragraph>
      <div className="case-head">
        <Heading level={1} data-size="lg">
          {c.patient.name}
        </Heading>
        <div className="row">
          <Tag data-color={c.status === 'withdrawn' ? 'neutral' : c.status === 'transferred' ? 'success' : 'info'} data-testid="case-status">
            {label(STATUS, c.status)}
          </Tag>
          {c.latestDecision?.appealed && <Tag data-color="warning">Vedtaket er påklaget</Tag>}
          {c.withdrawal && <Tag data-color="neutral">{label(WITHDRAWAL, c.withdrawal.reason)}</Tag>}
          <Freshness updatedAt={view.dataUpdatedAt} failed={view.isRefetchError} />
        </div>
      </div>
      {confirmation && !open && <Recorded confirmation={confirmation} next={steps[0]} />}
      <div className="case-layout">
        <div className="case-work stack">
          {open ? (
            <CommandForm
              key={open.id}
              spec={open}
              ctx={{ view: c, role }}
              caseId={caseId}
              revision={c.revision}
              onCancel={closeForm}
              onRecorded={async () => {
                // The case is read from its stream, so the answer after a command already holds it.
                await queryClient.fetchQuery({ queryKey: ['case', caseId, 'view'], queryFn: () => loadCase(caseId), staleTime: 0 });
                void queryClient.invalidateQueries({ queryKey: ['case', caseId, 'history'] });
                void queryClient.invalidateQueries({ queryKey: ['cases'] });
                setConfirmation({ recorded: open.recorded, at: Date.now() });
                closeForm();
              }}
            />
          ) : (
            <>
              <NextSteps steps={steps} offered={offered} onOpen={openForm} />
              {commands.length > 0 && <Actions commands={commands} onOpen={openForm} />}
            </>
          )}
        </div>
        <aside className="case-side stack" aria-label="Om saken">
          <CaseFacts c={c} />
          <Deadlines c={c} history={history.data ?? []} />
        </aside>
        <div className="case-history">{history.data && <Timeline items={history.data} />}</div>
      </div>
    </div>
  );
}

