import { ApiProperty } from '@nestjs/swagger';
import { FailingCaseAnswer } from '../failing-cases/failing-case-answer.js';

/** The OpenAPI shapes of `/health`, `/health/live` and `/health/ready`. */

export class LiveAnswer {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class CheckAnswer {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty()
  latencyMs!: number;

  @ApiProperty({ required: false })
  error?: string;
}

export class ChecksAnswer {
  @ApiProperty({ type: CheckAnswer })
  postgres!: CheckAnswer;

  @ApiProperty({ type: CheckAnswer })
  redis!: CheckAnswer;
}

export class ReadyAnswer {
  @ApiProperty({ enum: ['ok', 'down'] })
  status!: 'ok' | 'down';

  @ApiProperty({ type: ChecksAnswer })
  checks!: ChecksAnswer;
}

export class WorkerAnswer {
  @ApiProperty({ enum: ['up', 'unknown'], description: 'up: its heartbeat ran through BullMQ within the last 45 s' })
  status!: 'up' | 'unknown';

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSeen!: string | null;
}

export class RebuildAnswer {
  @ApiProperty()
  generation!: number;

  @ApiProperty()
  eventsProcessed!: number;
}

export class ProjectionHealthAnswer {
  @ApiProperty({ example: 'case_summary' })
  projection!: string;

  @ApiProperty()
  liveGeneration!: number;

  @ApiProperty({ nullable: true, type: String, description: 'Checkpoint of the live generation, `<commit>-<prepare>`' })
  position!: string | null;

  @ApiProperty({ description: 'Case events in the store beyond the checkpoint' })
  eventsBehind!: number;

  @ApiProperty({ description: 'How long the oldest of them has waited (over 60: degraded)' })
  secondsBehind!: number;

  @ApiProperty({ type: RebuildAnswer, nullable: true })
  rebuilding!: RebuildAnswer | null;

  @ApiProperty({ description: 'Cases the live generation could not handle (their rows show their last good state)' })
  failingCaseCount!: number;

  @ApiProperty({ type: [FailingCaseAnswer], description: 'The oldest 20 of them (all: GET /api/v1/admin/failing-cases)' })
  failingCases!: FailingCaseAnswer[];
}

export class ComponentHealthAnswer {
  @ApiProperty({ description: '`deadline_timer` (cannot fire a deadline of the case), …' })
  component!: string;

  @ApiProperty()
  failingCaseCount!: number;

  @ApiProperty({ type: [FailingCaseAnswer], description: 'The oldest 20 of them' })
  failingCases!: FailingCaseAnswer[];
}

export class DeadlineTimerAnswer {
  @ApiProperty({ description: 'Open deadlines past due whose miss is not recorded yet (failing cases left out)' })
  overdueDeadlines!: number;

  @ApiProperty({ description: 'How long the oldest of them has been due (over 60: degraded)' })
  secondsBehind!: number;
}

export class DeadlineJobsAnswer {
  @ApiProperty() waiting!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() active!: number;
  @ApiProperty() prioritized!: number;
  @ApiProperty() completed!: number;
  @ApiProperty({ description: 'Gave up (after every retry, or at once for a case that cannot be read): degraded' })
  failed!: number;
}

export class HealthAnswer {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'] })
  status!: 'ok' | 'degraded' | 'down';

  @ApiProperty({ type: [String], description: 'Why it is not ok, one line each', example: ['projection deadlines is failing on 1 case'] })
  reasons!: string[];

  @ApiProperty({ type: ChecksAnswer })
  checks!: ChecksAnswer;

  @ApiProperty({ type: WorkerAnswer })
  worker!: WorkerAnswer;

  @ApiProperty({ type: [ProjectionHealthAnswer], nullable: true, description: 'Null when PostgreSQL cannot tell' })
  projections!: ProjectionHealthAnswer[] | null;

  @ApiProperty({ type: [ComponentHealthAnswer], description: 'Components other than projections that read cases' })
  components!: ComponentHealthAnswer[];

  @ApiProperty({ type: DeadlineTimerAnswer, nullable: true, description: 'Null before the deadlines projection has run' })
  deadlineTimer!: DeadlineTimerAnswer | null;

  @ApiProperty({ type: DeadlineJobsAnswer, nullable: true, description: 'Null while Redis cannot tell' })
  deadlineJobs!: DeadlineJobsAnswer | null;
}
