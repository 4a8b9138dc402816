import { Alert, Button, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { errorMessage } from '../api/problem-messages';
import type { AllocationAssessment, LiabilityMonth } from '../api/types';
import { useSession } from '../auth/use-session';
import { Freshness } from '../components/Freshness';
import { DataList, type Column } from '../components/DataList';
import { Paging } from '../components/Paging';
import { PlotChart } from '../components/PlotChart';
import { SelectField } from '../components/SelectField';
import { downloadText } from '../format/csv';
import { formatDate, formatDateTime, formatLongMonth, formatMonth, formatNok, formatNumber, formatPercent, osloToday } from '../format/format';
import { CONDITION, LADDER, LEVEL, SERVICE_TYPE, label } from '../format/labels';
import { hospitalName, MUNICIPALITIES, municipalityName } from '../format/names';
import { countChart, groupLevelsChart, liabilityChart, monthlyLevelsChart } from './quality-charts';
import { assessmentsCsv } from './quality-csv';
import {
  appealRates,
  countBy,
  decisionKey,
  drilled,
  levelsBy,
  levelsByMonth,
  liabilityByMonth,
  missingConditionCounts,
  osloMonth,
  type Drill,
  type GroupBy,
  type LevelRow,
  type LiabilityMonthRow,
} from './quality-stats';
import { addMonths, pageOf, readQualityQuery, reportRange, twelveMonths, writeQualityQuery, type QualityQuery } from './quality-url';
import { useAssessments } from './use-assessments';

const LADDER_STEPS = ['brukerperspektiv', 'brukerdeltakelse', 'brukerinnflytelse', 'brukerstyring'] as const;
const CONDITIONS = ['alternativesPresented', 'consequencesExplained', 'preferenceRecorded', 'decisionFollowsPreference'];
const GROUP_LABEL: Record<GroupBy, string> = { month: 'Måned', hospital: 'Sykehus', municipality: 'Kommune' };
const PAGE_SIZE = 25;

const groupName = (by: GroupBy, key: string): string =>
  by === 'month' ? formatMonth(key) : by === 'hospital' ? hospitalName(key) : municipalityName(key);

/** What a drill-down shows, as a heading. */
const drillTitle = (drill: Drill): string => {
  switch (drill.by) {
    case 'month':
      return `Vedtak i ${formatLongMonth(drill.value)}`;
    case 'hospital':
      return `Vedtak etter melding fra ${hospitalName(drill.value)}`;
    case 'municipality':
      return `Vedtak i ${municipalityName(drill.value)} kommune`;
    case 'ladderStep':
      return `Vedtak på trinnet ${label(LADDER, drill.value).toLowerCase()}`;
    case 'missing':
      return `Vedtak der forutsetningen «${label(CONDITION, drill.value).toLowerCase()}» manglet`;
    case 'level':
      return `Vedtak med ${label(LEVEL, drill.value).toLowerCase()}`;
  }
};

const Section = ({ id, title, children }: { id: string; title: string; children: ReactNode }) => (
  <section aria-labelledby={id} className="stack report-section">
    <Heading level={2} data-size="sm" id={id}>
      {title}
    </Heading>
    {children}
  </section>
);

/** A link to the decisions behind a row: it changes the URL, so Back returns and the view can be shared. */
const DrillLink = ({ to, text }: { to: string; text: string }) => (
  <Link asChild>
    <RouterLink to={to}>
      Vis vedtak<span className="visually-hidden"> for {text}</span>
    </RouterLink>
  </Link>
);

interface ReportProps {
  readonly query: QualityQuery;
  readonly data: AllocationAssessment[];
  readonly liability: { data?: LiabilityMonth[]; error: unknown; isError: boolean; isPending: boolean };
  readonly drillHref: (drill: Drill) => string;
}

const drillColumn = <Row,>(drillHref: (drill: Drill) => string, drill: (row: Row) => Drill | null, text: (row: Row) => string): Column<Row> => ({
  header: 'Detaljer',
  className: 'no-print',
  cell: (row) => {
    const target = drill(row);
    return target ? <DrillLink to={drillHref(target)} text={text(row)} /> : null;
  },
});

const number = <Row,>(header: string, value: (row: Row) => ReactNode): Column<Row> => ({ header, className: 'number', cell: value });

interface CountRow {
  readonly key: string;
  readonly count: number;
  readonly share: number;
}

const CountTable = ({
  caption,
  keyHeader,
  countHeader,
  rows,
  name,
  drillBy,
  drillHref,
}: {
  caption: string;
  keyHeader: string;
  countHeader: string;
  rows: readonly CountRow[];
  name: (key: string) => string;
  drillBy: Drill['by'];
  drillHref: (drill: Drill) => string;
}) => (
  <DataList<CountRow>
    cards={false}
    caption={caption}
    rows={rows}
    rowKey={(row) => row.key}
    columns={[
      { header: keyHeader, cell: (row) => name(row.key) },
      number(countHeader, (row) => formatNumber(row.count)),
      number('Andel', (row) => formatPercent(row.share)),
      drillColumn(drillHref, (row) => (row.count > 0 ? { by: drillBy, value: row.key } : null), (row) => name(row.key)),
    ]}
  />
);

const KeyFigures = ({ query, data, liability }: Pick<ReportProps, 'query' | 'data' | 'liability'>) => {
  const ofMonth = data.filter((item) => osloMonth(item.decidedAt) === query.month);
  const innflytelse = ofMonth.filter((item) => item.level === 'innflytelse').length;
  const appealed = ofMonth.filter((item) => item.appealed).length;
  const liable = liabilityByMonth(liability.data ?? [], [query.month])[0]!;
  return (
    <Section id="month-title" title={`Nøkkeltall for ${formatLongMonth(query.month)}`}>
      <dl className="key-figures" data-testid="key-figures">
        <div>
          <dt>Vedtak</dt>
          <dd>{formatNumber(ofMonth.length)}</dd>
        </div>
        <div>
          <dt>Med innflytelse</dt>
          <dd>{ofMonth.length ? `${formatPercent(innflytelse / ofMonth.length)} (${formatNumber(innflytelse)})` : '–'}</dd>
        </div>
        <div>
          <dt>Påklaget</dt>
          <dd>{ofMonth.length ? `${formatNumber(appealed)} (${formatPercent(appealed / ofMonth.length)})` : '–'}</dd>
        </div>
        <div>
          <dt>Betalingsansvar</dt>
          <dd>
            {liability.isError
              ? 'Ikke tilgjengelig'
              : liable.owed === null
                ? 'Ingen registrert'
                : `${formatNok(liable.owed)} (${formatNumber(liable.owedDays)} døgn)`}
          </dd>
        </div>
      </dl>
      {liable.rateMissingDays > 0 && (
        <Paragraph data-size="sm">
          Døgnsatsen mangler for {formatNumber(liable.rateMissingDays)} av døgnene denne måneden, så beløpet er for lavt.
        </Paragraph>
      )}
    </Section>
  );
};

const Levels = ({ query, data, drillHref, onGroupBy }: Pick<ReportProps, 'query' | 'data' | 'drillHref'> & { onGroupBy: (groupBy: GroupBy) => void }) => {
  const months = useMemo(() => twelveMonths(query.month), [query.month]);
  const rows = useMemo(
    () => (query.groupBy === 'month' ? levelsByMonth(data, months) : levelsBy(data, query.groupBy)),
    [data, months, query.groupBy],
  );
  const chart = useCallback(
    (width: number) =>
      query.groupBy === 'month' ? monthlyLevelsChart(rows, width) : groupLevelsChart(rows, (key) => groupName(query.groupBy, key), width),
    [rows, query.groupBy],
  );
  const by = GROUP_LABEL[query.groupBy].toLowerCase();
  return (
    <Section id="levels-title" title={query.groupBy === 'month' ? 'Deltakelse og innflytelse siste 12 måneder' : `Deltakelse og innflytelse per ${by}`}>
      <SelectField id="group-by" label="Grupper etter" className="no-print field-narrow" value={query.groupBy} options={GROUP_LABEL} onChange={(value) => onGroupBy(value as GroupBy)} />
      <PlotChart render={chart} label={`Andel vedtak med deltakelse og innflytelse per ${by}; tallene står i tabellen under`} />
      <DataList<LevelRow>
        cards={false}
        testId="levels-table"
        caption={`Vedtak per ${by}, med antall og andel innflytelse`}
        rows={rows}
        rowKey={(row) => row.group}
        columns={[
          { header: GROUP_LABEL[query.groupBy], className: query.groupBy === 'month' ? 'nowrap' : undefined, cell: (row) => groupName(query.groupBy, row.group) },
          number('Vedtak', (row) => formatNumber(row.decisions)),
          number('Deltakelse', (row) => formatNumber(row.deltakelse)),
          number('Innflytelse', (row) => formatNumber(row.innflytelse)),
          number('Andel innflytelse', (row) => (row.decisions ? formatPercent(row.shareInnflytelse) : null)),
          drillColumn(drillHref, (row) => (row.decisions > 0 ? { by: query.groupBy, value: row.group } : null), (row) => groupName(query.groupBy, row.group)),
        ]}
      />
    </Section>
  );
};

const Ladder = ({ data, drillHref }: Pick<ReportProps, 'data' | 'drillHref'>) => {
  const rows = useMemo(() => countBy(data.map((item) => item.ladderStep), LADDER_STEPS), [data]);
  const chart = useCallback((width: number) => countChart(rows, (key) => label(LADDER, key), width, 'Vedtak'), [rows]);
  return (
    <Section id="ladder-title" title="Medvirkningstrappen">
      <PlotChart render={chart} label="Vedtak per trinn i medvirkningstrappen; tallene står i tabellen under" />
      <CountTable caption="Vedtak per trinn" keyHeader="Trinn" countHeader="Vedtak" rows={rows} name={(key) => label(LADDER, key)} drillBy="ladderStep" drillHref={drillHref} />
    </Section>
  );
};

const Missing = ({ data, drillHref }: Pick<ReportProps, 'data' | 'drillHref'>) => {
  const rows = useMemo(() => missingConditionCounts(data, CONDITIONS), [data]);
  const chart = useCallback((width: number) => countChart(rows, (key) => label(CONDITION, key), width, 'Vedtak der den manglet'), [rows]);
  return (
    <Section id="missing-title" title="Manglende forutsetninger for innflytelse">
      <PlotChart render={chart} label="Hvor ofte hver forutsetning manglet; tallene står i tabellen under" />
      <CountTable
        caption="Vedtak der forutsetningen manglet (andel av alle vedtak)"
        keyHeader="Forutsetning"
        countHeader="Manglet"
        rows={rows}
        name={(key) => label(CONDITION, key)}
        drillBy="missing"
        drillHref={drillHref}
      />
    </Section>
  );
};

const Appeals = ({ data, drillHref }: Pick<ReportProps, 'data' | 'drillHref'>) => {
  const rows = useMemo(() => appealRates(data), [data]);
  return (
    <Section id="appeal-title" title="Klager per nivå">
      <DataList<ReturnType<typeof appealRates>[number]>
        cards={false}
        caption="Andel vedtak som ble påklaget, per nivå"
        rows={rows}
        rowKey={(row) => row.level}
        columns={[
          { header: 'Nivå', cell: (row) => label(LEVEL, row.level) },
          number('Vedtak', (row) => formatNumber(row.decisions)),
          number('Påklaget', (row) => formatNumber(row.appealed)),
          number('Klageandel', (row) => (row.decisions ? formatPercent(row.rate) : null)),
          drillColumn(drillHref, (row) => (row.decisions > 0 ? { by: 'level', value: row.level } : null), (row) => label(LEVEL, row.level)),
        ]}
      />
    </Section>
  );
};

const Liability = ({ query, liability }: Pick<ReportProps, 'query' | 'liability'>) => {
  const rows = useMemo(() => liabilityByMonth(liability.data ?? [], twelveMonths(query.month)), [liability.data, query.month]);
  const chart = useCallback((width: number) => liabilityChart(rows, width), [rows]);
  if (liability.isPending) return <Spinner aria-label="Laster betalingsansvaret …" />;
  return (
    <Section id="liability-title" title="Betalingsansvar per måned">
      {liability.isError ? (
        <Paragraph>Betalingsansvaret er ikke tilgjengelig. {errorMessage(liability.error)}</Paragraph>
      ) : (
        <>
          <Paragraph data-size="sm">
            Kommunens betaling for utskrivningsklare pasienter som venter på sykehuset. Måneder uten tall står tomme, ikke som null.
          </Paragraph>
          <PlotChart render={chart} label="Betalingsansvar per måned i kroner; tallene står i tabellen under" />
          <DataList<LiabilityMonthRow>
            cards={false}
            testId="liability-table"
            caption="Betalingsansvar per måned"
            rows={rows}
            rowKey={(row) => row.month}
            columns={[
              { header: 'Måned', className: 'nowrap', cell: (row) => formatMonth(row.month) },
              number('Skyldig', (row) => (row.owed === null ? null : formatNok(row.owed))),
              number('Døgn', (row) => (row.owed === null ? null : formatNumber(row.owedDays))),
              number('Omstridt', (row) => (row.owed === null ? null : formatNok(row.disputed))),
              {
                header: 'Merknad',
                cell: (row) => (row.owed === null ? 'Ingen tall' : row.rateMissingDays > 0 ? `Sats mangler for ${formatNumber(row.rateMissingDays)} døgn` : ''),
              },
            ]}
          />
        </>
      )}
    </Section>
  );
};

/** The decisions behind a figure, a page at a time (exported for its test). */
export const DrillDown = ({
  drill,
  page,
  data,
  reportHref,
  pageHref,
  assessmentHref,
}: {
  drill: Drill;
  page: number;
  data: AllocationAssessment[];
  reportHref: string;
  pageHref: (page: number) => void;
  assessmentHref: (item: AllocationAssessment) => string;
}) => {
  const items = useMemo(() => drilled(data, drill), [data, drill]);
  const shown = pageOf(items, page, PAGE_SIZE);
  const title = drillTitle(drill);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [drill]);
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link asChild>
          <RouterLink to={reportHref}>Tilbake til rapporten</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="md" ref={heading} tabIndex={-1} id="drill-title">
        {title}
      </Heading>
      <Paragraph>
        {formatNumber(items.length)} vedtak, nyeste først
        {shown.pages > 1 && `. Side ${shown.page} av ${shown.pages}`}. Pasientene vises bare med pseudonym.
      </Paragraph>
      <div>
        <Button variant="secondary" data-size="sm" onClick={() => downloadText(assessmentsCsv(items), `vedtak-${osloToday()}.csv`)}>
          Last ned disse vedtakene (CSV)
        </Button>
      </div>
      <DataList
        rows={shown.items}
        rowKey={decisionKey}
        caption={title}
        testId="decision-table"
        columns={[
          {
            header: 'Vedtatt',
            className: 'nowrap',
            cell: (item) => (
              <Link asChild>
                <RouterLink to={assessmentHref(item)}>{formatDate(item.decidedAt)}</RouterLink>
              </Link>
            ),
          },
          { header: 'Sykehus', cell: (item) => hospitalName(item.hospitalOrgNumber) },
          { header: 'Kommune', cell: (item) => municipalityName(item.municipalityCode) },
          { header: 'Tjeneste', cell: (item) => label(SERVICE_TYPE, item.serviceType) },
          { header: 'Nivå', cell: (item) => label(LEVEL, item.level) },
          { header: 'Trinn', cell: (item) => label(LADDER, item.ladderStep) },
          { header: 'Manglende forutsetninger', className: 'conditions', cell: (item) => item.missingConditions.map((name) => label(CONDITION, name)).join(', ') || 'Ingen' },
          { header: 'Påklaget', cell: (item) => (item.appealed ? 'Ja' : 'Nei') },
        ]}
      />
      <Paging page={shown.page} pages={shown.pages} onPage={pageHref} label="Sider med vedtak" />
    </div>
  );
};

/** The months a report can be made for: this one and the 23 before it. */
const reportMonths = (): string[] => Array.from({ length: 24 }, (_, i) => addMonths(osloToday().slice(0, 7), -i));

export default function Quality() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const query = readQualityQuery(params);
  // An officer, or an auditor of one municipality, sees that one; an auditor of all may pick one.
  const fixedMunicipality = session && session.org !== '*' ? session.org : null;
  const municipality = fixedMunicipality ?? query.municipality;
  const range = useMemo(() => reportRange(query.month), [query.month]);
  const filters = useMemo(() => ({ ...range, municipalityCode: municipality || undefined }), [range, municipality]);
  const assessments = useAssessments(filters);
  const liability = useQuery({
    queryKey: ['liability', municipality],
    queryFn: async (): Promise<LiabilityMonth[]> =>
      (await unwrap(api.GET('/api/v1/liability', { params: { query: municipality ? { municipalityCode: municipality } : {} } }))).items,
    retry: false,
  });

  const href = (next: QualityQuery) => `/kvalitet${writeQualityQuery(next).size ? `?${writeQualityQuery(next)}` : ''}`;
  const set = (next: QualityQuery) => setParams(writeQualityQuery(next), { replace: true });
  const drillHref = (drill: Drill) => href({ ...query, drill, page: 1 });
  const scopeName = municipality ? `${municipalityName(municipality)} kommune` : 'alle kommuner';

  if (assessments.isPending) return <Spinner aria-label="Laster vedtak …" />;
  if (assessments.isError) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>Kunne ikke hente vurderingene. {errorMessage(assessments.error)}</Paragraph>
      </Alert>
    );
  }
  const data = assessments.data;

  if (query.drill) {
    return (
      <DrillDown
        drill={query.drill}
        page={query.page}
        data={data}
        reportHref={href({ ...query, drill: null, page: 1 })}
        pageHref={(page) => setParams(writeQualityQuery({ ...query, page }))}
        assessmentHref={(item) =>
          `/kvalitet/vedtak/${item.caseId}/${item.decisionId}?${new URLSearchParams({ dato: osloToday(new Date(item.decidedAt)), fra: params.toString() })}`
        }
      />
    );
  }

  const versions = [...new Set(data.map((item) => item.ruleVersion))].sort();
  return (
    <div className="stack quality-report">
      <div className="report-head">
        <Heading level={1} data-size="lg">
          Kvalitet: brukermedvirkning i vedtak
        </Heading>
        <Paragraph data-size="lg" data-testid="report-scope">
          Månedsrapport for {scopeName}, {formatLongMonth(query.month)}
        </Paragraph>
        <Paragraph data-size="sm" className="report-meta">
          Tolv måneder fra {formatDate(range.from)} til {formatDate(range.to)}: {formatNumber(data.length)} vedtak. Laget{' '}
          {formatDateTime(new Date(assessments.dataUpdatedAt).toISOString())}.
          {versions.length > 0 && ` Vurdert etter regelverket for medvirkning, versjon ${versions.join(' og ')}.`} Ingen navn eller
          fødselsnumre vises her.
        </Paragraph>
      </div>
      <div className="row no-print report-controls">
        <SelectField
          id="report-month"
          label="Måned"
          value={query.month}
          options={reportMonths().map((month) => [month, formatLongMonth(month)] as const)}
          onChange={(month) => set({ ...query, month })}
        />
        {!fixedMunicipality && (
          <SelectField
            id="report-municipality"
            label="Kommune"
            value={query.municipality}
            options={[['', 'Alle kommuner'], ...Object.entries(MUNICIPALITIES)]}
            onChange={(municipality) => set({ ...query, municipality })}
          />
        )}
        <Button variant="secondary" onClick={() => window.print()}>
          Skriv ut rapporten
        </Button>
        <Button variant="secondary" onClick={() => downloadText(assessmentsCsv(data), `vedtak-${range.from}-${range.to}.csv`)}>
          Last ned vedtakene (CSV)
        </Button>
        <Freshness updatedAt={assessments.dataUpdatedAt} failed={assessments.isRefetchError} />
      </div>
      <KeyFigures query={query} data={data} liability={liability} />
      <Levels query={query} data={data} drillHref={drillHref} onGroupBy={(groupBy) => set({ ...query, groupBy })} />
      <div className="report-grid">
        <Ladder data={data} drillHref={drillHref} />
        <Missing data={data} drillHref={drillHref} />
      </div>
      <Appeals data={data} drillHref={drillHref} />
      <Liability query={query} liability={liability} />
    </div>
  );
}
