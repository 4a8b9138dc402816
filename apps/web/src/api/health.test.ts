import { describe, expect, it } from 'vitest';
import { healthWarning, readHealth } from './health';

const projection = (secondsBehind: number, extra: Record<string, unknown> = {}) => ({ projection: 'case_summaries', secondsBehind, eventsBehind: 3, ...extra });

describe('reading GET /health for the screens', () => {
  it('is quiet when all is well', () => {
    const health = readHealth(200, { status: 'ok', projections: [projection(2)] });
    expect(health.level).toBe('ok');
    expect(healthWarning(health)).toBeNull();
  });

  it('warns that the figures may be late when a projection lags over a minute, saying by how much', () => {
    const health = readHealth(200, { status: 'degraded', projections: [projection(12 * 60)] });
    expect(health.level).toBe('behind');
    expect(healthWarning(health)).toMatch(/^Tallene kan være forsinket\. .*12 minutter/);
  });

  it('counts failing cases whether the server lists them or counts them', () => {
    expect(readHealth(200, { status: 'degraded', projections: [projection(0, { failingCases: [{ caseId: 'a' }, { caseId: 'b' }] })] }).failingCases).toBe(2);
    const health = readHealth(200, { status: 'degraded', projections: [projection(0, { failingCases: 1 })] });
    expect(health.level).toBe('failing');
    expect(healthWarning(health)).toMatch(/én sak kan ikke oppdateres/);
  });

  it('reads degraded without details, down, and the older "unavailable" and a 503', () => {
    expect(readHealth(200, { status: 'degraded', projections: [] }).level).toBe('degraded');
    expect(readHealth(503, { status: 'down' }).level).toBe('down');
    expect(readHealth(503, { status: 'unavailable' }).level).toBe('down');
    expect(readHealth(200, null).level).toBe('ok');
  });
});
