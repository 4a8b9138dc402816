import type { ExpectedRevision } from './event-store.port.js';

/** The stream is not where the caller expected it to be. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly stream: string,
    readonly expectedRevision: ExpectedRevision,
    /** The stream's revision when the append was refused; `'no_stream'` when it does not exist. */
    readonly actualRevision: bigint | 'no_stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expectedRevision)}, actual ${String(actualRevision)}`);
  }
}

/** An event id that is already recorded elsewhere in the store (ids are unique store-wide). */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already recorded at another place in the store`);
  }
}
