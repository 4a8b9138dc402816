import { Alert, Card, Heading, Link, Paragraph, Spinner, Table, Tag } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { evidenceOf } from '#libs/domain/participation/evidence.js';
import { getJson } from '../api/client';
import type { HistoryItem } from '../api/types';
import { Freshness } from '../components/Freshness';
import { Timeline } from '../components/Timeline';
import { formatDateTime, osloToday } from '../format/format';
import { BASIS, CONDITION, DEVIATION, EVENT, LADDER, LEVEL, SERVICE_TYPE, VISIT_MODE, label } from '../format/labels';
import { hospitalName, municipalityName } from '../format/names';
import { toRecords } from './case-history';
import { reportRange } from './quality-url';
import { useAssessments } from './use-assessments';

/** The day the link says the decision was made; else the last twelve months (a link from elsewhere). */
const searchRange = (day: string | null) => (day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? { from: day, to: day } : reportRange(osloToday().slice(0, 7)));

/** One decision's AllocationAssessment, with the evidence events it rests on. */
export default function Assessment() {
  const { caseId = '', decisionId = '' } = useParams();
  const [params] = useSearchParams();
  const day = params.get('dato');
  const filters = useMemo(() => searchRange(day), [day]);
  const back = `/kvalitet${params.get('fra') ? `?${params.get('fra')}` : ''}`;
  const assessments = useAssessments(filters);
  const history = useQuery({
    queryKey: ['case', caseId, 'history'],
    queryFn: async () => (await getJson<{ items: HistoryItem[] }>(`/api/v1/cases/${caseId}/history`)).body.items,
  });
  const assessment = assessments.data?.find((item) => item.caseId === caseId && item.decisionId === decisionId);

  const evidence = useMemo(() => {
    if (!history.data) return [];
    const records = toRecords(history.data);
    const decision = records.find(
      (record) => record.type === 'AllocationDecided' && record.data.decisionId === decisionId,
    );
    if (!decision || decision.type !== 'AllocationDecided') return [];
    const revisions = new Set(evidenceOf(records, decision).evidence.map((record) => record.revision));
    return history.data.filter((item) => revisions.has(item.revision));
  }, [history.data, decisionId]);

  if (assessments.isPending || history.isPending) return <Spinner aria-label="Laster vurderingen …" />;
  if (!assessment || history.isError) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>Fant ikke vurderingen av dette vedtaket.</Paragraph>
      </Alert>
    );
  }
  const a = assessment;
  return (
    <div className="stack">
      <Paragraph>
        <Link asChild>
          <RouterLink to={back}>Tilbake til vedtakene</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="lg">
        Vurdering av vedtak {formatDateTime(a.decidedAt)}
      </Heading>
      <div className="row">
        <Tag data-color={a.level === 'innflytelse' ? 'success' : 'warning'} data-testid="assessment-level">
          {label(LEVEL, a.level)}
        </Tag>
        <Tag data-color="info">{label(LADDER, a.ladderStep)}</Tag>
        {a.influenceQuality && <Tag>{a.influenceQuality === 'full' ? 'Full innflytelse' : 'Delvis innflytelse'}</Tag>}
        <Freshness updatedAt={assessments.dataUpdatedAt} failed={assessments.isRefetchError} />
      </div>
      <Card>
        <Table>
          <caption>Hva vurderingen bygger på</caption>
          <Table.Body>
            <Table.Row><Table.HeaderCell scope="row">Pasient (pseudonym)</Table.HeaderCell><Table.Cell>{a.patientPseudonym}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Sykehus</Table.HeaderCell><Table.Cell>{hospitalName(a.hospitalOrgNumber)}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Kommune</Table.HeaderCell><Table.Cell>{municipalityName(a.municipalityCode)}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Tjeneste</Table.HeaderCell><Table.Cell>{label(SERVICE_TYPE, a.serviceType)}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Grunnlag</Table.HeaderCell><Table.Cell>{label(BASIS, a.basis)}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Samtaleform</Table.HeaderCell><Table.Cell>{a.dialogueModes.map((mode) => label(VISIT_MODE, mode)).join(', ') || '–'}</Table.Cell></Table.Row>
            {Object.entries(a.conditions).map(([name, held]) => (
              <Table.Row key={name}><Table.HeaderCell scope="row">{label(CONDITION, name)}</Table.HeaderCell><Table.Cell>{held ? 'Ja' : 'Nei'}</Table.Cell></Table.Row>
            ))}
            <Table.Row><Table.HeaderCell scope="row">Valg uttrykt av andre (stedfortreder)</Table.HeaderCell><Table.Cell>{a.proxyChoice ? 'Ja' : 'Nei'}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Avviksgrunn</Table.HeaderCell><Table.Cell>{label(DEVIATION, a.deviationCategory)}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Fulgte sykehusets anbefaling</Table.HeaderCell><Table.Cell>{a.followedHospitalRecommendation == null ? '–' : a.followedHospitalRecommendation ? 'Ja' : 'Nei'}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Dager fra utskrivningsklar til vedtak</Table.HeaderCell><Table.Cell>{a.daysFromReadinessToDecision ?? '–'}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Påklaget</Table.HeaderCell><Table.Cell>{a.appealed ? 'Ja' : 'Nei'}</Table.Cell></Table.Row>
            <Table.Row><Table.HeaderCell scope="row">Brukeren takket nei til samtale</Table.HeaderCell><Table.Cell>{a.participationDeclined ? 'Ja' : 'Nei'}</Table.Cell></Table.Row>
          </Table.Body>
        </Table>
      </Card>
      <Paragraph data-size="sm">Vurdert etter regelverket for medvirkning, versjon {a.ruleVersion}.</Paragraph>
      <Timeline items={evidence} title="Bevis: hendelsene vurderingen bygger på" />
      {a.lateRegistrations.length > 0 && (
        <section aria-labelledby="late-title">
          <h2 id="late-title">Registrert etter vedtaket (teller ikke)</h2>
          <ul>
            {a.lateRegistrations.map((late) => (
              <li key={`${late.type}-${late.recordedAt}`}>
                {label(EVENT, late.type)}: skjedde {formatDateTime(late.occurredAt)}, registrert {formatDateTime(late.recordedAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
