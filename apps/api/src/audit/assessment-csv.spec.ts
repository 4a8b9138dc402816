import { CSV_HEADER, csvCell } from './assessment-csv.js';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('defuses %j as a formula: %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    ['Tromsø', 'Tromsø'],
    [3, '3'],
    [false, 'false'],
    [null, ''],
  ] as const)('writes %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('has a header row naming every column once', () => {
    const headers = CSV_HEADER.trimEnd().split(',');
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.slice(0, 3)).toEqual(['caseId', 'decisionId', 'decidedAt']);
    expect(CSV_HEADER.endsWith('\r\n')).toBe(true);
  });
});
