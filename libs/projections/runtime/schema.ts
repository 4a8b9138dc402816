import type pg from 'pg';
import { migrate, type Migration } from '#libs/postgres/migrate.js';

export const READ_MODELS_SCHEMA = 'read_models';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projection registry and checkpoints',
    sql: /* sql */ `
      -- One row per projection: which generation of its tables the views expose, and which one is being rebuilt.
      CREATE TABLE read_models.projections (
        name text PRIMARY KEY,
        live_generation integer NOT NULL,
        live_version integer NOT NULL,
        building_generation integer,
        building_version integer,
        rebuild_requested_at timestamptz,
        swapped_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The position (text <commit>-<prepare>, null: nothing yet) up to which a generation's rows are complete.
      -- Written in the same transaction as the rows.
      CREATE TABLE read_models.projection_checkpoints (
        projection text NOT NULL,
        generation integer NOT NULL,
        position text,
        events_processed bigint NOT NULL DEFAULT 0,
        last_event_recorded_at timestamptz,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, generation)
      );
    `,
  },
  {
    version: 2,
    name: 'failing cases',
    sql: /* sql */ `
      -- A case some part of overgang could not handle (domain.md, "A recorded event never stops the system"): a
      -- projection (component = its name, per generation) or another component (generation 0). Written with the rows.
      CREATE TABLE read_models.failing_cases (
        component text NOT NULL,
        generation integer NOT NULL,
        case_id text NOT NULL,
        -- The first event it could not handle: text <commit>-<prepare>, its type and revision in the case stream.
        position text,
        event_type text,
        revision integer,
        error text NOT NULL,
        since timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        last_position text,
        attempts integer NOT NULL DEFAULT 1,
        retry_requested_at timestamptz,
        PRIMARY KEY (component, generation, case_id)
      );
      CREATE INDEX failing_cases_case ON read_models.failing_cases (case_id);

      -- Every failure ever recorded, per component: the counter /metrics exposes (marks come and go).
      CREATE TABLE read_models.case_failure_counts (
        component text PRIMARY KEY,
        failures bigint NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'case reads read the case summary',
    sql: /* sql */ `
      -- GET /cases/{caseId} reads the case summary read model, whose own marks say when a case cannot be read; the
      -- marks the API made when it folded cases itself (component case_read) have no one left to clear them.
      DELETE FROM read_models.failing_cases WHERE component = 'case_read';
    `,
  },
];

/** Brings the `read_models` control tables up to date; safe from several processes at once. */
export const migrateReadModels = async (pool: pg.Pool): Promise<void> => {
  await migrate(pool, READ_MODELS_SCHEMA, MIGRATIONS);
};
