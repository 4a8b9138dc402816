import { randomUUID } from 'node:crypto';
import type { NewEvent } from '#libs/event-store/index.js';

/** The same load for every store bench:store measures: ours, the raw floor, and Emmett (in its own process). */

export const EVENTS_PER_STREAM = 20;

export interface AppendMode {
  readonly label: string;
  readonly callers: number;
  readonly eventsPerCall: number;
}

export const APPEND_MODES: readonly AppendMode[] = [
  { label: 'append, 1 event/call, sequential', callers: 1, eventsPerCall: 1 },
  { label: 'append, 1 event/call, 16 callers', callers: 16, eventsPerCall: 1 },
  { label: 'append, 10 events/call, sequential', callers: 1, eventsPerCall: 10 },
];

/** About the size of a transfer-case event: a few hundred bytes of data and metadata. */
export const benchEvent = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'MunicipalResponseGiven',
  data: {
    caseId: randomUUID(),
    respondedAt: new Date().toISOString(),
    canReceive: true,
    expectedReadyDate: '2026-03-04',
    plannedTransferDate: '2026-03-05',
    notes: 'Kommunen kan ta imot pasienten til korttidsopphold fra planlagt dato.',
  },
  metadata: {
    occurredAt: new Date().toISOString(),
    actor: { id: randomUUID(), role: 'municipal_caseworker', organisation: '0301' },
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
  },
});

/** Appends `events` to a stream that holds `revision` events so far (0: a new stream). */
export type Appender = (stream: string, revision: bigint, events: NewEvent[]) => Promise<void>;

let streamCounter = 0;

/** Events per second over `durationMs`, with `callers` loops each appending to streams of their own. */
export const measureAppends = async (append: Appender, mode: AppendMode, durationMs: number): Promise<number> => {
  const deadline = Date.now() + durationMs;
  const started = performance.now();
  let events = 0;
  await Promise.all(
    Array.from({ length: mode.callers }, async () => {
      let stream = `bench-${++streamCounter}`;
      let revision = 0n;
      while (Date.now() < deadline) {
        if (revision >= EVENTS_PER_STREAM) {
          stream = `bench-${++streamCounter}`;
          revision = 0n;
        }
        const batch = Array.from({ length: mode.eventsPerCall }, benchEvent);
        await append(stream, revision, batch);
        revision += BigInt(batch.length);
        events += batch.length;
      }
    }),
  );
  return events / ((performance.now() - started) / 1000);
};

/** Fills a store up to `target` events, 100 per call from 4 callers. */
export const fill = async (append: Appender, count: () => Promise<number>, target: number): Promise<void> => {
  let missing = target - (await count());
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (missing > 0) {
        missing -= 100;
        await append(`fill-${++streamCounter}`, 0n, Array.from({ length: 100 }, benchEvent));
      }
    }),
  );
};
