import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors.js';
import type {
  EventFilter,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  RecordedEvent,
  Subscription,
} from '../event-store.port.js';
import { comparePositions } from '../position.js';

export interface ContractSubject {
  readonly store: EventStore;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Whether an event id recorded in another stream, or elsewhere in the same one, is refused with
   * DuplicateEventIdError. EventStoreDB only recognises ids as a retry at the expected place, so it opts out.
   */
  readonly uniqueEventIds?: boolean;
  /** Events the concurrent writers of the race test append in total. */
  readonly raceEvents?: number;
  /** For the race test, which catches up several times over all its events. */
  readonly raceTimeoutMs?: number;
}

const RACE_WRITERS = 16;
const CLOSE_RACE_ITERATIONS = 200;

const metadataFor = (causationId: string | null = null): EventMetadata => ({
  occurredAt: new Date().toISOString(),
  actor: { id: randomUUID(), role: 'municipal_caseworker', organisation: '0301' },
  correlationId: randomUUID(),
  causationId,
  schemaVersion: 1,
});

/** An event with complete metadata, for adapter-specific tests too. */
export const newTestEvent = (
  type = 'ContractTested',
  data: unknown = { note: 'æøå "quoted" \\ and more', count: 1 },
): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: metadataFor(),
});

const ids = (events: readonly { eventId: string }[]): string[] => events.map((e) => e.eventId);

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (error: unknown) => error,
  );

const expectWrongExpectedVersion = async (
  append: Promise<unknown>,
  expected: { stream: string; expectedRevision: ExpectedRevision; actualRevision: bigint | 'no_stream' },
): Promise<void> => {
  const error = await rejectionOf(append);
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  const { stream, expectedRevision, actualRevision } = error as WrongExpectedVersionError;
  expect({ stream, expectedRevision, actualRevision }).toEqual(expected);
};

/** Iterates until `done` holds for what was received; closes the subscription (and fails) after `timeoutMs`. */
const collect = async (
  subscription: Subscription,
  done: (received: readonly RecordedEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> => {
  const received: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const event of subscription) {
      received.push(event);
      if (done(received)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  if (!done(received)) {
    throw new Error(`Subscription stopped after ${received.length} events, before the expected ones`);
  }
  return received;
};

/** Compares long id sequences with a short message instead of a diff of thousands of lines. */
const expectSameSequence = (actual: readonly string[], expected: readonly string[], context: string): void => {
  const firstDifference = actual.findIndex((id, i) => id !== expected[i]);
  if (firstDifference !== -1 || actual.length !== expected.length) {
    throw new Error(
      `${context}: got ${actual.length} events, expected ${expected.length}; first difference at index ` +
        `${firstDifference === -1 ? Math.min(actual.length, expected.length) : firstDifference}`,
    );
  }
};

const expectStrictlyIncreasing = (positions: readonly Position[]): void => {
  const violations = positions.flatMap((p, i) => (i > 0 && comparePositions(positions[i - 1]!, p) >= 0 ? [i] : []));
  expect(violations).toEqual([]);
};

/**
 * Retries until it passes. What a reader of $all sees may lag behind what has been committed: PostgreSQL shows it only
 * up to the oldest transaction still running anywhere on the server, in other test databases too.
 */
const eventually = async (assertion: () => Promise<void>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
};

const pickRandom = <T>(items: readonly T[], count: number): T[] =>
  [...items]
    .sort(() => Math.random() - 0.5)
    .slice(0, count);

/** Registers the behaviour every EventStore adapter must have. Tests share one store and keep to their own streams. */
export const describeEventStoreContract = (
  name: string,
  factory: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void => {
  const { uniqueEventIds = true, raceEvents = 20_000, raceTimeoutMs = 60_000 } = options;

  describe(`${name}: EventStore contract`, () => {
    const run = randomBytes(4).toString('hex');
    let counter = 0;
    /** A stream name no other test uses. */
    const streamName = (label = 'stream'): string => `contract-${run}-${++counter}-${label}`;
    /** A prefix no other test's streams start with. */
    const newScope = (): string => `contract-${run}-${++counter}/`;

    let subject: ContractSubject | undefined;
    const store = (): EventStore => subject!.store;
    const append = (stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision) =>
      store().appendToStream(stream, events, { expectedRevision });
    /** Where a test's reads of $all start: after everything earlier tests appended. */
    const checkpointNow = async (): Promise<Position | 'start'> => (await store().headPosition()) ?? 'start';

    beforeAll(async () => {
      subject = await factory();
    }, 30_000);

    afterAll(async () => {
      await subject?.cleanup();
    });

    test('appends events and reads them back with the full envelope', async () => {
      const stream = streamName('round-trip');
      const first = newTestEvent('CaseOpened', { caseId: 'c-1', nested: { list: [1, 'two', null], flag: true } });
      const second: NewEvent = { ...newTestEvent('CaseClosed'), metadata: metadataFor(first.eventId) };
      const before = Date.now();

      const result = await append(stream, [first, second], 'no_stream');
      const read = await store().readStream(stream);

      expect(result.nextRevision).toBe(1n);
      expect(read).toHaveLength(2);
      read.forEach((event, i) => {
        const written = [first, second][i]!;
        expect(event).toEqual({
          eventId: written.eventId,
          type: written.type,
          data: written.data,
          metadata: written.metadata,
          streamName: stream,
          streamRevision: BigInt(i),
          position: expect.anything(),
          recordedAt: expect.any(String),
        });
        expect(Math.abs(Date.parse(event.recordedAt) - before)).toBeLessThan(5 * 60_000);
      });
      expect(comparePositions(read[0]!.position, read[1]!.position)).toBe(-1);
      expect(read[1]!.position).toEqual(result.position);
    });

    describe('expected revision', () => {
      test("'no_stream' creates a stream and is refused once it exists, with the actual revision", async () => {
        const stream = streamName();
        await expect(append(stream, [newTestEvent(), newTestEvent()], 'no_stream')).resolves.toMatchObject({
          nextRevision: 1n,
        });
        await expectWrongExpectedVersion(append(stream, [newTestEvent()], 'no_stream'), {
          stream,
          expectedRevision: 'no_stream',
          actualRevision: 1n,
        });
      });

      test("'stream_exists' is refused for a missing stream ('no_stream') and appends to an existing one", async () => {
        const stream = streamName();
        await expectWrongExpectedVersion(append(stream, [newTestEvent()], 'stream_exists'), {
          stream,
          expectedRevision: 'stream_exists',
          actualRevision: 'no_stream',
        });
        expect(await store().readStream(stream)).toEqual([]);
        await append(stream, [newTestEvent()], 'no_stream');
        await expect(append(stream, [newTestEvent()], 'stream_exists')).resolves.toMatchObject({ nextRevision: 1n });
      });

      test("'any' appends whether or not the stream exists", async () => {
        const stream = streamName();
        await expect(append(stream, [newTestEvent()], 'any')).resolves.toMatchObject({ nextRevision: 0n });
        await expect(append(stream, [newTestEvent(), newTestEvent()], 'any')).resolves.toMatchObject({
          nextRevision: 2n,
        });
      });

      test('a revision must be that of the stream’s last event; a refused append writes nothing', async () => {
        const stream = streamName();
        await expectWrongExpectedVersion(append(stream, [newTestEvent()], 0n), {
          stream,
          expectedRevision: 0n,
          actualRevision: 'no_stream',
        });
        await append(stream, [newTestEvent(), newTestEvent(), newTestEvent()], 'no_stream');
        for (const stale of [0n, 1n, 3n, 7n]) {
          await expectWrongExpectedVersion(append(stream, [newTestEvent()], stale), {
            stream,
            expectedRevision: stale,
            actualRevision: 2n,
          });
        }
        expect(await store().readStream(stream)).toHaveLength(3);
        await expect(append(stream, [newTestEvent()], 2n)).resolves.toMatchObject({ nextRevision: 3n });
      });

      test.each([
        ['a revision', 0n, 1n],
        ["'no_stream'", 'no_stream', 0n],
      ] as const)('of 20 concurrent appends expecting %s, exactly one wins', async (_label, expected, actual) => {
        const stream = streamName();
        if (expected !== 'no_stream') await append(stream, [newTestEvent()], 'no_stream');
        const before = (await store().readStream(stream)).length;

        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () => append(stream, [newTestEvent()], expected)),
        );

        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        for (const error of losers) {
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect((error as WrongExpectedVersionError).actualRevision).toBe(actual);
        }
        expect(await store().readStream(stream)).toHaveLength(before + 1);
      });
    });

    describe('idempotence', () => {
      test('a retry with the same ids at the same place returns the original result and writes nothing', async () => {
        const stream = streamName();
        const created = [newTestEvent(), newTestEvent()];
        const continued = [newTestEvent()];
        const more = [newTestEvent(), newTestEvent()];

        const first = await append(stream, created, 'no_stream');
        const second = await append(stream, continued, 1n);
        const third = await append(stream, more, 'any');

        await expect(append(stream, created, 'no_stream')).resolves.toEqual(first);
        await expect(append(stream, continued, 1n)).resolves.toEqual(second);
        await expect(append(stream, more, 'any')).resolves.toEqual(third);
        await expect(append(stream, created, 'any')).resolves.toEqual(first);
        expectSameSequence(ids(await store().readStream(stream)), ids([...created, ...continued, ...more]), stream);
      });

      const testUniqueIds = uniqueEventIds ? test : test.skip;
      testUniqueIds('an id recorded at another place is refused with DuplicateEventIdError', async () => {
        const stream = streamName();
        const [a, b] = [newTestEvent(), newTestEvent()];
        await append(stream, [a, b], 'no_stream');
        const elsewhere = [
          () => append(streamName('other'), [a], 'no_stream'),
          () => append(stream, [b], 1n),
          () => append(stream, [b, a], 'any'),
          () => append(stream, [a, newTestEvent()], 'no_stream'),
        ];
        for (const attempt of elsewhere) {
          const error = await rejectionOf(attempt());
          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect([a.eventId, b.eventId]).toContain((error as DuplicateEventIdError).eventId);
        }
        expect(await store().readStream(stream)).toHaveLength(2);
      });

      test('an empty append, or one with an id twice, is refused', async () => {
        const stream = streamName();
        const event = newTestEvent();
        await expect(append(stream, [], 'any')).rejects.toThrow(RangeError);
        await expect(append(stream, [event, { ...newTestEvent(), eventId: event.eventId }], 'any')).rejects.toThrow(
          DuplicateEventIdError,
        );
        expect(await store().readStream(stream)).toEqual([]);
      });
    });

    describe('readStream', () => {
      test('reads forwards and backwards from a revision, up to maxCount', async () => {
        const stream = streamName();
        const events = Array.from({ length: 10 }, (_, i) => newTestEvent('Numbered', { i }));
        await append(stream, events, 'no_stream');
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store().readStream(stream, options)).map((e) => Number(e.streamRevision));

        expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await revisions({ fromRevision: 3n, maxCount: 4 })).toEqual([3, 4, 5, 6]);
        expect(await revisions({ fromRevision: 8n })).toEqual([8, 9]);
        expect(await revisions({ fromRevision: 10n })).toEqual([]);
        expect(await revisions({ direction: 'backwards' })).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 5n, maxCount: 3 })).toEqual([5, 4, 3]);
        expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([9, 8]);
        expect(ids(await store().readStream(stream))).toEqual(ids(events));
      });

      test('an unknown stream reads as empty', async () => {
        expect(await store().readStream(streamName('unknown'))).toEqual([]);
        expect(await store().readStream(streamName('unknown'), { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('readAll and headPosition', () => {
      test('read all events in one order after an exclusive checkpoint, as a subscription delivers them', async () => {
        const scope = newScope();
        const from = await checkpointNow();
        const appended: NewEvent[] = [];
        for (const label of ['a', 'b', 'a', 'c', 'b']) {
          const events = label === 'c' ? [newTestEvent(), newTestEvent()] : [newTestEvent()];
          await append(`${scope}${label}`, events, 'any');
          appended.push(...events);
        }
        const last = (await store().readStream(`${scope}b`, { direction: 'backwards', maxCount: 1 }))[0]!;

        let all: RecordedEvent[] = [];
        await eventually(async () => {
          all = (await store().readAll({ from })).filter((e) => e.streamName.startsWith(scope));
          expect(ids(all)).toEqual(ids(appended));
        });
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(ids(await store().readAll({ from: all[1]!.position, maxCount: 3 }))).toEqual(ids(appended.slice(2, 5)));
        expect(ids(await store().readAll({ from: all.at(-1)!.position }))).toEqual([]);
        expect(await store().readAll({ from, maxCount: 0 })).toEqual([]);
        await eventually(async () => expect(await store().headPosition()).toEqual(last.position));

        const delivered = await collect(
          store().subscribeToAll({ from, filter: { streamNamePrefix: scope } }),
          (received) => received.length === appended.length,
        );
        expect(delivered.map((e) => [e.eventId, e.position])).toEqual(all.map((e) => [e.eventId, e.position]));
      });

      test("readAll from 'start', the default, pages through the store from its first event", async () => {
        await append(streamName(), [newTestEvent(), newTestEvent(), newTestEvent()], 'no_stream');
        const firstThree = await store().readAll({ maxCount: 3 });
        expect(firstThree).toHaveLength(3);
        expect(await store().readAll({ from: 'start', maxCount: 1 })).toEqual(firstThree.slice(0, 1));
        expect(await store().readAll({ from: firstThree[0]!.position, maxCount: 2 })).toEqual(firstThree.slice(1));
      });
    });

    describe('subscribeToAll', () => {
      test('filters by event types, by stream name prefix, and by both', async () => {
        const scope = newScope();
        const [typeA, typeB, typeC] = ['A', 'B', 'C'].map((t) => `Filtered${t}-${run}`) as [string, string, string];
        const from = await checkpointNow();
        const plan: [string, string][] = [
          [`${scope}one`, typeA],
          [`outside-${run}-one`, typeA],
          [`${scope}two`, typeB],
          [`outside-${run}-two`, typeC],
          [`${scope}one`, typeC],
          [`${scope}two`, typeA],
        ];
        for (const [stream, type] of plan) await append(stream, [newTestEvent(type)], 'any');
        // One last event that every filter below matches, to know when each has delivered everything.
        const sentinel = newTestEvent(typeA);
        await append(`${scope}end`, [sentinel], 'no_stream');
        let written: RecordedEvent[] = [];
        await eventually(async () => {
          written = await store().readAll({ from });
          expect(ids(written)).toContain(sentinel.eventId);
        });

        const delivered = async (filter: EventFilter) =>
          ids(await collect(store().subscribeToAll({ from, filter }), (r) => r.at(-1)?.eventId === sentinel.eventId));
        const expected = (keep: (e: RecordedEvent) => boolean) => ids(written.filter(keep));

        expect(await delivered({ eventTypes: [typeA, typeC] })).toEqual(
          expected((e) => e.type === typeA || e.type === typeC),
        );
        expect(await delivered({ streamNamePrefix: scope })).toEqual(expected((e) => e.streamName.startsWith(scope)));
        expect(await delivered({ streamNamePrefix: scope, eventTypes: [typeA] })).toEqual(
          expected((e) => e.streamName.startsWith(scope) && e.type === typeA),
        );
      });

      test("from 'end' delivers only what is appended after subscribing, without gaps", async () => {
        const scope = newScope();
        const stream = `${scope}s`;
        await append(stream, [newTestEvent(), newTestEvent()], 'no_stream');
        const subscription = store().subscribeToAll({ from: 'end', filter: { streamNamePrefix: scope } });
        const iterator = subscription[Symbol.asyncIterator]();
        let first: IteratorResult<RecordedEvent> | undefined;
        const firstArrival = iterator.next().then((result) => (first = result));

        // How soon the subscription is in place differs between stores: append until it delivers something.
        const later: NewEvent[] = [];
        for (let i = 0; first === undefined && i < 200; i++) {
          const event = newTestEvent();
          await append(stream, [event], 'any');
          later.push(event);
          await sleep(25);
        }
        await firstArrival;
        const startsAt = ids(later).indexOf(first!.value!.eventId);
        expect(startsAt).toBeGreaterThanOrEqual(0);
        const rest: string[] = [];
        while (rest.length < later.length - startsAt - 1) rest.push((await iterator.next()).value!.eventId);
        expect(rest).toEqual(ids(later.slice(startsAt + 1)));
        await subscription.close();
      });

      test('close() ends an iteration waiting for events; so does breaking out of for await', async () => {
        const scope = newScope();
        const waiting = store().subscribeToAll({ from: 'end', filter: { streamNamePrefix: scope } });
        const pending = waiting[Symbol.asyncIterator]().next();
        await sleep(50);
        await waiting.close();
        await expect(pending).resolves.toEqual({ done: true, value: undefined });
        await expect(waiting[Symbol.asyncIterator]().next()).resolves.toEqual({ done: true, value: undefined });

        const from = await checkpointNow();
        await append(`${scope}s`, [newTestEvent(), newTestEvent()], 'no_stream');
        const broken = store().subscribeToAll({ from, filter: { streamNamePrefix: scope } });
        let seen = 0;
        for await (const event of broken) {
          expect(event.streamName).toBe(`${scope}s`);
          seen++;
          break;
        }
        expect(seen).toBe(1);
        await expect(broken[Symbol.asyncIterator]().next()).resolves.toEqual({ done: true, value: undefined });
      });

      test(`closed ${CLOSE_RACE_ITERATIONS} times within 0-10 ms of opening, every subscription ends cleanly`, async () => {
        const scope = newScope();
        const from = await checkpointNow();
        await append(`${scope}s`, [newTestEvent()], 'no_stream');
        const outcomes = new Map<string, number>();
        const count = (outcome: string): void => void outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        for (let i = 0; i < CLOSE_RACE_ITERATIONS; i++) {
          // Alternately live-only (its opening reads the end) and catching up (its first read finds the event).
          const subscription = store().subscribeToAll({ from: i % 2 === 0 ? 'end' : from, filter: { streamNamePrefix: scope } });
          const iterator = subscription[Symbol.asyncIterator]();
          const first = iterator.next();
          await sleep(i % 11);
          const closing = subscription.close();
          const [next, closed] = await Promise.allSettled([first, closing]);
          count(next.status === 'fulfilled' ? (next.value.done ? 'ended' : 'event') : `next rejected: ${String(next.reason)}`);
          count(closed.status === 'fulfilled' ? 'closed' : `close rejected: ${String(closed.reason)}`);
          const after = await iterator.next().catch((error: unknown) => ({ done: `rejected: ${String(error)}` }));
          count(after.done === true ? 'done after close' : `after close: ${String(after.done)}`);
        }
        // A catching-up one may have handed out its event before it was closed; nothing may fail.
        const { ended = 0, event = 0, ...rest } = Object.fromEntries(outcomes);
        expect(rest).toEqual({ closed: CLOSE_RACE_ITERATIONS, 'done after close': CLOSE_RACE_ITERATIONS });
        expect(ended + event).toBe(CLOSE_RACE_ITERATIONS);
      });

      test(
        `${RACE_WRITERS} concurrent writers: a subscriber sees every event exactly once, in one order, and restarts ` +
          'from any checkpoint it stored to exactly the events after it',
        async () => {
          const scope = newScope();
          const filter = { streamNamePrefix: scope };
          const sentinelType = `RaceFinished-${run}`;
          const from = await checkpointNow();
          const isDone = (received: readonly RecordedEvent[]) => received.at(-1)?.type === sentinelType;

          const checkpoints: number[] = [];
          const subscription = store().subscribeToAll({ from, filter });
          const subscriber = collect(
            subscription,
            (received) => {
              if (isDone(received)) return true;
              // A projection storing its checkpoint now and then: after about one event in fifty.
              if (Math.random() < 0.02) checkpoints.push(received.length - 1);
              return false;
            },
            raceTimeoutMs,
          );

          const written: string[] = [];
          const perWriter = Math.ceil(raceEvents / RACE_WRITERS);
          const writers = Array.from({ length: RACE_WRITERS }, async (_, writer) => {
            const revisions = new Map<string, bigint>();
            let count = 0;
            while (count < perWriter) {
              const events = Array.from({ length: Math.random() < 0.6 ? 1 : 2 + Math.floor(Math.random() * 4) }, () =>
                newTestEvent('Raced', { writer, count }),
              );
              if (Math.random() < 0.1) {
                // Streams every writer appends to, to race for revisions too.
                await append(`${scope}shared-${Math.floor(Math.random() * 4)}`, events, 'any');
              } else {
                const stream = `${scope}writer-${writer}-${Math.floor(Math.random() * 10)}`;
                const result = await append(stream, events, revisions.get(stream) ?? 'no_stream');
                revisions.set(stream, result.nextRevision);
              }
              written.push(...ids(events));
              count += events.length;
            }
          });
          await Promise.all(writers);
          await append(`${scope}finished`, [newTestEvent(sentinelType)], 'no_stream');
          const received = await subscriber;

          const body = received.slice(0, -1);
          const receivedIds = new Set(ids(body));
          expect(body.length).toBe(written.length);
          expect(receivedIds.size).toBe(body.length);
          expect(written.filter((id) => !receivedIds.has(id))).toEqual([]);
          expectStrictlyIncreasing(received.map((e) => e.position));
          const revisionsByStream = new Map<string, number[]>();
          for (const e of body) {
            const revisions = revisionsByStream.get(e.streamName) ?? [];
            revisions.push(Number(e.streamRevision));
            revisionsByStream.set(e.streamName, revisions);
          }
          for (const [stream, revisions] of revisionsByStream) {
            expect([stream, revisions]).toEqual([stream, revisions.map((_, i) => i)]);
          }

          const restartAt = [
            ...new Set([
              ...pickRandom(checkpoints, 4),
              0,
              Math.floor(Math.random() * (received.length - 1)),
              received.length - 2,
            ]),
          ];
          for (const index of restartAt) {
            const restarted = await collect(
              store().subscribeToAll({ from: received[index]!.position, filter }),
              isDone,
              raceTimeoutMs,
            );
            expectSameSequence(ids(restarted), ids(received.slice(index + 1)), `restart after event ${index}`);
            expect(restarted.map((e) => e.position)).toEqual(received.slice(index + 1).map((e) => e.position));
          }

          const index = restartAt[0]!;
          const page = (await store().readAll({ from: received[index]!.position, maxCount: 500 })).filter((e) =>
            e.streamName.startsWith(scope),
          );
          expectSameSequence(ids(page), ids(received.slice(index + 1, index + 1 + page.length)), 'readAll');
        },
        raceTimeoutMs * 4,
      );
    });
  });
};
