type Json = Record<string, unknown>;

const definedKeys = (value: Json): string[] =>
  Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();

/** Deep equality of JSON-like data, as it would compare once serialised: key order and undefined fields ignored. */
export const isSameData = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => isSameData(item, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const [left, right] = [a as Json, b as Json];
    const keys = definedKeys(left);
    const otherKeys = definedKeys(right);
    return keys.length === otherKeys.length && keys.every((key, i) => key === otherKeys[i] && isSameData(left[key], right[key]));
  }
  return Object.is(a, b);
};
