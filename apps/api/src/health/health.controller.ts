import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { HealthAnswer, LiveAnswer, ReadyAnswer } from './health-answer.js';
import { GetHealth, GetReadiness, type HealthDetails, type Readiness } from './health-reads.js';

/** api.md, Operations: liveness, readiness, and the details an on-call engineer reads. */
@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (nothing else is checked)' })
  @ApiOkResponse({ type: LiveAnswer })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer within 2 s' })
  @ApiOkResponse({ type: ReadyAnswer, description: 'Both answer' })
  @ApiServiceUnavailableResponse({ type: ReadyAnswer, description: 'PostgreSQL or Redis is unreachable' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.queryBus.execute(new GetReadiness());
    void reply.status(readiness.status === 'ok' ? 200 : 503);
    return readiness;
  }

  @Get()
  @ApiOperation({
    summary: 'Details: ok, degraded or down, and why; each projection’s lag and failing cases, the deadline timer, the worker',
    description:
      '`degraded` (200): a projection or component is failing on some case, a projection or the deadline timer lags ' +
      'more than 60 s, or deadline jobs have failed; `reasons` says which. `down` (503): PostgreSQL or Redis is unreachable.',
  })
  @ApiOkResponse({ type: HealthAnswer, description: 'ok or degraded' })
  @ApiServiceUnavailableResponse({ type: HealthAnswer, description: 'down' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDetails> {
    const details = await this.queryBus.execute(new GetHealth());
    void reply.status(details.status === 'down' ? 503 : 200);
    return details;
  }
}
