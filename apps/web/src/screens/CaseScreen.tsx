import { Alert, Card, Heading, Paragraph, Spinner, Table, Tabs, Tag } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { getJson, revisionOf } from '../api/client';
import type { CaseRead, HistoryItem } from '../api/types';
import { useSession } from '../auth/use-session';
import { CommandForm } from '../components/CommandForm';
import { availableCommands } from '../components/commands';
import { Timeline } from '../components/Timeline';
import { formatDate, formatDateTime, timeLeft } from '../format/format';
import { DEADLINE, HOSPITAL, MUNICIPALITY, SERVICE_TYPE, STATUS, label } from '../format/labels';
import { openDeadlines } from './case-history';

export default function CaseScreen() {
  const { caseId = '' } = useParams();
  const session = useSession();
  const [selected, setSelected] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  const view = useQuery({
    queryKey: ['case', caseId, 'view'],
    queryFn: async () => {
      const { body, etag } = await getJson<CaseRead>(`/api/v1/cases/${caseId}`);
      return { ...body, revision: revisionOf(etag) ?? body.revision };
    },
    refetchInterval: 15_000,
  });
  const history = useQuery({
    queryKey: ['case', caseId, 'history'],
    queryFn: async () => (await getJson<{ items: HistoryItem[] }>(`/api/v1/cases/${caseId}/history`)).body.items,
  });

  if (view.isPending) return <Spinner aria-label="Laster saken …" />;
  if (view.isError) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>{view.error.message}</Paragraph>
      </Alert>
    );
  }
  const c = view.data;
  const commands = session ? availableCommands({ view: c, role: session.role }) : [];
  const deadlines = openDeadlines(history.data ?? []);

  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        Sak: {c.patient.name}
      </Heading>
      <div className="row">
        <Tag data-color="info">{label(STATUS, c.status)}</Tag>
        <Paragraph data-size="sm">Versjon {c.revision}</Paragraph>
      </div>
      <div className="grid-2">
        <Card>
          <Heading level={2} data-size="sm">
            Status
          </Heading>
          <Table>
            <caption className="visually-hidden">Sakens nåværende tilstand</caption>
            <Table.Body>
              <Table.Row><Table.HeaderCell scope="row">Sykehus</Table.HeaderCell><Table.Cell>{c.hospital.name ?? HOSPITAL[c.hospital.orgNumber]}, {c.hospital.department}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Kommune</Table.HeaderCell><Table.Cell>{MUNICIPALITY[c.municipalityCode] ?? ''} {c.municipalityCode}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Innlagt</Table.HeaderCell><Table.Cell>{formatDateTime(c.admittedAt)}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Utskrivningsklar siden</Table.HeaderCell><Table.Cell>{formatDateTime(c.readySince)}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Forventede behov</Table.HeaderCell><Table.Cell>{c.expectedNeeds}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Kommunens svar</Table.HeaderCell><Table.Cell>{c.municipalResponse ? (c.municipalResponse.canReceive ? 'Kan ta imot' : `Kan ikke ta imot ennå (forventet ${formatDate(c.municipalResponse.expectedReadyDate)})`) : '–'}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Brukerens valg</Table.HeaderCell><Table.Cell>{c.latestChoice ? label(SERVICE_TYPE, c.latestChoice.serviceType) : '–'}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Vedtak</Table.HeaderCell><Table.Cell>{c.latestDecision ? `${label(SERVICE_TYPE, c.latestDecision.serviceType)} fra ${formatDate(c.latestDecision.startDate)}${c.latestDecision.appealed ? ' (påklaget)' : ''}` : '–'}</Table.Cell></Table.Row>
              <Table.Row><Table.HeaderCell scope="row">Overført</Table.HeaderCell><Table.Cell>{formatDateTime(c.transfer?.transferredAt)}</Table.Cell></Table.Row>
            </Table.Body>
          </Table>
        </Card>
        <Card>
          <Heading level={2} data-size="sm">
            Åpne frister
          </Heading>
          {deadlines.length === 0 ? (
            <Paragraph>Ingen åpne frister.</Paragraph>
          ) : (
            <ul data-testid="open-deadlines">
              {deadlines.map((deadline) => (
                <li key={deadline.deadlineId}>
                  {label(DEADLINE, deadline.kind)}: {formatDateTime(deadline.dueAt)} ({timeLeft(deadline.dueAt)})
                </li>
              ))}
            </ul>
          )}
          {c.missedDeadlines.length > 0 && (
            <>
              <Heading level={3} data-size="xs">
                Oversittede frister
              </Heading>
              <ul>
                {c.missedDeadlines.map((missed) => (
                  <li key={missed.deadlineId}>
                    {label(DEADLINE, missed.deadline)}: {formatDateTime(missed.dueAt)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
      </div>
      {commands.length > 0 && (
        <section aria-labelledby="actions-title" className="stack">
          <h2 id="actions-title">Handlinger</h2>
          {recorded && (
            <Alert data-color="success" role="status">
              <Paragraph>Registrert: {recorded}.</Paragraph>
            </Alert>
          )}
          {/* A command that no longer applies (readiness once declared) hands its place to the first one that does. */}
          <Tabs value={commands.some((spec) => spec.id === selected) ? selected! : commands[0]!.id} onChange={setSelected}>
            <Tabs.List>
              {commands.map((spec) => (
                <Tabs.Tab key={spec.id} value={spec.id}>
                  {spec.title}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {commands.map((spec) => (
              <Tabs.Panel key={spec.id} value={spec.id}>
                <CommandForm
                  spec={spec}
                  ctx={{ view: c, role: session!.role }}
                  caseId={caseId}
                  revision={c.revision}
                  onRecorded={() => setRecorded(spec.title)}
                />
              </Tabs.Panel>
            ))}
          </Tabs>
        </section>
      )}
      {history.data && <Timeline items={history.data} />}
    </div>
  );
}
