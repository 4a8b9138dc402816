import { isValidNationalId } from '#libs/domain/identifiers/national-id.js';

/**
 * What a quality auditor must not read in free text: a national ID number and the patient's own names.
 *
 * National ID: 11 digits that pass the fødselsnummer/D-number checks, synthetic ones (month + 40 or + 80) always
 * included — month + 40 is also the health sector's H-number, a real patient's number. The digits may be written with
 * one space, no-break space, dot or hyphen after the day, the month and/or the year (`01020312345`, `010203 12345`,
 * `010203-12345`, `01.02.03 12345`); any 11 such digits count, also inside a longer run of digits.
 *
 * Names: each word of at least two letters of the patient's registered name, as a whole word, in any case, written
 * composed or decomposed (`å` or `a` + ring), also in the genitive (`Karis`, `Kari's`). A word written in lower case in
 * a name that has capitalised words (`de` in `Kari de Lange`) is a particle, not a name, and is left alone.
 */

export const NATIONAL_ID_MARK = '[fnr]';
export const NAME_MARK = '[navn]';

const SEPARATOR = /^[ .\u00a0-]$/;
/** Offsets in an ID's 11 digits before which a separator may stand: after the day, the month and the year. */
const SEPARABLE_OFFSETS = new Set([2, 4, 6]);
/** Digits joined by at most one separator each: where an ID may be. */
const DIGIT_RUN = /\d(?:[ .\u00a0-]?\d)*/g;

const MIN_NAME_LETTERS = 2;
const LETTER = /\p{L}/gu;
const NAME_WORD = /[\p{L}\p{M}]+/gu;

/**
 * The character spans [start, end) of the national IDs in a run of digits and separators, in order. IDs that overlap
 * make one span: redacting only the first would leave most digits of the other, enough to recover it.
 */
const nationalIdSpans = (run: string, offset: number): [number, number][] => {
  const digits: { char: string; at: number; separated: boolean }[] = [];
  for (let i = 0; i < run.length; i++) {
    if (!SEPARATOR.test(run[i]!)) digits.push({ char: run[i]!, at: i, separated: i > 0 && SEPARATOR.test(run[i - 1]!) });
  }
  const spans: [number, number][] = [];
  for (let start = 0; start + 11 <= digits.length; start++) {
    const window = digits.slice(start, start + 11);
    const layoutAllowed = window.every((digit, j) => j === 0 || !digit.separated || SEPARABLE_OFFSETS.has(j));
    if (!layoutAllowed || !isValidNationalId(window.map((digit) => digit.char).join(''), { allowSynthetic: true })) continue;
    const [from, to] = [offset + window[0]!.at, offset + window[10]!.at + 1];
    const last = spans.at(-1);
    if (last && from < last[1]) last[1] = to;
    else spans.push([from, to]);
  }
  return spans;
};

/** The words of a registered name that count as the patient's names (see above), lower-cased, longest first. */
export const patientNameWords = (registeredName: string): string[] => {
  const words = registeredName.normalize('NFC').match(NAME_WORD) ?? [];
  const capitalised = words.some((word) => word !== word.toLowerCase());
  const names = words.filter(
    (word) => (word.match(LETTER)?.length ?? 0) >= MIN_NAME_LETTERS && !(capitalised && word === word.toLowerCase()),
  );
  return [...new Set(names.map((word) => word.toLowerCase()))].sort((a, b) => b.length - a.length);
};

/** A letter of a name as a pattern: composed or decomposed (`å` or `a` + combining ring). */
const letterPattern = (letter: string): string => {
  const decomposed = letter.normalize('NFD');
  return decomposed === letter ? letter : `(?:${letter}|${decomposed})`;
};

const namePattern = (registeredNames: readonly string[]): RegExp | null => {
  const words = [...new Set(registeredNames.flatMap(patientNameWords))].sort((a, b) => b.length - a.length);
  if (words.length === 0) return null;
  // Names are letters and combining marks only, so nothing in them needs escaping.
  const alternatives = words.map((word) => [...word].map(letterPattern).join('')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${alternatives})(?:s|['’]s)?(?![\\p{L}\\p{M}\\p{N}])`, 'giu');
};

/**
 * The auditors' redaction of free text for one patient: every national ID becomes `[fnr]` and every one of the
 * patient's names `[navn]`; everything else is left exactly as written. `registeredNames` are the patient's names as
 * the case's admission notice gives them (the full name, one string each).
 */
export const textRedactor = (registeredNames: readonly string[]): ((text: string) => string) => {
  const names = namePattern(registeredNames);
  const redactNames = (part: string): string => (names === null ? part : part.replace(names, NAME_MARK));
  return (text) => {
    const spans = [...text.matchAll(DIGIT_RUN)].flatMap((run) => (run[0].length < 11 ? [] : nationalIdSpans(run[0], run.index)));
    let result = '';
    let from = 0;
    for (const [start, end] of spans) {
      result += redactNames(text.slice(from, start)) + NATIONAL_ID_MARK;
      from = end;
    }
    return result + redactNames(text.slice(from));
  };
};
