import type { CaseSummary } from '../api/types';
import { hospitalName, municipalityName } from '../format/names';

export interface WorklistRow {
  readonly caseId: string;
  readonly status: string;
  readonly hospital: string;
  readonly municipality: string;
  readonly admittedAt: string;
  readonly daysSinceReady: number | null;
  readonly liability: number | null;
  readonly liabilityDisputed: boolean;
  readonly liabilityRateMissingDays: number;
  readonly nextDeadline: { kind: string; dueAt: string } | null;
  readonly level: string | null;
}

/** One row of the work queue from a CaseSummary, with names for the codes. */
export const toRow = (item: CaseSummary): WorklistRow => ({
  caseId: item.caseId,
  status: item.status,
  hospital: hospitalName(item.hospitalOrgNumber),
  municipality: municipalityName(item.municipalityCode),
  admittedAt: item.admittedAt,
  daysSinceReady: item.daysWaiting,
  liability: item.liability?.amount ?? null,
  liabilityDisputed: item.liability?.status === 'disputed',
  liabilityRateMissingDays: item.liability?.rateMissingDays ?? 0,
  nextDeadline: item.nextDeadline,
  level: item.participation?.level ?? null,
});

export type SortKey = 'frist' | 'dager' | 'betaling' | 'innlagt';
export type Direction = 'stigende' | 'synkende';

/** Each column's name, the direction a click gives first, and how each direction reads. */
export const SORTS: Record<SortKey, { label: string; natural: Direction } & Record<Direction, string>> = {
  frist: { label: 'Neste frist', natural: 'stigende', stigende: 'nærmeste først', synkende: 'fjerneste først' },
  dager: { label: 'Dager utskrivningsklar', natural: 'synkende', stigende: 'færrest først', synkende: 'flest først' },
  betaling: { label: 'Påløpt betaling', natural: 'synkende', stigende: 'minst først', synkende: 'størst først' },
  innlagt: { label: 'Innlagt', natural: 'stigende', stigende: 'eldste først', synkende: 'nyeste først' },
};

/** The list's state in the URL, so it survives a reload, Back, and a link sent to a colleague. */
export interface WorklistQuery {
  readonly status: string;
  readonly hospital: string;
  readonly sort: SortKey;
  readonly direction: Direction;
}

const isSort = (value: string | null): value is SortKey => value !== null && Object.hasOwn(SORTS, value);

export const readWorklistQuery = (params: URLSearchParams): WorklistQuery => {
  const sort = isSort(params.get('sortering')) ? (params.get('sortering') as SortKey) : 'frist';
  const direction = params.get('retning');
  return {
    status: params.get('status') ?? '',
    hospital: params.get('sykehus') ?? '',
    sort,
    direction: direction === 'stigende' || direction === 'synkende' ? direction : SORTS[sort].natural,
  };
};

/** Only what differs from the defaults, so the plain list has the plain URL. */
export const writeWorklistQuery = (query: WorklistQuery, into: URLSearchParams = new URLSearchParams()): URLSearchParams => {
  const params = new URLSearchParams(into);
  const set = (key: string, value: string, fallback: string) => (value && value !== fallback ? params.set(key, value) : params.delete(key));
  set('status', query.status, '');
  set('sykehus', query.hospital, '');
  set('sortering', query.sort, 'frist');
  set('retning', query.direction, SORTS[query.sort].natural);
  return params;
};

/** Clicking a column: its natural direction first, the other on a second click. */
export const toggleSort = (query: WorklistQuery, sort: SortKey): WorklistQuery =>
  query.sort === sort
    ? { ...query, direction: query.direction === 'stigende' ? 'synkende' : 'stigende' }
    : { ...query, sort, direction: SORTS[sort].natural };

const sortValue = (row: WorklistRow, sort: SortKey): number | null => {
  switch (sort) {
    case 'frist':
      return row.nextDeadline ? Date.parse(row.nextDeadline.dueAt) : null;
    case 'dager':
      return row.daysSinceReady;
    case 'betaling':
      return row.liability;
    case 'innlagt':
      return Date.parse(row.admittedAt);
  }
};

/** Sorted by one column; rows without a value last whichever the direction, ties by admission. */
export const sortRows = (rows: readonly WorklistRow[], sort: SortKey, direction: Direction): WorklistRow[] => {
  const sign = direction === 'stigende' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort);
    const y = sortValue(b, sort);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * sign || Date.parse(a.admittedAt) - Date.parse(b.admittedAt);
  });
};
