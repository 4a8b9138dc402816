import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '../infrastructure/tokens.js';

export interface AccessLogItem {
  at: string;
  actor: { sub: string; role: string; org: string };
  method: string;
  route: string;
  caseId: string | null;
  status: number;
  correlationId: string | null;
}

interface EntryRow {
  id: string;
  at: Date;
  actor_sub: string;
  actor_role: string;
  actor_org: string;
  method: string;
  route: string;
  case_id: string | null;
  status: number;
  correlation_id: string | null;
}

/** `GET /api/v1/admin/access-log`: who read or changed what, newest first, by case or by actor. */
export class GetAccessLog extends Query<{ items: AccessLogItem[]; nextCursor: string | null }> {
  constructor(
    readonly caseId: string | undefined,
    readonly actor: string | undefined,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(GetAccessLog)
export class GetAccessLogHandler implements IQueryHandler<GetAccessLog> {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async execute({ caseId, actor, cursor, limit }: GetAccessLog): Promise<{ items: AccessLogItem[]; nextCursor: string | null }> {
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT id::text, at, actor_sub, actor_role, actor_org, method, route, case_id, status, correlation_id
       FROM access_log.entries
       WHERE ($1::uuid IS NULL OR case_id = $1) AND ($2::text IS NULL OR actor_sub = $2) AND ($3::bigint IS NULL OR id < $3)
       ORDER BY id DESC
       LIMIT $4`,
      [caseId ?? null, actor ?? null, cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({
        at: row.at.toISOString(),
        actor: { sub: row.actor_sub, role: row.actor_role, org: row.actor_org },
        method: row.method,
        route: row.route,
        caseId: row.case_id,
        status: row.status,
        correlationId: row.correlation_id,
      })),
      nextCursor: rows.length > limit ? page.at(-1)!.id : null,
    };
  }
}
