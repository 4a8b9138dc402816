/**
 * Strings are valid Unicode without NUL characters (domain.md, Invariants: Values). A NUL cannot be stored in
 * PostgreSQL's jsonb or text, and an unpaired UTF-16 surrogate is no character at all: either would fail the append
 * (a 500) or be stored as something else than what was sent.
 */
const ILL_FORMED = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isWellFormedText = (value: string): boolean => !ILL_FORMED.test(value);

export const ILL_FORMED_TEXT_MESSAGE = 'must be valid Unicode without NUL characters';

const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * The path (`participants[0].name`, '' for the value itself) of the first string in a JSON-like value that is not
 * well-formed text, a key included; null when there is none. Iterative, so any depth is safe.
 */
export const illFormedTextAt = (value: unknown): string | null => {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) pending.push([current[i], childPath(path, i)]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i]!;
        if (!isWellFormedText(key)) return path;
        pending.push([child, childPath(path, key)]);
      }
    }
  }
  return null;
};
