import { DuplicateEventIdError } from './errors.js';
import type { NewEvent } from './event-store.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What every adapter refuses before touching storage: an empty append, an id that is not a UUID, an id twice in one
 * append.
 */
export const assertAppendable = (events: readonly NewEvent[]): void => {
  if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
  const seen = new Set<string>();
  for (const { eventId } of events) {
    if (!UUID.test(eventId)) throw new TypeError(`Event id ${eventId} is not a UUID`);
    const id = eventId.toLowerCase();
    if (seen.has(id)) throw new DuplicateEventIdError(eventId);
    seen.add(id);
  }
};
