import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { formatOrgNumber, hospitalName, municipalityName, organisationName } from './names';

describe('CSV for Norwegian Excel', () => {
  it('starts with a byte-order mark, separates by semicolon, ends lines with CRLF', () => {
    const csv = toCsv(['Kommune', 'Andel'], [['Tromsø', 0.25]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('Kommune;Andel\r\nTromsø;0,25\r\n');
  });

  it('writes decimal commas, Ja/Nei, empty cells, and quotes what holds a separator, quote or line break', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[true, null, 'Si "ja"; takk', 'to\nlinjer']]).slice(1).split('\r\n')[1]).toBe('Ja;;"Si ""ja""; takk";"to\nlinjer"');
  });
});

describe('organisations by name', () => {
  it('names the sample organisations, and says what an unknown one is instead of showing a bare number', () => {
    expect(hospitalName('974749025')).toBe('St. Olavs hospital');
    expect(municipalityName('5501')).toBe('Tromsø');
    expect(hospitalName('900087101')).toBe('Org.nr. 900 087 101');
    expect(municipalityName('4643')).toBe('Kommune 4643');
    expect(formatOrgNumber('12345')).toBe('12345');
    expect(organisationName('*')).toBe('Alle kommuner');
    expect(organisationName('5001')).toBe('Trondheim kommune');
  });
});
