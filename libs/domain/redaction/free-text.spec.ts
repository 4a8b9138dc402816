import fc from 'fast-check';
import { isValidNationalId, nationalIdControlDigits } from '#libs/domain/identifiers/national-id.js';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { NAME_MARK, NATIONAL_ID_MARK, patientNameWords, textRedactor } from './free-text.js';

const SEPARATORS = [' ', '.', '-', '\u00a0'];
const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';

/**
 * The oracle: every national ID in `text`, read the slow way from each digit on, with one separator allowed after the
 * day, the month and the year.
 */
const idsIn = (text: string): string[] => {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    let digits = '';
    for (let p = i; digits.length < 11; p++) {
      if ([2, 4, 6].includes(digits.length) && SEPARATORS.includes(text[p]!) && isDigit(text[p + 1])) p++;
      if (!isDigit(text[p])) break;
      digits += text[p];
    }
    if (digits.length === 11 && isValidNationalId(digits, { allowSynthetic: true })) found.push(digits);
  }
  return found;
};

/** The oracle for names: the words of `text` that are one of `names`, or its genitive. */
const namesIn = (text: string, names: readonly string[]): string[] => {
  const words = names.flatMap(patientNameWords);
  return (text.normalize('NFC').match(/[\p{L}\p{M}]+/gu) ?? []).filter((word) => {
    const lower = word.toLowerCase();
    return words.some((name) => lower === name || lower === `${name}s`);
  });
};

/** A valid national ID from its first nine digits, or null when they have no control digits. */
const withControls = (firstNine: string): string | null => {
  const controls = nationalIdControlDigits(firstNine);
  return controls === null ? null : `${firstNine}${controls}`;
};

const firstValid = (datePart: string, from: number): string => {
  for (let n = from; n < 1000; n++) {
    const id = withControls(`${datePart}${String(n).padStart(3, '0')}`);
    if (id && isValidNationalId(id, { allowSynthetic: true })) return id;
  }
  throw new Error(`no valid id for ${datePart}`);
};

const FNR = firstValid('010203', 500); // born 1 February 2003
const D_NUMBER = firstValid('410203', 500); // day + 40
const TENOR = syntheticNationalId({ birthDate: '1985-07-15', individualNumber: 123 });
const H_NUMBER = syntheticNationalId({ birthDate: '1985-07-15', individualNumber: 123, scheme: 'nav' });

const anyNationalId = fc
  .record({
    date: fc.date({ min: new Date('1860-01-01'), max: new Date('2039-12-31'), noInvalidDate: true }),
    individual: fc.integer({ min: 0, max: 999 }),
    dNumber: fc.boolean(),
    monthOffset: fc.constantFrom(0, 40, 80),
  })
  .map(({ date, individual, dNumber, monthOffset }) => {
    const day = date.getUTCDate() + (dNumber ? 40 : 0);
    const month = date.getUTCMonth() + 1 + monthOffset;
    const pad = (n: number) => String(n).padStart(2, '0');
    return withControls(`${pad(day)}${pad(month)}${pad(date.getUTCFullYear() % 100)}${String(individual).padStart(3, '0')}`);
  })
  .filter((id): id is string => id !== null && isValidNationalId(id, { allowSynthetic: true }));

/** An ID as someone might type it: plain, or with a separator after the day, the month and/or the year. */
const typedNationalId = fc
  .tuple(anyNationalId, fc.constantFrom('', ...SEPARATORS), fc.constantFrom('', ...SEPARATORS), fc.constantFrom('', ...SEPARATORS))
  .map(([id, afterDay, afterMonth, afterYear]) => `${id.slice(0, 2)}${afterDay}${id.slice(2, 4)}${afterMonth}${id.slice(4, 6)}${afterYear}${id.slice(6)}`);

const digitsAndSeparators = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ...SEPARATORS), maxLength: 30 });
const prose = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 30 }), digitsAndSeparators);

const NAMES = ['Kari Nordmann', 'Åse Bjørg Ødegård-Lie', 'Per de Lange', 'Li Xu'];

describe('textRedactor: national ID numbers', () => {
  const redact = textRedactor([]);

  it.each([
    ['a fødselsnummer', FNR],
    ['a D-number', D_NUMBER],
    ['a synthetic number (Tenor, month + 80)', TENOR],
    ['an H-number or NAV synthetic number (month + 40)', H_NUMBER],
  ])('replaces %s', (_, id) => {
    expect(redact(`Pasienten ${id} er innlagt`)).toBe(`Pasienten ${NATIONAL_ID_MARK} er innlagt`);
  });

  it.each([
    ['with a space', `${FNR.slice(0, 6)} ${FNR.slice(6)}`],
    ['with a dot', `${FNR.slice(0, 6)}.${FNR.slice(6)}`],
    ['with a hyphen', `${FNR.slice(0, 6)}-${FNR.slice(6)}`],
    ['with a no-break space', `${FNR.slice(0, 6)}\u00a0${FNR.slice(6)}`],
    ['as a dotted date', `${FNR.slice(0, 2)}.${FNR.slice(2, 4)}.${FNR.slice(4, 6)} ${FNR.slice(6)}`],
  ])('replaces one written %s', (_, written) => {
    expect(redact(`fnr: ${written}.`)).toBe(`fnr: ${NATIONAL_ID_MARK}.`);
  });

  it('replaces an ID inside a longer run of digits, and IDs that overlap as one', () => {
    expect(redact(`ref 9${FNR}`)).toBe(`ref 9${NATIONAL_ID_MARK}`);
    expect(redact(`${FNR}${D_NUMBER}`)).toBe(`${NATIONAL_ID_MARK}${NATIONAL_ID_MARK}`);
    // 01020350187 and 02035018762 overlap: both go, as one.
    expect(redact('0102035018762')).toBe(NATIONAL_ID_MARK);
  });

  it('leaves numbers that are not national IDs as they are', () => {
    const text = `Ring 22 33 44 55 eller +47 912 34 567; konto 1234.56.78903; ${FNR.slice(0, 10)}${(Number(FNR[10]) + 1) % 10}; 2026-03-01`;
    expect(idsIn(text)).toEqual([]);
    expect(redact(text)).toBe(text);
  });

  it('does not join digits across two separators or other characters', () => {
    for (const text of [`${FNR.slice(0, 6)}  ${FNR.slice(6)}`, `${FNR.slice(0, 6)}/${FNR.slice(6)}`, `${FNR.slice(0, 3)} ${FNR.slice(3)}`]) {
      expect(redact(text)).toBe(text);
    }
  });

  it('leaves no valid national ID, in any layout, in any text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(prose, typedNationalId), { maxLength: 8 }), (parts) => {
        expect(idsIn(redact(parts.join('')))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('textRedactor: the patient’s names', () => {
  const redact = textRedactor(['Kari Nordmann']);

  it.each([
    ['Kari ønsker å komme hjem', '[navn] ønsker å komme hjem'],
    ['Snakket med KARI og datteren til kari', 'Snakket med [navn] og datteren til [navn]'],
    ['Karis datter ringte; Nordmann’s lege og Kari\'s sønn', '[navn] datter ringte; [navn] lege og [navn] sønn'],
    ['Kari-Anne Nordmann', '[navn]-Anne [navn]'],
    ['«Kari» sa nei.', '«[navn]» sa nei.'],
  ])('replaces the names in %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('leaves words that only contain a name as they are', () => {
    const text = 'Karianne og Nordmannsen, karikatur, Skari? Nei: 2Kari og Kari2';
    expect(redact(text)).toBe(text);
    expect(redact('Nordmanns-gate')).toBe(`${NAME_MARK}-gate`);
  });

  it('matches Norwegian letters in either case and either Unicode form', () => {
    const redactÅse = textRedactor(['Åse Bjørg Ødegård-Lie']);
    expect(redactÅse('åse, ÅSE, A\u030ase, ødegård, ØDEGÅRD, o\u0308degård, lie og bjørg')).toBe(
      '[navn], [navn], [navn], [navn], [navn], o\u0308degård, [navn] og [navn]',
    );
  });

  it('takes no name shorter than two letters, and no particle written in lower case', () => {
    expect(patientNameWords('K. Per de Lange')).toEqual(['lange', 'per']);
    expect(patientNameWords('per de lange')).toEqual(['lange', 'per', 'de']);
    expect(textRedactor(['Li Xu'])('Li og Xu, X og L')).toBe('[navn] og [navn], X og L');
  });

  it('redacts names and IDs together, each as written', () => {
    expect(redact(`Kari Nordmann (${FNR}) vil hjem`)).toBe(`[navn] [navn] (${NATIONAL_ID_MARK}) vil hjem`);
  });

  const wordOf = (name: string) =>
    fc
      .tuple(fc.constantFrom(...patientNameWords(name)), fc.constantFrom('', 's', "'s", '’s'), fc.array(fc.boolean(), { maxLength: 20 }))
      .map(([word, suffix, upper]) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('') + suffix);
  const spacing = fc.constantFrom(' ', ', ', '. ', '\n', '-', '(', ') ', '«', '»', '/', '"');

  it('leaves no name of the patient as a whole word (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES).chain((name) =>
          fc.tuple(fc.constant(name), fc.array(fc.tuple(fc.oneof(prose, wordOf(name)), spacing), { maxLength: 10 })),
        ),
        ([name, parts]) => {
          const text = parts.map(([part, space]) => part + space).join('');
          expect(namesIn(textRedactor([name])(text), [name])).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changes nothing in text without a national ID or one of the names (property)', () => {
    const nearNames = fc.constantFrom('Karianne', 'Nordmannsen', 'Kar', 'ari', 'Åsen', 'Ødegårds-', 'Lieutenant', 'Perle');
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.array(fc.oneof(prose, nearNames, spacing), { maxLength: 12 }),
        (name, parts) => {
          const text = parts.join('');
          fc.pre(idsIn(text).length === 0 && namesIn(text, [name]).length === 0);
          expect(textRedactor([name])(text)).toBe(text);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same text when applied again (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.array(fc.oneof(prose, typedNationalId, wordOf('Kari Nordmann')), { maxLength: 8 }), (name, parts) => {
        const redactOnce = textRedactor([name, 'Kari Nordmann']);
        const once = redactOnce(parts.join(' '));
        expect(redactOnce(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
