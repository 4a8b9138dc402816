import type { RecordedEvent } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { failureMessage } from '#libs/observability/failure-message.js';

/** Where in a case's stream the code reading it gave up, and why (no patient data). */
export interface UnreadableAt {
  /** The first event it cannot get past (text `<commit>-<prepare>`), its type and revision; null when not known. */
  readonly position: string | null;
  readonly eventType: string | null;
  readonly revision: number | null;
  readonly error: string;
}

/**
 * A recorded event of the case cannot be handled by this version of the code (domain.md, "A recorded event never stops
 * the system"): the case is isolated, everything else goes on.
 */
export class CaseUnreadableError extends Error {
  override readonly name = 'CaseUnreadableError';
  constructor(
    readonly caseId: string,
    readonly at: UnreadableAt,
  ) {
    super(`Case ${caseId} cannot be read: ${at.error}`);
  }
}

/**
 * `read(events)`, or, when it throws, a `CaseUnreadableError` naming the first event it cannot get past (the shortest
 * prefix of the stream `read` throws on; `read` is a pure function of the events it is given).
 */
export const readCase = <T>(caseId: string, events: readonly RecordedEvent[], read: (events: readonly RecordedEvent[]) => T): T => {
  try {
    return read(events);
  } catch (error) {
    let at = events.length - 1;
    let cause = error;
    for (let i = 0; i < events.length - 1; i++) {
      try {
        read(events.slice(0, i + 1));
      } catch (earlier) {
        at = i;
        cause = earlier;
        break;
      }
    }
    const event = events[at];
    throw new CaseUnreadableError(caseId, {
      position: event ? formatPosition(event.position) : null,
      eventType: event?.type ?? null,
      revision: event ? Number(event.streamRevision) : null,
      error: failureMessage(cause, events),
    });
  }
};
