import { Alert, Button, Heading, Link, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { getJson } from '../api/client';
import { errorMessage } from '../api/problem-messages';
import type { CaseSummary, Page } from '../api/types';
import { useSession } from '../auth/use-session';
import { Freshness } from '../components/Freshness';
import { SelectField } from '../components/SelectField';
import { DataList, type Column } from '../components/DataList';
import { formatDateTime, formatNok, timeLeft } from '../format/format';
import { DEADLINE, LEVEL, STATUS, label } from '../format/labels';
import { HOSPITALS, municipalityName } from '../format/names';
import {
  readWorklistQuery,
  SORTS,
  sortRows,
  toggleSort,
  toRow,
  writeWorklistQuery,
  type SortKey,
  type WorklistQuery,
  type WorklistRow,
} from './worklist-rows';

const REFRESH_MS = 15_000;
/** Rows shown at a time. */
const STEP = 50;
/** Sorting by another column than the deadline sorts in the browser, over at most this many cases. */
const MAX_SORTED = 2000;

type Columns = 'office' | 'hospital';

const useCaseList = (filters: Record<string, string | undefined>, everything: boolean) =>
  useInfiniteQuery({
    queryKey: ['cases', filters, everything],
    queryFn: async ({ pageParam }) =>
      (await getJson<Page<CaseSummary>>('/api/v1/cases', { ...filters, limit: everything ? '200' : undefined, cursor: pageParam ?? undefined })).body,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    // The queue refreshes itself: other officers and hospitals change cases all day.
    refetchInterval: REFRESH_MS,
  });

const caseLink = (row: WorklistRow) => (
  <Link asChild>
    <RouterLink to={`/saker/${row.caseId}`} className="nowrap">
      Innlagt {formatDateTime(row.admittedAt)}
    </RouterLink>
  </Link>
);

const deadlineText = (row: WorklistRow) => (row.nextDeadline ? `${label(DEADLINE, row.nextDeadline.kind)}, ${timeLeft(row.nextDeadline.dueAt)}` : null);
const liabilityText = (row: WorklistRow) =>
  row.liability === null
    ? null
    : `${formatNok(row.liability)}${row.liabilityDisputed ? ' (omstridt)' : ''}${row.liabilityRateMissingDays > 0 ? ' (sats mangler for noen dager)' : ''}`;

/** The columns people read, per list; the other party's organisation is shown, never one's own. Null: nothing to show. */
const COLUMNS: Record<Columns, (Omit<Column<WorklistRow>, 'sort' | 'onSort'> & { sortBy?: SortKey })[]> = {
  office: [
    { header: 'Sak', sortBy: 'innlagt', cell: caseLink },
    { header: 'Status', cell: (row) => label(STATUS, row.status) },
    { header: 'Sykehus', cell: (row) => row.hospital },
    { header: 'Dager utskrivningsklar', sortBy: 'dager', cell: (row) => row.daysSinceReady },
    { header: 'Neste frist', sortBy: 'frist', cell: deadlineText },
    { header: 'Påløpt betaling', sortBy: 'betaling', cell: liabilityText },
    { header: 'Medvirkning så langt', cell: (row) => (row.level ? <Tag data-size="sm">{label(LEVEL, row.level)}</Tag> : null) },
  ],
  hospital: [
    { header: 'Sak', sortBy: 'innlagt', cell: caseLink },
    { header: 'Status', cell: (row) => label(STATUS, row.status) },
    { header: 'Kommune', cell: (row) => row.municipality },
    { header: 'Dager utskrivningsklar', sortBy: 'dager', cell: (row) => row.daysSinceReady },
    { header: 'Neste frist', sortBy: 'frist', cell: deadlineText },
  ],
};

const SORT_OPTIONS = (Object.keys(SORTS) as SortKey[]).flatMap((sort) =>
  (['stigende', 'synkende'] as const).map((direction) => [`${sort}:${direction}`, `${SORTS[sort].label}, ${SORTS[sort][direction]}`] as const),
);

const SortSelect = ({ query, onChange, id }: { query: WorklistQuery; onChange: (next: WorklistQuery) => void; id: string }) => (
  <SelectField
    id={id}
    label="Sorter etter"
    value={`${query.sort}:${query.direction}`}
    options={SORT_OPTIONS}
    onChange={(value) => {
      const [sort, direction] = value.split(':') as [SortKey, WorklistQuery['direction']];
      onChange({ ...query, sort, direction });
    }}
  />
);

/** The open cases as a table on wide screens and as cards on a phone; sorted as the URL says. */
export const CaseList = ({
  filters,
  caption,
  columns,
  query,
  onQuery,
  tools,
}: {
  filters: Record<string, string | undefined>;
  caption: string;
  columns: Columns;
  query: WorklistQuery;
  onQuery: (next: WorklistQuery) => void;
  /** Filters shown in the same row as the sort. */
  tools?: ReactNode;
}) => {
  const byDeadline = query.sort === 'frist' && query.direction === 'stigende';
  const list = useCaseList(filters, !byDeadline);
  const [shown, setShown] = useState(STEP);
  const loaded = list.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
  // Sorting by another column needs every case (the API pages by deadline): the rest of the pages, up to a limit.
  useEffect(() => {
    if (!byDeadline && list.hasNextPage && !list.isFetchingNextPage && loaded < MAX_SORTED) void list.fetchNextPage();
  }, [byDeadline, list, loaded]);

  const toolbar = (
    <div className="row list-tools" role="search" aria-label="Filtrer og sorter saker">
      {tools}
      <SortSelect query={query} onChange={onQuery} id={`sort-${columns}`} />
    </div>
  );
  if (list.isPending) {
    return (
      <div className="stack">
        {toolbar}
        <Spinner aria-label="Laster saker …" />
      </div>
    );
  }
  if (list.isError) {
    return (
      <div className="stack">
        {toolbar}
        <Alert data-color="danger" role="alert">
          <Paragraph>Kunne ikke hente sakene. {errorMessage(list.error)}</Paragraph>
        </Alert>
      </div>
    );
  }
  const all = list.data.pages.flatMap((page) => page.items).map(toRow);
  const rows = byDeadline ? all : sortRows(all, query.sort, query.direction).slice(0, shown);
  const more = byDeadline ? list.hasNextPage : shown < all.length;
  const sorting = !byDeadline && list.hasNextPage && loaded < MAX_SORTED;
  const spec = COLUMNS[columns];

  return (
    <div className="stack">
      {toolbar}
      <Freshness updatedAt={list.dataUpdatedAt} failed={list.isRefetchError} />
      {sorting && <Spinner aria-label="Henter alle sakene for å sortere …" data-size="sm" />}
      {!byDeadline && loaded >= MAX_SORTED && list.hasNextPage && (
        <Alert data-color="info">
          <Paragraph>Sorteringen gjelder de {MAX_SORTED.toLocaleString('nb-NO')} sakene med nærmest frist. Bruk filtrene for å snevre inn listen.</Paragraph>
        </Alert>
      )}
      {rows.length === 0 ? (
        <Paragraph>Ingen saker.</Paragraph>
      ) : (
        <DataList
          rows={rows}
          rowKey={(row) => row.caseId}
          caption={caption}
          testId="case-table"
          columns={spec.map(({ sortBy, ...column }) =>
            sortBy
              ? {
                  ...column,
                  sort: query.sort === sortBy ? (query.direction === 'stigende' ? 'ascending' : 'descending') : 'none',
                  onSort: () => onQuery(toggleSort(query, sortBy)),
                }
              : column,
          )}
        />
      )}
      {more && (
        <div>
          <Button
            variant="secondary"
            onClick={() => (byDeadline ? void list.fetchNextPage() : setShown((count) => count + STEP))}
            disabled={list.isFetchingNextPage}
          >
            Vis flere
          </Button>
        </div>
      )}
    </div>
  );
};

/** The list state from the URL, and a setter that writes it back (replacing: filtering is not a new page). */
export const useWorklistQuery = (): [WorklistQuery, (next: WorklistQuery) => void] => {
  const [params, setParams] = useSearchParams();
  return [readWorklistQuery(params), (next) => setParams(writeWorklistQuery(next, params), { replace: true })];
};

const FILTER_STATUSES = ['notified', 'awaiting_decision', 'decided'];

export default function Worklist() {
  const session = useSession();
  const [query, setQuery] = useWorklistQuery();
  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        Arbeidsliste
      </Heading>
      <Paragraph>Åpne saker for {municipalityName(session?.org)} kommune. Listen oppdaterer seg selv.</Paragraph>
      <CaseList
        caption="Åpne saker"
        columns="office"
        query={query}
        onQuery={setQuery}
        filters={{ status: query.status || 'open', hospitalOrgNumber: query.hospital || undefined }}
        tools={
          <>
            <SelectField
              id="filter-status"
              label="Status"
              value={query.status}
              options={[['', 'Alle åpne'], ...FILTER_STATUSES.map((code) => [code, label(STATUS, code)] as const)]}
              onChange={(status) => setQuery({ ...query, status })}
            />
            <SelectField
              id="filter-hospital"
              label="Sykehus"
              value={query.hospital}
              options={[['', 'Alle'], ...Object.entries(HOSPITALS)]}
              onChange={(hospital) => setQuery({ ...query, hospital })}
            />
          </>
        }
      />
    </div>
  );
}
