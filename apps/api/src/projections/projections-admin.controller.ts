import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import type { AppConfig } from '#libs/config/config.js';
import { projectionsFor } from '#libs/projections/registry.js';
import { requestRebuild } from '#libs/projections/runtime/rebuild-request.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { ProblemException } from '../http/problem.exception.js';
import { APP_CONFIG, PG_POOL } from '../infrastructure/tokens.js';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/projections')
@Roles('admin')
export class ProjectionsAdminController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a projection: the process running it replays the whole store into a fresh generation and swaps it in',
  })
  @ApiAcceptedResponse({ description: 'Requested; /health shows the rebuild progress' })
  @ApiReadProblems()
  async rebuild(@Param('name') name: string): Promise<{ projection: string; status: 'requested' }> {
    if (!projectionsFor(this.config).some((projection) => projection.name === name)) {
      throw ProblemException.of(404, `There is no projection named ${name}`);
    }
    await requestRebuild(this.pool, name);
    return { projection: name, status: 'requested' };
  }
}
