/** What a failing case's record and log line may say about the error: never patient data. */

const MAX_LENGTH = 500;
const NATIONAL_ID = /\b\d{6} ?\d{5}\b/g;
/** PostgreSQL quotes the offending value in its messages (`invalid input syntax for type integer: "…"`). */
const QUOTED = /"[^"]*"/g;

interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

/** Every `name` in the events' data (the patient, visit participants, proxies), except the hospital's. */
const peopleNamed = (history: readonly EventLike[]): string[] => {
  const names = new Set<string>();
  const visit = (value: unknown, key: string): void => {
    if (key === 'hospital' || value === null || typeof value !== 'object') return;
    for (const [field, inner] of Object.entries(value)) {
      if (field === 'name' && typeof inner === 'string') {
        names.add(inner);
        for (const part of inner.split(/\s+/)) if (part.length >= 3) names.add(part);
      } else visit(inner, field);
    }
  };
  for (const event of history) visit(event?.data, '');
  return [...names].filter((name) => name.trim().length >= 2).sort((a, b) => b.length - a.length);
};

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const isDatabaseError = (error: unknown): error is Error & { code: string } => {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
};

/**
 * `<name>: <message>` of an error raised while handling a case, fit to be stored and shown to operators: national ID
 * numbers become `[fnr]`, the names of the people in the case's events `[navn]`, values PostgreSQL quotes `"…"`, and
 * it is cut to 500 characters.
 */
export const failureMessage = (error: unknown, history: readonly EventLike[] = []): string => {
  let message: string;
  if (isDatabaseError(error)) message = `PostgreSQL ${error.code}: ${error.message.replace(QUOTED, '"…"')}`;
  else if (error instanceof Error) message = `${error.name}: ${error.message}`;
  else message = `thrown: ${typeof error === 'string' ? error : typeof error}`;
  message = message.replace(NATIONAL_ID, '[fnr]');
  for (const name of peopleNamed(history)) message = message.replace(new RegExp(escape(name), 'gi'), '[navn]');
  return message.length > MAX_LENGTH ? `${message.slice(0, MAX_LENGTH - 1)}…` : message;
};

/** The stack's frames (code locations, no data), for the log line beside the message. */
export const stackFrames = (error: unknown, frames = 6): string[] =>
  error instanceof Error && error.stack
    ? error.stack
        .split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .slice(0, frames)
        .map((line) => line.trim())
    : [];
