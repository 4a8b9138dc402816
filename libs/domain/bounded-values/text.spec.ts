import { illFormedTextAt, isWellFormedText } from './text.js';

describe('well-formed text', () => {
  it.each([
    ['plain', 'Synnøve', true],
    ['a pair of surrogates (an emoji)', 'hei \ud83d\ude00', true],
    ['combining marks', 'e\u0301', true],
    ['U+FFFF', '\uffff', true],
    ['empty', '', true],
    ['a NUL', 'før\u0000etter', false],
    ['a lone high surrogate', 'a\ud83d', false],
    ['a lone low surrogate', '\ude00b', false],
    ['two high surrogates', '\ud83d\ud83d', false],
  ])('%s: %s', (_, text, wellFormed) => {
    expect(isWellFormedText(text)).toBe(wellFormed);
  });

  it('names the first ill-formed string of a value by its path, keys included', () => {
    expect(illFormedTextAt({ a: 'ok', b: [1, 'ok'], c: { d: null } })).toBeNull();
    expect(illFormedTextAt({ a: 'ok', participants: [{ name: 'ok' }, { name: 'x\u0000' }] })).toBe('participants[1].name');
    expect(illFormedTextAt({ criteria: { ['bad\ud800key']: true } })).toBe('criteria');
    expect(illFormedTextAt('\u0000')).toBe('');
    expect(illFormedTextAt([['\ud800']])).toBe('[0][0]');
  });

  it('walks any depth without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(illFormedTextAt(deep)).toMatch(/^(\[0\]){100000}$/);
  });
});
