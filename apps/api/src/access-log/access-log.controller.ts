import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { OptionalField } from '../http/fields.js';
import { GetAccessLog, type AccessLogItem } from './access-log-reads.js';

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
    return this.queryBus.execute(new GetAccessLog(query.caseId, query.actor, query.cursor, query.limit ?? 100));
  }
}
