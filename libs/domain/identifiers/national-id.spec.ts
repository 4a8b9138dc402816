import fc from 'fast-check';
import { checkNationalId, isValidNationalId } from './national-id.js';
import { syntheticNationalId } from './synthetic-national-id.js';

describe('checkNationalId', () => {
  describe('valid fødselsnumre', () => {
    it.each([
      ['31129956715', '1899-12-31', 'individual numbers 500–749 for 1854–1899'],
      ['01019950065', '1899-01-01', 'the first of the 1800s series'],
      ['15057600362', '1976-05-15', 'individual numbers 000–499 for 1900–1999'],
      ['21058511231', '1985-05-21', 'individual numbers 000–499 for 1900–1999'],
      ['01018992341', '1989-01-01', 'individual numbers 900–999 for 1940–1999'],
      ['29029643383', '1996-02-29', 'a leap day'],
      ['29020052331', '2000-02-29', '2000 is a leap year'],
      ['01010150740', '2001-01-01', 'individual numbers 500–999 for 2000–2039, control digit 0'],
    ])('%s (%s: %s)', (value, birthDate) => {
      expect(checkNationalId(value)).toEqual({ valid: true, kind: 'fodselsnummer', synthetic: null, birthDate });
      expect(isValidNationalId(value)).toBe(true);
    });
  });

  describe('valid D-numbers (day + 40)', () => {
    it.each([
      ['41058511283', '1985-05-01'],
      ['71018000304', '1980-01-31'],
      ['45040310146', '1903-04-05'],
      // 600–899 for 1940–1999 are D-number series only (since 2021)
      ['41016085071', '1960-01-01'],
      ['41014565084', '1945-01-01'],
    ])('%s is born %s', (value, birthDate) => {
      expect(checkNationalId(value)).toEqual({ valid: true, kind: 'd_number', synthetic: null, birthDate });
    });

    it.each([
      ['41012030078', '1920 or 2020'],
      ['41016065046', '1860 or 1960'],
    ])('leaves the birth date of %s open: the 2021 series make it %s', (value) => {
      expect(checkNationalId(value)).toEqual({ valid: true, kind: 'd_number', synthetic: null, birthDate: null });
    });

    it('settles an ambiguous century when today rules out the later one', () => {
      expect(checkNationalId('41012030078', { today: '2019-06-01' })).toMatchObject({ valid: true, birthDate: '1920-01-01' });
    });
  });

  describe('invalid numbers', () => {
    it.each([
      ['', 'not_11_digits'],
      ['3112995671', 'not_11_digits'],
      ['311299567155', 'not_11_digits'],
      ['3112995671a', 'not_11_digits'],
      [' 3112995671', 'not_11_digits'],
      ['31129956716', 'control_digits'],
      ['31129956705', 'control_digits'],
      ['00000000000', 'no_such_date'],
      // 290240923: k1 would be 10, so no number on this base is valid
      ['29024092300', 'control_digits'],
      ['29024092310', 'control_digits'],
      ['01138000326', 'no_such_date'],
      ['72018000343', 'no_such_date'],
      ['31045000306', 'no_such_date'],
      ['29020040015', 'no_such_date'],
      ['01015475060', 'individual_number_out_of_range'],
      ['01016085088', 'individual_number_out_of_range'],
      ['01014565090', 'individual_number_out_of_range'],
    ])('%j: %s', (value, reason) => {
      expect(checkNationalId(value)).toEqual({ valid: false, reason });
      expect(isValidNationalId(value)).toBe(false);
    });

    it('refuses a birth date after today', () => {
      expect(checkNationalId('01013050038')).toMatchObject({ valid: true, birthDate: '2030-01-01' });
      expect(checkNationalId('01013050038', { today: '2026-03-01' })).toEqual({ valid: false, reason: 'born_after_today' });
      expect(checkNationalId('01013050038', { today: '2030-01-01' })).toMatchObject({ valid: true });
    });
  });

  describe('synthetic numbers', () => {
    it.each([
      ['29422059278', 'nav', 'fodselsnummer', '2020-02-29'],
      ['15507600333', 'nav', 'fodselsnummer', '1976-10-15'],
      ['69422056629', 'nav', 'd_number', '2020-02-29'],
      ['01818000363', 'tenor', 'fodselsnummer', '1980-01-01'],
      ['41818000357', 'tenor', 'd_number', '1980-01-01'],
    ])('%s (%s %s) only when allowed', (value, synthetic, kind, birthDate) => {
      expect(checkNationalId(value)).toEqual({ valid: false, reason: 'synthetic_not_allowed' });
      expect(checkNationalId(value, { allowSynthetic: false })).toEqual({ valid: false, reason: 'synthetic_not_allowed' });
      expect(checkNationalId(value, { allowSynthetic: true })).toEqual({ valid: true, kind, synthetic, birthDate });
    });

    it('still checks the control digits of synthetic numbers', () => {
      expect(checkNationalId('01818000364', { allowSynthetic: true })).toEqual({ valid: false, reason: 'control_digits' });
    });
  });

  it('refuses every number with one digit changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('31129956715', '01010150740', '41016085071', '29422059278'),
        fc.nat(10),
        fc.integer({ min: 1, max: 9 }),
        (value, position, delta) => {
          const digit = (Number(value[position]) + delta) % 10;
          const changed = `${value.slice(0, position)}${digit}${value.slice(position + 1)}`;
          expect(checkNationalId(changed, { allowSynthetic: true })).toEqual({ valid: false, reason: 'control_digits' });
        },
      ),
    );
  });
});

describe('syntheticNationalId', () => {
  it('is deterministic and matches hand-computed numbers', () => {
    expect(syntheticNationalId({ birthDate: '1980-01-01', individualNumber: 3 })).toBe('01818000363');
    expect(syntheticNationalId({ birthDate: '1980-01-01', individualNumber: 3, dNumber: true })).toBe('41818000357');
    expect(syntheticNationalId({ birthDate: '2020-02-29', individualNumber: 592, scheme: 'nav' })).toBe('29422059278');
    expect(syntheticNationalId({ birthDate: '1980-01-01', individualNumber: 3 })).toBe('01818000363');
  });

  it('moves on to the next individual number when the given one has no control digits', () => {
    // 290240923 has no valid k1 (see above); as a Tenor number it is 298240923
    const id = syntheticNationalId({ birthDate: '1940-02-29', individualNumber: 923 });
    expect(id.slice(0, 6)).toBe('298240');
    expect(checkNationalId(id, { allowSynthetic: true })).toMatchObject({ valid: true, birthDate: '1940-02-29' });
  });

  it.each([
    [{ birthDate: '2021-02-29', individualNumber: 500 }, /calendar date/],
    [{ birthDate: '1.1.1980', individualNumber: 3 }, /calendar date/],
    [{ birthDate: '1980-01-01', individualNumber: 750 }, /not given to people born in 1980/],
    [{ birthDate: '2001-01-01', individualNumber: 499 }, /not given/],
    [{ birthDate: '1850-01-01', individualNumber: 600 }, /not given/],
    [{ birthDate: '2040-01-01', individualNumber: 600 }, /not given/],
    [{ birthDate: '1980-01-01', individualNumber: 1.5 }, /not given/],
  ])('refuses an impossible spec %j', (spec, message) => {
    expect(() => syntheticNationalId(spec)).toThrow(message);
  });

  it('always yields a valid synthetic number with the birth date asked for', () => {
    const spec = fc
      .record({
        date: fc.date({ min: new Date('1854-01-01T00:00:00Z'), max: new Date('2039-12-31T00:00:00Z'), noInvalidDate: true }),
        pick: fc.nat(999),
        scheme: fc.constantFrom('nav' as const, 'tenor' as const),
        dNumber: fc.boolean(),
      })
      .map(({ date, pick, scheme, dNumber }) => {
        const year = date.getUTCFullYear();
        const inNineHundreds = pick % 2 === 0;
        const [from, size] =
          year < 1900 ? [500, 250] : year < 1940 ? [0, 500] : year >= 2000 ? [500, 500] : inNineHundreds ? [900, 100] : [0, 500];
        return { birthDate: date.toISOString().slice(0, 10), individualNumber: from + (pick % size), scheme, dNumber };
      });
    fc.assert(
      fc.property(spec, (s) => {
        const id = syntheticNationalId(s);
        expect(checkNationalId(id, { allowSynthetic: true, today: s.birthDate })).toEqual({
          valid: true,
          kind: s.dNumber ? 'd_number' : 'fodselsnummer',
          synthetic: s.scheme,
          birthDate: s.birthDate,
        });
        expect(checkNationalId(id)).toEqual({ valid: false, reason: 'synthetic_not_allowed' });
      }),
      { numRuns: 300 },
    );
  });
});
