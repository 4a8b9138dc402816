import { readFileSync } from 'node:fs';
import { parseIntakeConfig } from './intake-config.js';

describe('parseIntakeConfig', () => {
  it('reads the demo configuration', () => {
    const config = parseIntakeConfig(readFileSync('infra/demo-intake.json', 'utf8'));
    expect(config.receivers['910002']).toEqual({ municipalityCode: '5001', name: 'Trondheim kommune, Helse- og velferdskontor (tildeling)' });
    expect(config.hospitals['59']).toEqual({ orgNumber: '974749025', name: 'St. Olavs hospital HF' });
    expect(Object.values(config.receivers).map((entry) => entry.municipalityCode)).toEqual(expect.arrayContaining(['5001', '5501', '3301']));
    expect(Object.values(config.hospitals).map((entry) => entry.orgNumber)).toEqual(expect.arrayContaining(['974749025', '983974899']));
  });

  it('says what is wrong, naming the entry', () => {
    expect(() => parseIntakeConfig('{')).toThrow(/not JSON/);
    expect(() => parseIntakeConfig('[]')).toThrow(/object/);
    expect(() => parseIntakeConfig('{"receivers": {"abc": {"municipalityCode": "5001", "name": "x"}}}')).toThrow(/"abc" is not a HER-id/);
    expect(() => parseIntakeConfig('{"receivers": {"1": {"municipalityCode": "501", "name": "x"}}}')).toThrow(/receivers.1: municipalityCode/);
    expect(() => parseIntakeConfig('{"hospitals": {"1": {"orgNumber": "974749026", "name": "x"}}}')).toThrow(/hospitals.1: orgNumber/);
    expect(() => parseIntakeConfig('{"hospitals": {"1": {"orgNumber": "974749025", "name": ""}}}')).toThrow(/name/);
  });
});
