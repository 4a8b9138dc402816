import { ApiProperty } from '@nestjs/swagger';
import { LADDER_STEPS, LEVELS, type LadderStep, type Level } from '#libs/domain/participation/allocation-assessment.js';
import type { LiabilityStatus } from '#libs/domain/regulation/liability.js';
import { DEADLINE_KINDS, SERVICE_TYPES, type DeadlineKind, type ServiceType } from '#libs/domain/transfer-case/events.js';
import { CASE_STATUSES, type CaseStatus } from '#libs/domain/transfer-case/state.js';
import type { CaseSummaryFields } from './work-queue.queries.js';
import type { WorkQueueItem } from './work-queue.queries.js';

/** The OpenAPI shape of a `CaseSummary` (api.md) as `GET /cases` answers it; `implements` keeps it to the query's type. */

type Field<K extends keyof CaseSummaryFields> = NonNullable<CaseSummaryFields[K]>;

const LIABILITY_STATUSES: LiabilityStatus[] = ['owed', 'disputed'];

export class NextDeadlineAnswer implements Field<'nextDeadline'> {
  @ApiProperty({ enum: [...DEADLINE_KINDS] })
  kind!: DeadlineKind;

  @ApiProperty({ format: 'date-time' })
  dueAt!: string;
}

export class ParticipationAnswer implements Field<'participation'> {
  @ApiProperty({ enum: [...LEVELS], description: "The latest decision's participation level (participation.md)" })
  level!: Level;

  @ApiProperty({ enum: [...LADDER_STEPS] })
  ladderStep!: LadderStep;
}

export class RunningLiabilityAnswer implements Field<'liability'> {
  @ApiProperty({ description: 'First liable day (Europe/Oslo)', example: '2024-01-01', format: 'date' })
  from!: string;

  @ApiProperty({ enum: LIABILITY_STATUSES })
  status!: LiabilityStatus;

  @ApiProperty({ description: 'Liable days up to and including today' })
  days!: number;

  @ApiProperty({ description: 'NOK' })
  amount!: number;

  @ApiProperty({ description: 'Days of a year with no configured rate, priced 0' })
  rateMissingDays!: number;
}

export class SummaryDecisionAnswer implements NonNullable<WorkQueueItem['latestDecision']> {
  @ApiProperty({ format: 'uuid' })
  decisionId!: string;

  @ApiProperty({ enum: [...SERVICE_TYPES] })
  serviceType!: ServiceType;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;
}

/** The fields `GET /cases/{caseId}` shares with a work-queue item. */
export class CaseSummaryFieldsAnswer implements CaseSummaryFields {
  @ApiProperty({
    description: 'Europe/Oslo calendar days from the day of readiness to today; null when not ready',
    nullable: true,
    type: Number,
  })
  daysWaiting!: number | null;

  @ApiProperty({ type: NextDeadlineAnswer, nullable: true, description: 'The earliest open deadline; null when none' })
  nextDeadline!: NextDeadlineAnswer | null;

  @ApiProperty({ type: ParticipationAnswer, nullable: true, description: 'Null before any decision' })
  participation!: ParticipationAnswer | null;

  @ApiProperty({
    type: RunningLiabilityAnswer,
    nullable: true,
    description: 'The liable period still running, counted up to and including today; null when none runs',
  })
  liability!: RunningLiabilityAnswer | null;
}

export class CaseSummaryAnswer extends CaseSummaryFieldsAnswer implements WorkQueueItem {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ enum: [...CASE_STATUSES] })
  status!: CaseStatus;

  @ApiProperty({ example: '5001' })
  municipalityCode!: string;

  @ApiProperty({ example: '974749025' })
  hospitalOrgNumber!: string;

  @ApiProperty({ format: 'date-time' })
  admittedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Null when no readiness stands' })
  readySince!: string | null;

  @ApiProperty({ type: SummaryDecisionAnswer, nullable: true })
  latestDecision!: SummaryDecisionAnswer | null;

  @ApiProperty({ description: "The case stream's revision" })
  revision!: number;

  @ApiProperty({
    description: 'Global position of the last event the read model holds, `<commit>-<prepare>`',
    example: '1234-5678',
    nullable: true,
    type: String,
  })
  position!: string | null;

  @ApiProperty({
    description:
      'Some part of overgang cannot handle a recorded event of this case (see /health): the item shows the last state ' +
      'the work queue could take, and GET /cases/{caseId} may answer 409 `case-unreadable`',
  })
  failing!: boolean;
}

export class WorkQueueAnswer {
  @ApiProperty({ type: [CaseSummaryAnswer] })
  items!: CaseSummaryAnswer[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last page' })
  nextCursor!: string | null;
}
