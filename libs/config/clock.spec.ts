import { clockFrom, parseClockSetting } from './clock.js';
import { ConfigError, loadConfig } from './config.js';

describe('the clock setting', () => {
  it('is the system clock unless told otherwise', () => {
    expect(loadConfig({}).clock).toEqual({ mode: 'system' });
    expect(parseClockSetting('system', true)).toEqual({ mode: 'system' });
  });

  it('reads a fixed instant and an offset', () => {
    expect(parseClockSetting('fixed:2024-03-31T00:30:00Z', false)).toEqual({ mode: 'fixed', at: '2024-03-31T00:30:00Z' });
    expect(parseClockSetting('offset:-86400000', false)).toEqual({ mode: 'offset', offsetMs: -86_400_000 });
  });

  it.each(['fixed:yesterday', 'fixed:2024-03-31T00:30:00', 'offset:1h', 'tomorrow'])('refuses %s', (value) => {
    expect(() => loadConfig({ CLOCK: value })).toThrow(ConfigError);
  });

  it('can never be moved in production', () => {
    const production = { NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(32), AUTH_ISSUER: 'https://i', AUTH_AUDIENCE: 'a', AUTH_JWKS_URL: 'https://i/jwks' };
    expect(loadConfig(production).clock).toEqual({ mode: 'system' });
    expect(() => loadConfig({ ...production, CLOCK: 'offset:1000' })).toThrow(
      new ConfigError('CLOCK may only be "system" when NODE_ENV=production'),
    );
    expect(() => loadConfig({ ...production, CLOCK: 'fixed:2024-01-01T00:00:00Z' })).toThrow(ConfigError);
  });

  it('gives the frozen instant, or the system time shifted while it keeps running', () => {
    expect(clockFrom({ mode: 'fixed', at: '2024-12-31T22:59:59.000Z' }).now().toISOString()).toBe('2024-12-31T22:59:59.000Z');
    const shifted = clockFrom({ mode: 'offset', offsetMs: 3_600_000 }).now().getTime() - Date.now();
    expect(Math.abs(shifted - 3_600_000)).toBeLessThan(1000);
  });

  it('reads the regulation rules from REGULATION_CONFIG and refuses bad ones', () => {
    const config = loadConfig({ REGULATION_CONFIG: JSON.stringify({ rulesVersion: 'local', deadlines: { visit: { unit: 'working_days', amount: 2 } } }) });
    expect(config.regulation.rulesVersion).toBe('local');
    expect(config.regulation.deadlines.visit).toEqual({ unit: 'working_days', amount: 2 });
    expect(loadConfig({}).regulation.dayRates['2024']).toBe(5745);
    expect(() => loadConfig({ REGULATION_CONFIG: '{"deadlines":{}}' })).toThrow(ConfigError);
  });
});
