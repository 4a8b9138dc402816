import { Alert, Card, Heading, Link, Paragraph, Spinner, Table, Tag } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { evidenceOf } from '#libs/domain/participation/evidence.js';
import { getJson } from '../api/client';
import type { HistoryItem } from '../api/types';
import { Timeline } from '../components/Timeline';
import { formatDateTime } from '../format/format';
import { BASIS, CONDITION, DEVIATION, EVENT, LADDER, LEVEL, SERVICE_TYPE, VISIT_MODE, label } from '../format/labels';
import { toRecords } from './case-history';
import { lastYear, useAssessments } from './use-assessments';

/** One decision's AllocationAssessment, with the evidence events it rests on. */
export default function Assessment() {
  const { caseId = '', decisionId = '' } = useParams();
  const filters = useMemo(lastYear, []);
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
          <RouterLink to="/kvalitet">Tilbake til kvalitet</RouterLink>
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
      </div>
      <Card>
        <Table>
          <caption>AllocationAssessment (regelversjon {a.ruleVersion})</caption>
          <Table.Body>
            <Table.Row><Table.HeaderCell scope="row">Pasient (pseudonym)</Table.HeaderCell><Table.Cell>{a.patientPseudonym}</Table.Cell></Table.Row>
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
