import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '#libs/auth/principal.js';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import { APP_CONFIG, CLOCK } from '../infrastructure/tokens.js';
import { ReadModels } from '../read-models/read-models.js';
import { workQueuePage, type QueueCursor, type WorkQueueFilter, type WorkQueueItem } from './work-queue.queries.js';

export const CASE_SUMMARY_PROJECTION = 'case_summary';

/** `GET /cases`: one page of the caller's work queue. */
export class GetWorkQueue extends Query<{ items: WorkQueueItem[]; next: QueueCursor | null }> {
  constructor(
    readonly principal: Principal,
    readonly filter: WorkQueueFilter,
    readonly limit: number,
    readonly after: QueueCursor | undefined,
    readonly minPosition: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(GetWorkQueue)
export class GetWorkQueueHandler implements IQueryHandler<GetWorkQueue> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ principal, filter, limit, after, minPosition }: GetWorkQueue): Promise<{ items: WorkQueueItem[]; next: QueueCursor | null }> {
    const today = osloDateOf(this.clock.now().toISOString());
    return this.readModels.read(CASE_SUMMARY_PROJECTION, minPosition, (db) =>
      workQueuePage(db, principal, filter, { limit, after }, today, this.config.regulation),
    );
  }
}
