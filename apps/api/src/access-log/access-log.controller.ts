import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { OptionalField } from '../http/fields.js';
import { PageSizeQuery } from '../http/query-fields.js';
import { GetAccessLog, type AccessLogItem } from './access-log-reads.js';

const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

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

  @PageSizeQuery(MAX_PAGE, DEFAULT_PAGE)
  limit?: number;
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/access-log')
@Roles('admin')
export class AccessLogController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Who read or changed what: every authenticated request, newest first, by case or by actor' })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  @ApiReadProblems()
  async list(@Query() query: AccessLogQueryDto): Promise<{ items: AccessLogItem[]; nextCursor: string | null }> {
    return this.queryBus.execute(new GetAccessLog(query.caseId, query.actor, query.cursor, query.limit ?? DEFAULT_PAGE));
  }
}
