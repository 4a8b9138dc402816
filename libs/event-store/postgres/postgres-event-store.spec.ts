import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { describeEventStoreContract, newTestEvent } from '../contract/event-store.contract.js';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  RecordedEvent,
  Subscription,
} from '../event-store.port.js';
import { comparePositions } from '../position.js';
import { appendEvents } from './append.js';
import { APPEND_GROUP } from './append-batcher.js';
import { SUBSCRIPTION_APPLICATION_NAME } from './postgres-subscription.js';
import { createPostgresEventStore } from './postgres-event-store.js';
import { batchQuery } from './read-events.js';

describeEventStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const store = await createPostgresEventStore({ connectionString: database.url });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
});

/** Generous: transactions of other test databases on the server can hold back what subscribers see. */
const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
};

/** Runs a subscription in the background, collecting what it delivers. */
const consume = (subscription: Subscription) => {
  const received: RecordedEvent[] = [];
  const done = (async () => {
    for await (const event of subscription) received.push(event);
  })();
  return { received, stop: async () => (await subscription.close(), await done) };
};

const ids = (events: readonly { eventId: string }[]): string[] => events.map((e) => e.eventId);

describe('PostgreSQL event store', () => {
  let database: TestDatabase;
  let store: EventStore;
  let admin: pg.Pool;
  const scope = (): string => `pg-${randomBytes(4).toString('hex')}/`;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createPostgresEventStore({ connectionString: database.url });
    admin = new pg.Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await store.close();
    await admin.end();
    await database.drop();
  });

  test('a subscription catching up reads batches ahead of a slow consumer and delivers each event once, in order', async () => {
    const small = await createPostgresEventStore({ connectionString: database.url, batchSize: 7, readAhead: 3 });
    try {
      const prefix = scope();
      const appended: string[] = [];
      for (let i = 0; i < 20; i++) {
        const events = Array.from({ length: 10 }, () => newTestEvent());
        await small.appendToStream(`${prefix}${i}`, events, { expectedRevision: 'no_stream' });
        appended.push(...events.map((event) => event.eventId));
      }
      const received: string[] = [];
      const subscription = small.subscribeToAll({ from: 'start', filter: { streamNamePrefix: prefix } });
      for await (const event of subscription) {
        received.push(event.eventId);
        if (received.length % 25 === 0) await sleep(5);
        if (received.length === appended.length) break;
      }
      expect(received).toEqual(appended);

      // Closed in the middle of catching up, with reads ahead under way: nothing leaks, nothing is left unhandled.
      const early = small.subscribeToAll({ from: 'start', filter: { streamNamePrefix: prefix } });
      let seen = 0;
      for await (const _event of early) if (++seen === 30) break;
      expect(seen).toBe(30);
    } finally {
      await small.close();
    }
  });

  test('migrations run once, even when several processes start at the same time', async () => {
    const fresh = await createTestDatabase();
    try {
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => createPostgresEventStore({ connectionString: fresh.url })),
      );
      await Promise.all(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      const { rows } = await client.query('SELECT version FROM event_store.schema_migrations');
      await client.end();
      expect(rows).toEqual([{ version: 1 }]);
    } finally {
      await fresh.drop();
    }
  });

  test('a group append probes the unique index even when planned on an empty table', async () => {
    // Plans are cached per connection: one made while the table is empty must not scan it whole as it grows.
    const client = await admin.connect();
    try {
      await client.query(`PREPARE append_group(jsonb) AS ${APPEND_GROUP.text}`);
      await client.query('SET plan_cache_mode = force_generic_plan');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE append_group('[]')`);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Only Scan using events_stream_revision_key/);
      expect(plan).not.toMatch(/Seq Scan on events|hashed SubPlan/);
    } finally {
      await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
      client.release();
    }
  });

  test('the keyset reads of subscriptions and readAll scan the (transaction_id, global_position) index', async () => {
    await admin.query(`
      INSERT INTO event_store.events (stream_name, stream_revision, event_id, event_type, data, metadata)
      SELECT 'plan-' || i, 0, gen_random_uuid(), 'Planned', '{}', '{}' FROM generate_series(1, 20000) i;
      ANALYZE event_store.events`);
    const filters = [undefined, { eventTypes: ['Planned'] }, { streamNamePrefix: 'plan-' }];
    for (const filter of filters) {
      const { text } = batchQuery(filter);
      const values = [
        '0',
        '0',
        2000,
        ...(filter?.eventTypes ? [filter.eventTypes] : []),
        ...(filter?.streamNamePrefix ? [filter.streamNamePrefix] : []),
      ];
      const { rows } = await admin.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Scan using events_transaction_order/);
      expect(plan).toMatch(/Index Cond: \(\(ROW\(transaction_id, global_position\) > ROW\(/);
    }
  });

  test('appends made at the same time share transactions, each with the outcome it would have had alone', async () => {
    const prefix = scope();
    const append = (stream: string, events: NewEvent[], expectedRevision: ExpectedRevision) =>
      store.appendToStream(`${prefix}${stream}`, events, { expectedRevision });
    await append('existing', [newTestEvent(), newTestEvent()], 'no_stream');
    await append('ahead', [newTestEvent()], 'no_stream');
    const retried = [newTestEvent(), newTestEvent()];
    const original = await append('retried', retried, 'no_stream');
    const taken = newTestEvent();
    await append('taken', [taken], 'no_stream');

    const value = (outcome: PromiseSettledResult<AppendResult> | undefined) =>
      outcome?.status === 'fulfilled' ? outcome.value : outcome?.reason;
    const freshAppends = (label: string) =>
      Array.from({ length: 12 }, (_, i) => append(`${label}-${i}`, [newTestEvent(), newTestEvent()], 'no_stream'));
    const expectFresh = async (label: string, outcomes: PromiseSettledResult<AppendResult>[]) => {
      expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => 'fulfilled'));
      for (const [i, outcome] of outcomes.entries()) {
        const events = await store.readStream(`${prefix}${label}-${i}`);
        expect(events.map((e) => e.streamRevision)).toEqual([0n, 1n]);
        expect(value(outcome)).toEqual({ nextRevision: 1n, position: events[1]!.position });
      }
      return outcomes.map((o) => value(o) as AppendResult);
    };

    // All issued at once: the first few go alone, the rest wait and go in groups. An append whose expectation is not
    // met stays out of its group and is refused as it would be alone.
    const [continued, behind, ahead, any, ...fresh] = await Promise.allSettled([
      append('existing', [newTestEvent()], 1n),
      append('missing', [newTestEvent()], 3n),
      append('ahead', [newTestEvent()], 5n),
      append('any', [newTestEvent()], 'any'),
      ...freshAppends('grouped'),
    ]);
    expect(value(continued)).toMatchObject({ nextRevision: 2n });
    expect(value(behind)).toBeInstanceOf(WrongExpectedVersionError);
    expect(value(behind)).toMatchObject({ actualRevision: 'no_stream' });
    expect(value(ahead)).toBeInstanceOf(WrongExpectedVersionError);
    expect(value(ahead)).toMatchObject({ actualRevision: 0n });
    expect(value(any)).toMatchObject({ nextRevision: 0n });
    const grouped = await expectFresh('grouped', fresh);
    expect(new Set(grouped.map((r) => r.position.commit)).size).toBeLessThan(grouped.length);

    // A unique index refusing one append fails its whole group: every append in it is then made alone.
    const [idle, retry, duplicate, ...others] = await Promise.allSettled([
      append('idle', [newTestEvent()], 'no_stream'),
      append('retried', retried, 'no_stream'),
      append('elsewhere', [taken], 'no_stream'),
      ...freshAppends('refused'),
    ]);
    expect(value(idle)).toMatchObject({ nextRevision: 0n });
    expect(value(retry)).toEqual(original);
    expect(value(duplicate)).toBeInstanceOf(DuplicateEventIdError);
    await expectFresh('refused', others);
    expect(await store.readStream(`${prefix}missing`)).toEqual([]);
    expect(await store.readStream(`${prefix}ahead`)).toHaveLength(1);
    expect(await store.readStream(`${prefix}elsewhere`)).toEqual([]);
  });

  test.each(['COMMIT', 'ROLLBACK'] as const)(
    'a subscriber delivers nothing past an append still in progress, then goes on after its %s without skipping',
    async (outcome) => {
      const prefix = scope();
      const from = (await store.headPosition()) ?? 'start';
      const subscriber = consume(store.subscribeToAll({ from, filter: { streamNamePrefix: prefix } }));
      const before = newTestEvent();
      await store.appendToStream(`${prefix}before`, [before], { expectedRevision: 'no_stream' });
      await waitFor(() => subscriber.received.length === 1);
      const ownEvents = async () => (await store.readAll({ from })).filter((e) => e.streamName.startsWith(prefix));

      // An append held open in its transaction, the way a slow writer would be.
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      const held = newTestEvent();
      const after = [newTestEvent(), newTestEvent(), newTestEvent()];
      let heldPosition: Position;
      try {
        await holder.query('BEGIN');
        heldPosition = (await appendEvents(holder, `${prefix}held`, [held], 'no_stream')).position;
        for (const [i, event] of after.entries()) {
          const committed = await store.appendToStream(`${prefix}after-${i}`, [event], {
            expectedRevision: 'no_stream',
          });
          expect(comparePositions(committed.position, heldPosition)).toBe(1);
        }

        await sleep(1_000); // several poll intervals and wake-ups
        expect(ids(subscriber.received)).toEqual([before.eventId]);
        expect(ids(await ownEvents())).toEqual([before.eventId]);
        expect(comparePositions((await store.headPosition())!, heldPosition)).toBe(-1);

        // Nothing wakes the subscriber here (no NOTIFY from this client): the poll finds the events.
        await holder.query(outcome);
      } finally {
        await holder.end();
      }
      const expected = outcome === 'COMMIT' ? [before, held, ...after] : [before, ...after];
      await waitFor(() => subscriber.received.length >= expected.length);
      await sleep(300);
      await subscriber.stop();
      expect(ids(subscriber.received)).toEqual(ids(expected));
      if (outcome === 'COMMIT') expect(subscriber.received[1]!.position).toEqual(heldPosition);
      expect(ids(await ownEvents())).toEqual(ids(expected));
    },
  );

  test('appends wake subscribers of other processes through NOTIFY', async () => {
    const prefix = scope();
    // Polling only once a minute: nothing but the notification can wake this one in time.
    const listener = await createPostgresEventStore({ connectionString: database.url, pollIntervalMs: 60_000 });
    try {
      const subscriber = consume(listener.subscribeToAll({ from: 'end', filter: { streamNamePrefix: prefix } }));
      // Each append notifies; one made while another test's transaction holds back what is visible may go unseen
      // until the next.
      const appended: string[] = [];
      for (let i = 0; subscriber.received.length === 0 && i < 100; i++) {
        const event = newTestEvent();
        await store.appendToStream(`${prefix}s`, [event], { expectedRevision: 'any' });
        appended.push(event.eventId);
        await sleep(100);
      }
      await subscriber.stop();
      expect(subscriber.received.length).toBeGreaterThan(0);
      expect(appended).toEqual(expect.arrayContaining(ids(subscriber.received)));
    } finally {
      await listener.close();
    }
  });

  test('breaking out of a subscription, or closing the store, releases its connection', async () => {
    const prefix = scope();
    const subscriptionConnections = async (): Promise<number> => {
      const { rows } = await admin.query<{ count: string }>(
        'SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
        [database.name, SUBSCRIPTION_APPLICATION_NAME],
      );
      return Number(rows[0]!.count);
    };
    await store.appendToStream(`${prefix}s`, [newTestEvent()], { expectedRevision: 'no_stream' });
    // Connections of earlier tests may take a moment to go.
    await waitFor(async () => (await subscriptionConnections()) === 0);

    for await (const event of store.subscribeToAll({ filter: { streamNamePrefix: prefix } })) {
      expect(await subscriptionConnections()).toBe(1);
      expect(event.streamName).toBe(`${prefix}s`);
      break;
    }
    await waitFor(async () => (await subscriptionConnections()) === 0);

    const other = await createPostgresEventStore({ connectionString: database.url });
    const open = [other.subscribeToAll(), other.subscribeToAll({ from: 'end' })];
    await waitFor(async () => (await subscriptionConnections()) === 2);
    await other.close();
    await waitFor(async () => (await subscriptionConnections()) === 0);
    for (const subscription of open) {
      await expect(subscription[Symbol.asyncIterator]().next()).resolves.toEqual({ done: true, value: undefined });
    }
  });
});
