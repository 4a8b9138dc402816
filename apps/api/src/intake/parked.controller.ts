import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import type { ParkedInbox, ParkedItem } from '#libs/intake/parked-inbox.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { actorOf } from '../cases/command-request.js';
import { CaseIdPipe } from '../cases/case-id.pipe.js';
import { ApiCommandProblems, ApiReadProblems } from '../http/api-problems.js';
import { EnumField, OptionalField, TextField, UuidField } from '../http/fields.js';
import { NationalIdField } from '../http/identifier-fields.js';
import { ProblemException } from '../http/problem.exception.js';
import { ParkedItemAnswer, ParkedPageAnswer, ResolutionAnswer } from './intake-answers.js';
import { GetParked, ListParked } from './intake-reads.js';
import { PARKED_INBOX } from './intake-tokens.js';

export class ParkedQueryDto {
  @OptionalField()
  @IsIn(['open', 'resolved'], { message: '$property must be open or resolved' })
  @ApiPropertyOptional({ enum: ['open', 'resolved'], default: 'open' })
  state?: 'open' | 'resolved';

  @OptionalField()
  @IsUUID('all', { message: '$property must be a cursor from an earlier page' })
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  cursor?: string;

  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  limit?: number;
}

export class ResolveParkedDto {
  @EnumField(['attach', 'open_case', 'dismiss'], {
    description: 'attach: record its facts on caseId; open_case: open a case from it; dismiss: nothing is recorded (give a reason)',
  })
  action!: 'attach' | 'open_case' | 'dismiss';

  @UuidField({ optional: true, description: 'For attach: the case of your municipality the message belongs to' })
  caseId?: string;

  @TextField(1000, { optional: true, description: 'For dismiss: why' })
  reason?: string;

  @NationalIdField({ optional: true, description: 'For open_case, when the message identifies the patient only by a help number (FHN, HNR)' })
  nationalId?: string;
}

/** The officers' inbox of hospital messages that need a person (intake.md). */
@ApiTags('intake')
@ApiBearerAuth()
@Controller('intake/parked')
export class ParkedController {
  constructor(
    @Inject(PARKED_INBOX) private readonly inbox: ParkedInbox,
    private readonly queryBus: QueryBus,
  ) {}

  @Get()
  @Roles('allocation_officer')
  @ApiOperation({ summary: "Your municipality's parked messages, oldest first, with why they wait and suggested cases" })
  @ApiOkResponse({ type: ParkedPageAnswer })
  @ApiReadProblems()
  async list(@Query() query: ParkedQueryDto, @Req() request: AuthenticatedRequest): Promise<{ items: ParkedItem[]; nextCursor: string | null }> {
    return this.queryBus.execute(
      new ListParked(request.principal!.org, { state: query.state ?? 'open', limit: query.limit ?? 20, ...(query.cursor ? { after: query.cursor } : {}) }),
    );
  }

  @Get(':id')
  @Roles('allocation_officer')
  @ApiOperation({ summary: 'One parked message of your municipality' })
  @ApiOkResponse({ type: ParkedItemAnswer })
  @ApiReadProblems()
  async one(@Param('id', CaseIdPipe) id: string, @Req() request: AuthenticatedRequest): Promise<ParkedItem> {
    const item = await this.queryBus.execute(new GetParked(id, request.principal!.org));
    if (!item) throw ProblemException.of(404, `No parked message ${id}`);
    return item;
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('allocation_officer')
  @ApiOperation({
    summary: 'Resolve a parked message: attach it to a case, open a case from it, or dismiss it',
    description: 'The same resolution again answers as the first; another resolution of a resolved message is 409.',
  })
  @ApiOkResponse({ type: ResolutionAnswer })
  @ApiCommandProblems()
  async resolve(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: ResolveParkedDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ResolutionAnswer> {
    const missing =
      body.action === 'attach' && !body.caseId
        ? { field: 'caseId', message: 'caseId is required to attach' }
        : body.action === 'dismiss' && !body.reason
          ? { field: 'reason', message: 'reason is required to dismiss' }
          : null;
    if (missing) throw ProblemException.of(400, missing.message, { errors: [missing] });
    const request_ =
      body.action === 'attach'
        ? { action: 'attach' as const, caseId: body.caseId! }
        : body.action === 'dismiss'
          ? { action: 'dismiss' as const, reason: body.reason! }
          : { action: 'open_case' as const, ...(body.nationalId ? { nationalId: body.nationalId } : {}) };
    const outcome = await this.inbox.resolve(id, request_, actorOf(request.principal!));
    switch (outcome.kind) {
      case 'not_found':
        throw ProblemException.of(404, body.action === 'attach' ? `No parked message ${id}, or no case ${body.caseId} in your municipality` : `No parked message ${id}`);
      case 'conflict':
        throw ProblemException.of(409, outcome.detail, { rule: 'parked-message-resolved' });
      case 'refused':
        throw ProblemException.of(409, outcome.parking.reason, { rule: outcome.parking.code });
      case 'resolved': {
        const { resolution } = outcome;
        return {
          parkedId: id,
          action: resolution.action,
          ...(resolution.caseId ? { caseId: resolution.caseId } : {}),
          events: [...(resolution.events ?? [])],
          resolvedAt: resolution.at,
        };
      }
    }
  }
}
