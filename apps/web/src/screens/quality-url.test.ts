import { describe, expect, it } from 'vitest';
import { addMonths, pageOf, readQualityQuery, reportRange, twelveMonths, writeQualityQuery } from './quality-url';

const now = new Date('2026-12-04T12:00:00Z');

describe('the Kvalitet screen in the URL', () => {
  it('defaults to this month, every municipality, by month, no drill-down', () => {
    expect(readQualityQuery(new URLSearchParams(), now)).toEqual({ month: '2026-12', municipality: '', groupBy: 'month', drill: null, page: 1 });
    expect(writeQualityQuery(readQualityQuery(new URLSearchParams(), now), now).toString()).toBe('');
  });

  it('round-trips a drill-down with its page, so Back and a shared link show the same decisions', () => {
    const text = 'maaned=2026-03&kommune=5001&gruppering=sykehus&utvalg=sykehus%3A974749025&side=3';
    const query = readQualityQuery(new URLSearchParams(text), now);
    expect(query).toEqual({ month: '2026-03', municipality: '5001', groupBy: 'hospital', drill: { by: 'hospital', value: '974749025' }, page: 3 });
    expect(writeQualityQuery(query, now).toString()).toBe(text);
    expect(readQualityQuery(new URLSearchParams('utvalg=mangler:alternativesPresented'), now).drill).toEqual({ by: 'missing', value: 'alternativesPresented' });
  });

  it('ignores what it does not understand', () => {
    expect(readQualityQuery(new URLSearchParams('maaned=2026-13&kommune=abc&utvalg=tull:1&side=-2'), now)).toEqual({
      month: '2026-12',
      municipality: '',
      groupBy: 'month',
      drill: null,
      page: 1,
    });
  });

  it('covers the twelve months ending with the report month, across a new year', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(twelveMonths('2026-03')).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    expect(reportRange('2026-02')).toEqual({ from: '2025-03-01', to: '2026-02-28' });
    expect(reportRange('2024-02')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
  });

  it('pages a list, clamping a page past the end', () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    expect(pageOf(items, 2, 25)).toEqual({ items: items.slice(25, 50), page: 2, pages: 3 });
    expect(pageOf(items, 9, 25).page).toBe(3);
    expect(pageOf([], 1, 25)).toEqual({ items: [], page: 1, pages: 1 });
  });
});
