import * as Plot from '@observablehq/plot';
import { formatMonth, formatNumber, formatPercent } from '../format/format';
import type { LevelRow, LiabilityMonthRow } from './quality-stats';

/**
 * The Kvalitet charts. Every number in nb-NO (space between thousands, "%", "kr"), names instead of codes, labels
 * that do not overlap (groups with long names as horizontal bars), and gaps where there is no data.
 */
const COLORS = { deltakelse: '#b35c00', innflytelse: '#1e5bb8', warning: '#8a4b00', bar: '#1e5bb8' };
const STYLE = { fontSize: '12px', fontFamily: 'inherit', overflow: 'visible' } as const;

/** Room for the longest label, up to 40 % of the width (longer ones wrap). */
const labelMargin = (labels: readonly string[], width: number): number =>
  Math.min(Math.max(60, ...labels.map((text) => text.length * 7 + 12)), Math.round(width * 0.4));

const LEVEL_DOMAIN = ['Innflytelse', 'Deltakelse'];
const LEVEL_RANGE = [COLORS.innflytelse, COLORS.deltakelse];

const shares = (rows: readonly LevelRow[], name: (row: LevelRow) => string) =>
  rows.flatMap((row) =>
    row.decisions === 0
      ? []
      : [
          { group: name(row), level: 'Innflytelse', share: row.innflytelse / row.decisions, count: row.innflytelse },
          { group: name(row), level: 'Deltakelse', share: row.deltakelse / row.decisions, count: row.deltakelse },
        ],
  );

/** Share of innflytelse and deltakelse per month: columns, months without decisions left empty and marked "ingen". */
export const monthlyLevelsChart = (rows: readonly LevelRow[], width: number) => {
  const domain = rows.map((row) => formatMonth(row.group));
  return Plot.plot({
    width,
    height: 300,
    marginBottom: 56,
    marginLeft: 48,
    style: STYLE,
    x: { domain, label: null, tickRotate: -40, tickSize: 0 },
    y: { domain: [0, 1], label: 'Andel av vedtakene', tickFormat: (share: number) => formatPercent(share), grid: true },
    color: { domain: LEVEL_DOMAIN, range: LEVEL_RANGE, legend: true },
    marks: [
      Plot.barY(shares(rows, (row) => formatMonth(row.group)), {
        x: 'group',
        y: 'share',
        fill: 'level',
        order: LEVEL_DOMAIN,
        title: (d: { group: string; level: string; share: number; count: number }) => `${d.group}: ${d.level} ${formatPercent(d.share)} (${formatNumber(d.count)})`,
      }),
      Plot.text(
        rows.filter((row) => row.decisions === 0),
        { x: (row: LevelRow) => formatMonth(row.group), y: 0.04, text: () => 'ingen', fill: '#555', fontSize: 11, rotate: -90, textAnchor: 'start' },
      ),
      Plot.ruleY([0]),
    ],
  });
};

/** Share of innflytelse and deltakelse per hospital or municipality: horizontal bars, names on the left. */
export const groupLevelsChart = (rows: readonly LevelRow[], name: (code: string) => string, width: number) => {
  const names = rows.map((row) => name(row.group));
  return Plot.plot({
    width,
    height: 60 + rows.length * 44,
    marginLeft: labelMargin(names, width),
    marginRight: 16,
    style: STYLE,
    x: { domain: [0, 1], label: 'Andel av vedtakene', tickFormat: (share: number) => formatPercent(share), grid: true, ticks: width < 500 ? 4 : 10 },
    y: { domain: names, label: null },
    color: { domain: LEVEL_DOMAIN, range: LEVEL_RANGE, legend: true },
    marks: [
      Plot.barX(shares(rows, (row) => name(row.group)), { y: 'group', x: 'share', fill: 'level', order: LEVEL_DOMAIN }),
      Plot.axisY({ tickSize: 0, lineWidth: 12, label: null }),
      Plot.ruleX([0]),
    ],
  });
};

/** Counts per category as horizontal bars, each labelled "n (x %)". */
export const countChart = (
  rows: readonly { key: string; count: number; share: number }[],
  name: (key: string) => string,
  width: number,
  axisLabel: string,
) => {
  const names = rows.map((row) => name(row.key));
  const max = Math.max(1, ...rows.map((row) => row.count));
  return Plot.plot({
    width,
    height: 40 + rows.length * 40,
    marginLeft: labelMargin(names, width),
    marginRight: 90,
    style: STYLE,
    x: { domain: [0, max], label: axisLabel, tickFormat: (n: number) => formatNumber(n), ticks: Math.min(4, max), grid: true },
    y: { domain: names, label: null },
    marks: [
      Plot.barX(rows, { y: (row: { key: string }) => name(row.key), x: 'count', fill: COLORS.bar }),
      Plot.text(rows, {
        y: (row: { key: string }) => name(row.key),
        x: 'count',
        text: (row: { count: number; share: number }) => `${formatNumber(row.count)} (${formatPercent(row.share)})`,
        textAnchor: 'start',
        dx: 4,
      }),
      Plot.axisY({ tickSize: 0, lineWidth: 14, label: null }),
      Plot.ruleX([0]),
    ],
  });
};

/**
 * Liability per month in kr: owed and disputed stacked; a month with no figures is a gap marked "–"; a month with
 * days the regulation has no rate for is marked, since its amount is too low.
 */
export const liabilityChart = (rows: readonly LiabilityMonthRow[], width: number) => {
  const domain = rows.map((row) => formatMonth(row.month));
  const bars = rows.flatMap((row) =>
    row.owed === null
      ? []
      : [
          { month: formatMonth(row.month), kind: row.rateMissingDays > 0 ? 'Skyldig (sats mangler for noen dager)' : 'Skyldig', amount: row.owed },
          { month: formatMonth(row.month), kind: 'Omstridt', amount: row.disputed },
        ],
  );
  return Plot.plot({
    width,
    height: 300,
    marginBottom: 56,
    marginLeft: 72,
    style: STYLE,
    x: { domain, label: null, tickRotate: -40, tickSize: 0 },
    y: { label: 'kr', tickFormat: (amount: number) => formatNumber(amount), grid: true, nice: true },
    color: {
      domain: ['Skyldig', 'Skyldig (sats mangler for noen dager)', 'Omstridt'],
      range: [COLORS.bar, COLORS.warning, '#7d7d7d'],
      legend: true,
    },
    marks: [
      Plot.barY(bars, { x: 'month', y: 'amount', fill: 'kind', title: (d: { month: string; kind: string; amount: number }) => `${d.month}: ${d.kind} ${formatNumber(d.amount)} kr` }),
      Plot.text(
        rows.filter((row) => row.owed === null),
        { x: (row: LiabilityMonthRow) => formatMonth(row.month), y: 0, text: () => '–', dy: -8, fill: '#555' },
      ),
      Plot.ruleY([0]),
    ],
  });
};
