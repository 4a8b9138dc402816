import { Alert, Button, Field, Heading, Label, Link, Paragraph, Select, Spinner, Table, Tag } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { getJson } from '../api/client';
import type { CaseSummary, Page } from '../api/types';
import { useSession } from '../auth/use-session';
import { formatDate, formatNok, timeLeft } from '../format/format';
import { DEADLINE, HOSPITAL, LEVEL, STATUS, label } from '../format/labels';
import { TableScroll } from '../components/TableScroll';
import { toRow } from './worklist-rows';

const REFRESH_MS = 15_000;

export const useCaseList = (filters: Record<string, string | undefined>) =>
  useInfiniteQuery({
    queryKey: ['cases', filters],
    queryFn: async ({ pageParam }) => (await getJson<Page<CaseSummary>>('/api/v1/cases', { ...filters, cursor: pageParam ?? undefined })).body,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    // The queue refreshes itself: other officers and hospitals change cases all day.
    refetchInterval: REFRESH_MS,
  });

export const CaseTable = ({ filters, caption }: { filters: Record<string, string | undefined>; caption: string }) => {
  const list = useCaseList(filters);
  if (list.isPending) return <Spinner aria-label="Laster saker …" />;
  if (list.isError) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>Kunne ikke hente sakene: {list.error.message}</Paragraph>
      </Alert>
    );
  }
  const rows = list.data.pages.flatMap((page) => page.items).map((item) => toRow(item));
  return (
    <div className="stack">
      <TableScroll label="Saker">
        <Table zebra data-testid="case-table">
          <caption>{caption}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>Sak</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Sykehus</Table.HeaderCell>
              <Table.HeaderCell>Kommune</Table.HeaderCell>
              <Table.HeaderCell>Dager utskrivningsklar</Table.HeaderCell>
              <Table.HeaderCell>Påløpt betaling</Table.HeaderCell>
              <Table.HeaderCell>Neste frist</Table.HeaderCell>
              <Table.HeaderCell>Medvirkning så langt</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((row) => (
              <Table.Row key={row.caseId}>
                <Table.Cell>
                  <Link asChild>
                    <RouterLink to={`/saker/${row.caseId}`}>Innlagt {formatDate(row.admittedAt)}</RouterLink>
                  </Link>
                </Table.Cell>
                <Table.Cell>{label(STATUS, row.status)}</Table.Cell>
                <Table.Cell>{row.hospital}</Table.Cell>
                <Table.Cell>{row.municipality}</Table.Cell>
                <Table.Cell>{row.daysSinceReady ?? '–'}</Table.Cell>
                <Table.Cell>{formatNok(row.liability)}{row.liabilityDisputed ? " (omstridt)" : ""}</Table.Cell>
                <Table.Cell>
                  {row.nextDeadline ? `${label(DEADLINE, row.nextDeadline.kind)}, ${timeLeft(row.nextDeadline.dueAt)}` : '–'}
                </Table.Cell>
                <Table.Cell>{row.level ? <Tag>{label(LEVEL, row.level)}</Tag> : '–'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </TableScroll>
      {rows.length === 0 && <Paragraph>Ingen saker.</Paragraph>}
      {list.hasNextPage && (
        <div>
          <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            Vis flere
          </Button>
        </div>
      )}
    </div>
  );
};

const FILTER_STATUSES = ['notified', 'awaiting_decision', 'decided'];

export default function Worklist() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const hospital = params.get('sykehus') ?? '';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        Arbeidsliste
      </Heading>
      <Paragraph>Åpne saker for kommune {session?.org}, sortert etter neste frist. Listen oppdateres av seg selv.</Paragraph>
      <div className="row" role="search" aria-label="Filtrer saker">
        <Field>
          <Label htmlFor="filter-status">Status</Label>
          <Select id="filter-status" value={status} onChange={(event) => set('status', event.target.value)}>
            <Select.Option value="">Alle åpne</Select.Option>
            {FILTER_STATUSES.map((code) => (
              <Select.Option key={code} value={code}>
                {label(STATUS, code)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="filter-hospital">Sykehus</Label>
          <Select id="filter-hospital" value={hospital} onChange={(event) => set('sykehus', event.target.value)}>
            <Select.Option value="">Alle</Select.Option>
            {Object.entries(HOSPITAL).map(([code, name]) => (
              <Select.Option key={code} value={code}>
                {name}
              </Select.Option>
            ))}
          </Select>
        </Field>
      </div>
      <CaseTable caption="Åpne saker" filters={{ status: status || 'open', hospitalOrgNumber: hospital || undefined }} />
    </div>
  );
}
