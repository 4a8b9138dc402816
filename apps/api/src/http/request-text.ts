import type { IncomingHttpHeaders } from 'node:http';
import { ILL_FORMED_TEXT_MESSAGE, isWellFormedText } from '#libs/domain/bounded-values/text.js';
import type { FieldError } from './problem.js';

/** A query component decoded as URLSearchParams would, or null when it is no UTF-8 (where they would put U+FFFD). */
const decodeComponent = (text: string): string | null => {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return null;
  }
};

const queryFieldError = (query: string): FieldError | null => {
  for (const part of query.split('&')) {
    const equals = part.indexOf('=');
    const rawName = equals === -1 ? part : part.slice(0, equals);
    const name = decodeComponent(rawName);
    const value = equals === -1 ? '' : decodeComponent(part.slice(equals + 1));
    if (name === null || value === null || !isWellFormedText(name) || !isWellFormedText(value)) {
      const field = name !== null && isWellFormedText(name) ? name : rawName;
      return { field, message: `${field} ${ILL_FORMED_TEXT_MESSAGE} (percent-encoded UTF-8)` };
    }
  }
  return null;
};

/**
 * The first query parameter or header that is not valid text: percent-encoding that is no UTF-8, or a NUL anywhere
 * (`?actor=a%00`). Such text would reach PostgreSQL, which cannot hold a NUL, as a 500; it is refused up front.
 */
export const illFormedRequestText = (url: string, headers: IncomingHttpHeaders): FieldError | null => {
  const queryStart = url.indexOf('?');
  const query = queryStart === -1 ? null : queryFieldError(url.slice(queryStart + 1));
  if (query) return query;
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value ?? ''];
    if (values.some((text) => text.includes('\u0000'))) return { field: name, message: `the header ${name} must not hold NUL characters` };
  }
  return null;
};
