import { STREAM_DOES_NOT_EXIST, type DefaultRecord, type Event } from '@event-driven-io/emmett';
import { emmettVersion, openEmmett, readAllEmmett } from '../emmett/emmett.js';
import { servePeer } from '../peer-process.js';
import { fill, measureAppends, type AppendMode, type Appender } from './append-load.js';

/** bench:store's Emmett side, in its own process: `node dist/bench/store/emmett-store.js <database url>`. */
const emmett = await openEmmett(process.argv[2]!, 20);

const append: Appender = async (stream, revision, events) => {
  await emmett.store.appendToStream(
    stream,
    events.map((event): Event<string, DefaultRecord, DefaultRecord> => ({
      type: event.type,
      data: event.data as DefaultRecord,
      metadata: { ...event.metadata, messageId: event.eventId },
    })),
    { expectedStreamVersion: revision === 0n ? STREAM_DOES_NOT_EXIST : revision },
  );
};

const count = async (): Promise<number> =>
  Number((await emmett.admin.query<{ n: string }>('SELECT count(*)::text AS n FROM emt_messages')).rows[0]!.n);

await servePeer(
  {
    version: () => emmettVersion(),
    append: ({ mode, ms }) => measureAppends(append, mode as AppendMode, ms as number),
    fill: async ({ target }) => {
      await fill(append, count, target as number);
      await emmett.admin.query('VACUUM ANALYZE emt_messages');
    },
    catchUp: async ({ total, batchSize }) => {
      const started = performance.now();
      const seen = await readAllEmmett(emmett.db, total as number, batchSize as number);
      return { seen, rate: seen / ((performance.now() - started) / 1000) };
    },
  },
  () => emmett.close(),
);
