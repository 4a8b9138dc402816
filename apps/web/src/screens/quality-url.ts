import { osloToday } from '../format/format';
import type { Drill, GroupBy } from './quality-stats';

/**
 * The Kvalitet screen's state in the URL: which month's report, for which municipality, grouped how, and which
 * decisions are drilled into on which page. Back and a shared link show the same screen.
 */
export interface QualityQuery {
  /** The report's month, `YYYY-MM`; the trends run over the twelve months ending with it. */
  readonly month: string;
  /** A municipality code, or '' for every municipality in the caller's scope. */
  readonly municipality: string;
  readonly groupBy: GroupBy;
  readonly drill: Drill | null;
  /** 1-based page of the drilled decisions. */
  readonly page: number;
}

const GROUP_WORDS: Record<GroupBy, string> = { month: 'maaned', hospital: 'sykehus', municipality: 'kommune' };
const DRILL_WORDS: Record<Drill['by'], string> = { ...GROUP_WORDS, ladderStep: 'trinn', missing: 'mangler', level: 'niva' };
const fromWord = <K extends string>(table: Record<K, string>, word: string | null | undefined): K | undefined =>
  (Object.keys(table) as K[]).find((key) => table[key] === word);

export const currentMonth = (now: Date = new Date()): string => osloToday(now).slice(0, 7);

const isMonth = (value: string | null): value is string => value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

export const readQualityQuery = (params: URLSearchParams, now: Date = new Date()): QualityQuery => {
  const drillText = params.get('utvalg');
  const cut = drillText?.indexOf(':') ?? -1;
  const drillBy = cut > 0 ? fromWord(DRILL_WORDS, drillText!.slice(0, cut)) : undefined;
  const page = Number(params.get('side'));
  return {
    month: isMonth(params.get('maaned')) ? params.get('maaned')! : currentMonth(now),
    municipality: /^\d{4}$/.test(params.get('kommune') ?? '') ? params.get('kommune')! : '',
    groupBy: fromWord(GROUP_WORDS, params.get('gruppering')) ?? 'month',
    drill: drillBy && cut < drillText!.length - 1 ? { by: drillBy, value: drillText!.slice(cut + 1) } : null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
};

export const writeQualityQuery = (query: QualityQuery, now: Date = new Date()): URLSearchParams => {
  const params = new URLSearchParams();
  if (query.month !== currentMonth(now)) params.set('maaned', query.month);
  if (query.municipality) params.set('kommune', query.municipality);
  if (query.groupBy !== 'month') params.set('gruppering', GROUP_WORDS[query.groupBy]);
  if (query.drill) params.set('utvalg', `${DRILL_WORDS[query.drill.by]}:${query.drill.value}`);
  if (query.drill && query.page > 1) params.set('side', String(query.page));
  return params;
};

/** `YYYY-MM` moved by whole months. */
export const addMonths = (month: string, count: number): string => {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** The twelve months ending with `month`, oldest first. */
export const twelveMonths = (month: string): string[] => Array.from({ length: 12 }, (_, i) => addMonths(month, i - 11));

/** The decision dates the report reads: the first day of its first month to the last day of its month (inclusive). */
export const reportRange = (month: string): { from: string; to: string } => {
  const next = addMonths(month, 1);
  const last = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 0)).getUTCDate();
  return { from: `${addMonths(month, -11)}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
};

/** A page of a list, 1-based, clamped to the pages there are. */
export const pageOf = <T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } => {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, page), pages);
  return { items: items.slice((current - 1) * size, current * size), page: current, pages };
};
