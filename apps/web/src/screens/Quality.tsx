import { Alert, Button, Field, Heading, Label, Link, Paragraph, Select, Spinner, Table } from '@digdir/designsystemet-react';
import * as Plot from '@observablehq/plot';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { api, unwrap } from '../api/client';
import { currentToken } from '../auth/session';
import { useSession } from '../auth/use-session';
import type { AllocationAssessment, LiabilityMonth } from '../api/types';
import { TableScroll } from '../components/TableScroll';
import { PlotChart } from '../components/PlotChart';
import { formatDate, formatMonth, formatNok, formatNumber, formatPercent } from '../format/format';
import { CONDITION, HOSPITAL, LADDER, LEVEL, MUNICIPALITY, SERVICE_TYPE, label } from '../format/labels';
import {
  appealRates,
  countBy,
  levelsBy,
  matchesDrill,
  missingConditionCounts,
  type Drill,
  type GroupBy,
} from './quality-stats';
import { lastYear, useAssessments, type AuditFilters } from './use-assessments';

const LADDER_STEPS = ['brukerperspektiv', 'brukerdeltakelse', 'brukerinnflytelse', 'brukerstyring'] as const;
const CONDITIONS = ['alternativesPresented', 'consequencesExplained', 'preferenceRecorded', 'decisionFollowsPreference'];
const GROUP_LABEL: Record<GroupBy, string> = { month: 'Måned', hospital: 'Sykehus', municipality: 'Kommune' };

const groupName = (by: GroupBy, key: string): string =>
  by === 'month' ? formatMonth(key) : by === 'hospital' ? (HOSPITAL[key] ?? key) : `${MUNICIPALITY[key] ?? ''} ${key}`.trim();

const Section = ({ id, title, children }: { id: string; title: string; children: ReactNode }) => (
  <section aria-labelledby={id} className="stack">
    <h2 id={id}>{title}</h2>
    {children}
  </section>
);

const DrillButton = ({ drill, onDrill, text }: { drill: Drill; onDrill: (drill: Drill) => void; text: string }) => (
  <Button variant="tertiary" data-size="sm" onClick={() => onDrill(drill)}>
    Vis vedtak<span className="visually-hidden"> for {text}</span>
  </Button>
);

/** Decisions counted by one property, with each row's share and a button that shows the decisions behind it. */
const CountTable = ({
  caption,
  keyHeader,
  countHeader,
  rows,
  names,
  drillBy,
  onDrill,
}: {
  caption: string;
  keyHeader: string;
  countHeader: string;
  rows: readonly { key: string; count: number; share: number }[];
  names: Record<string, string>;
  drillBy: Drill['by'];
  onDrill: (drill: Drill) => void;
}) => (
  <Table zebra>
    <caption>{caption}</caption>
    <Table.Head>
      <Table.Row>
        <Table.HeaderCell>{keyHeader}</Table.HeaderCell>
        <Table.HeaderCell>{countHeader}</Table.HeaderCell>
        <Table.HeaderCell>Andel</Table.HeaderCell>
        <Table.HeaderCell>Detaljer</Table.HeaderCell>
      </Table.Row>
    </Table.Head>
    <Table.Body>
      {rows.map((row) => (
        <Table.Row key={row.key}>
          <Table.Cell>{label(names, row.key)}</Table.Cell>
          <Table.Cell>{formatNumber(row.count)}</Table.Cell>
          <Table.Cell>{formatPercent(row.share)}</Table.Cell>
          <Table.Cell>
            <DrillButton drill={{ by: drillBy, value: row.key }} onDrill={onDrill} text={label(names, row.key)} />
          </Table.Cell>
        </Table.Row>
      ))}
    </Table.Body>
  </Table>
);

const downloadCsv = async (filters: AuditFilters) => {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value) as [string, string][]);
  const response = await fetch(`/api/v1/audit/allocations.csv?${params}`, { headers: { Authorization: `Bearer ${currentToken() ?? ''}` } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = `medvirkning-${filters.from}-${filters.to}.csv`;
  anchor.click();
  URL.revokeObjectURL(url);
};

const Decisions = ({ items, drill, onClear }: { items: AllocationAssessment[]; drill: Drill; onClear: () => void }) => (
  <Section id="drill-title" title={`Vedtak (${formatNumber(items.length)})`}>
    <div>
      <Button variant="secondary" data-size="sm" onClick={onClear}>
        Fjern utvalget
      </Button>
    </div>
    <TableScroll label="Vedtak">
      <Table zebra data-testid="decision-table">
        <caption>Vedtakene bak utvalget ({drill.by}: {drill.value})</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Vedtak</Table.HeaderCell>
            <Table.HeaderCell>Pasient (pseudonym)</Table.HeaderCell>
            <Table.HeaderCell>Tjeneste</Table.HeaderCell>
            <Table.HeaderCell>Nivå</Table.HeaderCell>
            <Table.HeaderCell>Trinn</Table.HeaderCell>
            <Table.HeaderCell>Mangler</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {items.slice(0, 200).map((item) => (
            <Table.Row key={item.decisionId}>
              <Table.Cell>
                <Link asChild>
                  <RouterLink to={`/kvalitet/vedtak/${item.caseId}/${item.decisionId}`}>{formatDate(item.decidedAt)}</RouterLink>
                </Link>
              </Table.Cell>
              <Table.Cell>{item.patientPseudonym}</Table.Cell>
              <Table.Cell>{label(SERVICE_TYPE, item.serviceType)}</Table.Cell>
              <Table.Cell>{label(LEVEL, item.level)}</Table.Cell>
              <Table.Cell>{label(LADDER, item.ladderStep)}</Table.Cell>
              <Table.Cell>{item.missingConditions.map((name) => label(CONDITION, name)).join(', ') || '–'}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </TableScroll>
    {items.length > 200 && <Paragraph data-size="sm">Viser de 200 første. Last ned CSV for alle.</Paragraph>}
  </Section>
);

export default function Quality() {
  const session = useSession();
  const [groupBy, setGroupBy] = useState<GroupBy>('month');
  const [drill, setDrill] = useState<Drill | null>(null);
  const filters = useMemo(lastYear, []);
  const assessments = useAssessments(filters);
  const liability = useQuery({
    queryKey: ['liability'],
    queryFn: async (): Promise<LiabilityMonth[]> => (await unwrap(api.GET('/api/v1/liability'))).items,
    retry: false,
  });

  const data = assessments.data ?? [];
  const levels = useMemo(() => levelsBy(data, groupBy), [data, groupBy]);
  const ladder = useMemo(() => countBy(data.map((item) => item.ladderStep), LADDER_STEPS), [data]);
  const missing = useMemo(() => missingConditionCounts(data, CONDITIONS), [data]);
  const appeals = useMemo(() => appealRates(data), [data]);
  const liabilityByMonth = useMemo(() => {
    const months = new Map<string, { owed: number; disputed: number }>();
    for (const item of liability.data ?? []) {
      const sum = months.get(item.month) ?? { owed: 0, disputed: 0 };
      sum.owed += item.owedAmount;
      sum.disputed += item.disputedAmount;
      months.set(item.month, sum);
    }
    return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, sums]) => ({ month, ...sums }));
  }, [liability.data]);

  const levelChart = useCallback(
    () =>
      Plot.plot({
        height: 280,
        marginBottom: 60,
        x: { label: null, tickFormat: (key: string) => groupName(groupBy, key), tickRotate: groupBy === 'month' ? -30 : 0 },
        y: { label: 'Andel', percent: true, domain: [0, 100] },
        color: { legend: true, domain: ['Deltakelse', 'Innflytelse'] },
        marks: [
          Plot.barY(
            levels.flatMap((row) => [
              { group: row.group, level: 'Deltakelse', share: row.deltakelse / (row.decisions || 1) },
              { group: row.group, level: 'Innflytelse', share: row.innflytelse / (row.decisions || 1) },
            ]),
            { x: 'group', y: 'share', fill: 'level' },
          ),
          Plot.ruleY([0]),
        ],
      }),
    [levels, groupBy],
  );
  const ladderChart = useCallback(
    () => Plot.plot({ height: 220, marginLeft: 130, x: { label: 'Vedtak', domain: [0, Math.max(1, ...ladder.map((row) => row.count))] }, y: { label: null, domain: [...LADDER_STEPS], tickFormat: (key: string) => label(LADDER, key) }, marks: [Plot.barX(ladder, { y: 'key', x: 'count', sort: null }), Plot.ruleX([0])] }),
    [ladder],
  );
  const missingChart = useCallback(
    () => Plot.plot({ height: 220, marginLeft: 210, x: { label: 'Andel av vedtak', percent: true, domain: [0, 100] }, y: { label: null, tickFormat: (key: string) => label(CONDITION, key) }, marks: [Plot.barX(missing, { y: 'key', x: 'share' }), Plot.ruleX([0])] }),
    [missing],
  );
  const liabilityChart = useCallback(
    () => Plot.plot({ height: 260, marginBottom: 60, marginLeft: 70, x: { label: null, tickFormat: formatMonth, tickRotate: -30 }, y: { label: 'NOK', grid: true, domain: [0, Math.max(1, ...liabilityByMonth.map((row) => row.owed))] }, marks: [Plot.barY(liabilityByMonth, { x: 'month', y: 'owed' }), Plot.ruleY([0])] }),
    [liabilityByMonth],
  );

  if (assessments.isPending) return <Spinner aria-label="Laster vedtak …" />;
  if (assessments.isError) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>Kunne ikke hente vurderingene: {assessments.error.message}</Paragraph>
      </Alert>
    );
  }
  const drilled = drill ? data.filter((item) => matchesDrill(item, drill)) : [];

  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        Kvalitet: brukermedvirkning i vedtak
      </Heading>
      <Paragraph>
        {formatNumber(data.length)} vedtak fra {formatDate(filters.from)} til {formatDate(filters.to)}
        {session?.org && session.org !== '*' ? ` i kommune ${session.org}` : ''}. Ingen navn eller fødselsnumre vises her.
      </Paragraph>
      <div>
        <Button variant="secondary" onClick={() => void downloadCsv(filters)}>
          Last ned CSV
        </Button>
      </div>

      <Section id="levels-title" title="Deltakelse og innflytelse">
        <Field>
          <Label htmlFor="group-by">Grupper etter</Label>
          <Select id="group-by" value={groupBy} onChange={(event) => setGroupBy(event.target.value as GroupBy)}>
            {Object.entries(GROUP_LABEL).map(([key, text]) => (
              <Select.Option key={key} value={key}>
                {text}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <PlotChart render={levelChart} label={`Andel deltakelse og innflytelse per ${GROUP_LABEL[groupBy].toLowerCase()}; se tabellen under`} />
        <TableScroll label="Deltakelse og innflytelse">
          <Table zebra data-testid="levels-table">
            <caption>Deltakelse og innflytelse per {GROUP_LABEL[groupBy].toLowerCase()}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{GROUP_LABEL[groupBy]}</Table.HeaderCell>
                <Table.HeaderCell>Vedtak</Table.HeaderCell>
                <Table.HeaderCell>Deltakelse</Table.HeaderCell>
                <Table.HeaderCell>Innflytelse</Table.HeaderCell>
                <Table.HeaderCell>Andel innflytelse</Table.HeaderCell>
                <Table.HeaderCell>Detaljer</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {levels.map((row) => (
                <Table.Row key={row.group}>
                  <Table.Cell>{groupName(groupBy, row.group)}</Table.Cell>
                  <Table.Cell>{formatNumber(row.decisions)}</Table.Cell>
                  <Table.Cell>{formatNumber(row.deltakelse)}</Table.Cell>
                  <Table.Cell>{formatNumber(row.innflytelse)}</Table.Cell>
                  <Table.Cell>{formatPercent(row.shareInnflytelse)}</Table.Cell>
                  <Table.Cell>
                    <DrillButton drill={{ by: groupBy, value: row.group }} onDrill={setDrill} text={groupName(groupBy, row.group)} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </TableScroll>
      </Section>

      {drill && <Decisions items={drilled} drill={drill} onClear={() => setDrill(null)} />}

      <div className="grid-2">
        <Section id="ladder-title" title="Medvirkningstrappen">
          <PlotChart render={ladderChart} label="Fordeling på trinnene i medvirkningstrappen; se tabellen under" />
          <CountTable
            caption="Vedtak per trinn"
            keyHeader="Trinn"
            countHeader="Vedtak"
            rows={ladder}
            names={LADDER}
            drillBy="ladderStep"
            onDrill={setDrill}
          />
        </Section>
        <Section id="missing-title" title="Manglende forutsetninger for innflytelse">
          <PlotChart render={missingChart} label="Hvor ofte hver forutsetning manglet; se tabellen under" />
          <CountTable
            caption="Vedtak der forutsetningen manglet"
            keyHeader="Forutsetning"
            countHeader="Manglet"
            rows={missing}
            names={CONDITION}
            drillBy="missing"
            onDrill={setDrill}
          />
        </Section>
        <Section id="appeal-title" title="Klager per nivå">
          <TableScroll label="Klager per nivå">
          <Table zebra>
            <caption>Andel vedtak som ble påklaget</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>Nivå</Table.HeaderCell>
                <Table.HeaderCell>Vedtak</Table.HeaderCell>
                <Table.HeaderCell>Påklaget</Table.HeaderCell>
                <Table.HeaderCell>Klagefrekvens</Table.HeaderCell>
                <Table.HeaderCell>Detaljer</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {appeals.map((row) => (
                <Table.Row key={row.level}>
                  <Table.Cell>{label(LEVEL, row.level)}</Table.Cell>
                  <Table.Cell>{formatNumber(row.decisions)}</Table.Cell>
                  <Table.Cell>{formatNumber(row.appealed)}</Table.Cell>
                  <Table.Cell>{formatPercent(row.rate)}</Table.Cell>
                  <Table.Cell>
                    <DrillButton drill={{ by: 'level', value: row.level }} onDrill={setDrill} text={label(LEVEL, row.level)} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          </TableScroll>
        </Section>
        <Section id="liability-title" title="Betalingsansvar per måned">
          {liability.isError ? (
            <Paragraph>Betalingsansvaret er ikke tilgjengelig: {liability.error.message}</Paragraph>
          ) : (
            <>
              <PlotChart render={liabilityChart} label="Skyldig beløp per måned; se tabellen under" />
              <Table zebra>
                <caption>Betalingsansvar per måned (NOK)</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>Måned</Table.HeaderCell>
                    <Table.HeaderCell>Skyldig</Table.HeaderCell>
                    <Table.HeaderCell>Omstridt</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {liabilityByMonth.map((row) => (
                    <Table.Row key={row.month}>
                      <Table.Cell>{formatMonth(row.month)}</Table.Cell>
                      <Table.Cell>{formatNok(row.owed)}</Table.Cell>
                      <Table.Cell>{formatNok(row.disputed)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </>
          )}
        </Section>
      </div>
    </div>
  );
}
