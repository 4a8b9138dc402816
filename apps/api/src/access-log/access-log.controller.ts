import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type pg from 'pg';
import { Roles } from '../auth/auth.decorators.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { OptionalField } from '../http/fields.js';
import { PG_POOL } from '../infrastructure/tokens.js';

export class AccessLogQueryDto {
  @OptionalField()
  @IsUUID('all', { message: '$property must be a UUID' })
  @ApiPropertyOptional({ description: 'Only requests that named this case', format: 'uuid' })
  caseId?: string;

  @OptionalField()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: "Only requests by this actor (the token's sub)" })
  actor?: string;

  @OptionalField()
  @Matches(/^\d{1,18}$/, { message: '$property must be a cursor from an earlier page' })
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  cursor?: string;

  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  limit?: number;
}

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

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/access-log')
@Roles('admin')
export class AccessLogController {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  @Get()
  @ApiOperation({ summary: 'Who read or changed what: every authenticated request, newest first, by case or by actor' })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  @ApiReadProblems()
  async list(@Query() query: AccessLogQueryDto): Promise<{ items: AccessLogItem[]; nextCursor: string | null }> {
    const limit = query.limit ?? 100;
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT id::text, at, actor_sub, actor_role, actor_org, method, route, case_id, status, correlation_id
       FROM access_log.entries
       WHERE ($1::uuid IS NULL OR case_id = $1) AND ($2::text IS NULL OR actor_sub = $2) AND ($3::bigint IS NULL OR id < $3)
       ORDER BY id DESC
       LIMIT $4`,
      [query.caseId ?? null, query.actor ?? null, query.cursor ?? null, limit + 1],
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
