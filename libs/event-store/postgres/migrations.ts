import type pg from 'pg';
import { migrate as runMigrations, type Migration } from '#libs/postgres/migrate.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events table and append function',
    sql: /* sql */ `
      CREATE TABLE event_store.events (
        global_position bigint GENERATED ALWAYS AS IDENTITY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name text NOT NULL,
        stream_revision bigint NOT NULL CHECK (stream_revision >= 0),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        -- The event id is the natural key; a key on global_position would be one more index to maintain on every
        -- append, and nothing looks events up by it alone.
        CONSTRAINT events_pkey PRIMARY KEY (event_id),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_name, stream_revision)
      );

      -- The store's total order: subscriptions and readAll scan it by keyset.
      CREATE INDEX events_transaction_order ON event_store.events (transaction_id, global_position);

      -- Appends in one round trip. p_expected: 'no_stream' | 'stream_exists' | 'any' | a revision.
      -- p_events: a JSON array of {eventId, type, data, metadata}.
      -- p_check_ids: look for already recorded ids even when the expected revision is met (the caller retries with it
      -- after a unique violation; the first attempt skips that look-up, as the unique indexes catch it anyway).
      CREATE FUNCTION event_store.append_to_stream(
        p_stream text,
        p_expected text,
        p_events jsonb,
        p_check_ids boolean,
        OUT outcome text, -- 'appended' | 'idempotent' | 'wrong_expected_revision' | 'duplicate_event_id'
        OUT revision bigint, -- the stream's revision after the append, or its actual one (null: no stream)
        OUT commit_position xid8,
        OUT prepare_position bigint,
        OUT duplicate_id uuid
      ) LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count int := jsonb_array_length(p_events);
        v_current bigint;
        v_expectation_met boolean;
        v_base bigint;
        v_found int;
        v_in_place int;
      BEGIN
        SELECT e.stream_revision INTO v_current
        FROM event_store.events e
        WHERE e.stream_name = p_stream
        ORDER BY e.stream_revision DESC
        LIMIT 1;

        v_expectation_met := CASE p_expected
          WHEN 'any' THEN true
          WHEN 'no_stream' THEN v_current IS NULL
          WHEN 'stream_exists' THEN v_current IS NOT NULL
          ELSE coalesce(v_current = p_expected::bigint, false)
        END;

        IF p_check_ids OR NOT v_expectation_met THEN
          -- A retry: every id already recorded, in order, in this stream, where the expected revision puts them
          -- (anywhere in the stream for 'any' and 'stream_exists').
          v_base := CASE p_expected
            WHEN 'no_stream' THEN 0
            WHEN 'any' THEN NULL
            WHEN 'stream_exists' THEN NULL
            ELSE p_expected::bigint + 1
          END;
          IF v_base IS NULL THEN
            SELECT e.stream_revision INTO v_base
            FROM event_store.events e
            WHERE e.event_id = (p_events -> 0 ->> 'eventId')::uuid AND e.stream_name = p_stream;
          END IF;

          SELECT count(e.event_id),
                 count(e.event_id) FILTER (WHERE e.stream_name = p_stream AND e.stream_revision = v_base + w.ord - 1),
                 (array_agg(w.id ORDER BY w.ord) FILTER (WHERE e.event_id IS NOT NULL))[1]
          INTO v_found, v_in_place, duplicate_id
          FROM (
            SELECT (j.event ->> 'eventId')::uuid AS id, j.ord
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS j(event, ord)
          ) w
          -- A probe of the primary key per id (OFFSET 0 keeps the planner from hashing the table instead).
          LEFT JOIN LATERAL (
            SELECT x.event_id, x.stream_name, x.stream_revision FROM event_store.events x
            WHERE x.event_id = w.id OFFSET 0
          ) e ON true;

          IF v_found > 0 THEN
            IF v_in_place = v_count THEN
              outcome := 'idempotent';
              duplicate_id := NULL;
              SELECT e.stream_revision, e.transaction_id, e.global_position
              INTO revision, commit_position, prepare_position
              FROM event_store.events e
              WHERE e.stream_name = p_stream AND e.stream_revision = v_base + v_count - 1;
            ELSE
              outcome := 'duplicate_event_id';
            END IF;
            RETURN;
          END IF;

          IF NOT v_expectation_met THEN
            outcome := 'wrong_expected_revision';
            revision := v_current;
            RETURN;
          END IF;
        END IF;

        WITH appended AS (
          INSERT INTO event_store.events (stream_name, stream_revision, event_id, event_type, data, metadata)
          SELECT p_stream, coalesce(v_current, -1) + j.ord, (j.event ->> 'eventId')::uuid, j.event ->> 'type',
                 j.event -> 'data', j.event -> 'metadata'
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS j(event, ord)
          RETURNING global_position
        )
        SELECT max(global_position) INTO prepare_position FROM appended;

        outcome := 'appended';
        revision := coalesce(v_current, -1) + v_count;
        commit_position := pg_current_xact_id();
      END
      $fn$;
    `,
  },
];

/** Brings the `event_store` schema up to date; safe to run from several processes starting at once. */
export const migrate = async (pool: pg.Pool): Promise<void> => {
  await runMigrations(pool, 'event_store', MIGRATIONS);
};
