import type pg from 'pg';
import { seededRandom } from '#libs/sample-data/seeded-random.js';
import { generateCase, type GeneratedEvent } from './generated-cases.js';

const ROWS_PER_INSERT = 5_000;
/** Cases in progress at once: their events interleave in the store, as concurrent cases' do. */
const CASES_IN_FLIGHT = 1_000;
const WRITERS = 3;

const INSERT = `INSERT INTO event_store.events (stream_name, stream_revision, event_id, event_type, data, metadata)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[]::jsonb[], $6::text[]::jsonb[])`;

const insert = async (pool: pg.Pool, rows: readonly GeneratedEvent[]): Promise<void> => {
  await pool.query({
    name: 'bench_bulk_insert',
    text: INSERT,
    values: [
      rows.map((row) => row.streamName),
      rows.map((row) => row.streamRevision),
      rows.map((row) => row.eventId),
      rows.map((row) => row.type),
      rows.map((row) => JSON.stringify(row.data)),
      rows.map((row) => JSON.stringify(row.metadata)),
    ],
  });
};

/** Round robin over the cases' events, so each case's events lie close together but never in one block. */
const interleave = (cases: readonly GeneratedEvent[][]): GeneratedEvent[] => {
  const out: GeneratedEvent[] = [];
  const longest = Math.max(...cases.map((events) => events.length));
  for (let revision = 0; revision < longest; revision++) for (const events of cases) if (events[revision]) out.push(events[revision]!);
  return out;
};

/**
 * Writes at least `target` generated case events straight into the store's table, several multi-row INSERTs at a
 * time (the store's own append path is for commands, one stream at a time). Answers how many events and cases.
 */
export const bulkLoadCases = async (
  pool: pg.Pool,
  target: number,
  onProgress: (events: number) => void,
): Promise<{ events: number; cases: number; decisions: number }> => {
  const random = seededRandom(1_000_003);
  const yearStart = Date.parse('2025-01-01T08:00:00Z');
  let events = 0;
  let cases = 0;
  let decisions = 0;
  const inFlight = new Set<Promise<void>>();
  while (events < target) {
    const chunk = Array.from({ length: CASES_IN_FLIGHT }, () => generateCase(random, cases++, yearStart));
    const ordered = interleave(chunk);
    decisions += ordered.filter((event) => event.type === 'AllocationDecided').length;
    // A chunk's inserts go one after the other, so each case's events are stored in order; chunks go in parallel.
    const write = (async () => {
      for (let i = 0; i < ordered.length; i += ROWS_PER_INSERT) await insert(pool, ordered.slice(i, i + ROWS_PER_INSERT));
    })().finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= WRITERS) await Promise.race(inFlight);
    events += ordered.length;
    onProgress(events);
  }
  await Promise.all(inFlight);
  return { events, cases, decisions };
};
