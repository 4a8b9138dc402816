import type pg from 'pg';
import type { Logger } from 'pino';
import type { Migration } from '#libs/postgres/migrate.js';
import type { Principal } from '#libs/auth/principal.js';

export const ACCESS_LOG_SCHEMA = 'access_log';

export const ACCESS_LOG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'who read or changed what',
    sql: `
      CREATE TABLE access_log.entries (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at             timestamptz NOT NULL,
        actor_sub      text NOT NULL,
        actor_role     text NOT NULL,
        actor_org      text NOT NULL,
        method         text NOT NULL,
        route          text NOT NULL,
        case_id        uuid,
        status         integer NOT NULL,
        correlation_id text
      );
      CREATE INDEX entries_by_case ON access_log.entries (case_id, at) WHERE case_id IS NOT NULL;
      CREATE INDEX entries_by_actor ON access_log.entries (actor_sub, at);`,
  },
];

export interface AccessEntry {
  readonly at: Date;
  readonly principal: Principal;
  readonly method: string;
  /** The route pattern (`/api/v1/cases/:caseId`), never the URL: query strings may carry anything. */
  readonly route: string;
  readonly caseId: string | null;
  readonly status: number;
  readonly correlationId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const caseIdOf = (params: unknown): string | null => {
  const caseId = (params as { caseId?: unknown } | undefined)?.caseId;
  return typeof caseId === 'string' && UUID.test(caseId) ? caseId : null;
};

/**
 * Every authenticated request, attributed to its actor. Entries are written in batches a few times a second,
 * off the request's path; a flush that fails is logged and retried with the next batch, and shutdown flushes.
 */
export class AccessLog {
  #pending: AccessEntry[] = [];
  #flushing: Promise<void> = Promise.resolve();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    flushEveryMs = 250,
  ) {
    this.#timer = setInterval(() => void this.flush(), flushEveryMs);
    this.#timer.unref();
  }

  record(entry: AccessEntry): void {
    this.#pending.push(entry);
  }

  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #write(): Promise<void> {
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    try {
      await this.pool.query(
        `INSERT INTO access_log.entries (at, actor_sub, actor_role, actor_org, method, route, case_id, status, correlation_id)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                              $8::int[], $9::text[])`,
        [
          batch.map((entry) => entry.at),
          batch.map((entry) => entry.principal.sub),
          batch.map((entry) => entry.principal.role),
          batch.map((entry) => entry.principal.org),
          batch.map((entry) => entry.method),
          batch.map((entry) => entry.route),
          batch.map((entry) => entry.caseId),
          batch.map((entry) => entry.status),
          batch.map((entry) => entry.correlationId),
        ],
      );
    } catch (error) {
      this.logger.error({ error: (error as Error).message, entries: batch.length }, 'access log write failed; retrying');
      this.#pending = [...batch, ...this.#pending];
    }
  }
}
