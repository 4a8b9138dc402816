import { ApiProperty } from '@nestjs/swagger';
import type { FailingCase } from '#libs/projections/runtime/failing-cases.js';

/** The OpenAPI shapes of the failing-case registry (`/health`, `/api/v1/admin/failing-cases`). */

const NULLABLE_TEXT = { nullable: true, type: String } as const;

export class FailingCaseAnswer implements FailingCase {
  @ApiProperty({ description: 'The projection (`case_summary`, `deadlines`, …) or component (`deadline_timer`)' })
  component!: string;

  @ApiProperty({ description: 'The case (its stream is `case-<caseId>`)' })
  caseId!: string;

  @ApiProperty({ ...NULLABLE_TEXT, description: 'Position `<commit>-<prepare>` of the first event it cannot handle', example: '1042-7' })
  position!: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: 'MunicipalResponseGiven' })
  eventType!: string | null;

  @ApiProperty({ nullable: true, type: Number, description: "That event's revision in the case stream" })
  revision!: number | null;

  @ApiProperty({ description: 'What went wrong; national ID numbers and names are replaced by `[fnr]` and `[navn]`' })
  error!: string;

  @ApiProperty({ format: 'date-time', description: 'When it first failed' })
  since!: string;

  @ApiProperty({ format: 'date-time' })
  lastFailedAt!: string;

  @ApiProperty({ ...NULLABLE_TEXT, description: "The case's last event seen when it last failed" })
  lastPosition!: string | null;

  @ApiProperty({ description: 'How often it has failed (each new event of the case, and each retry, tries again)' })
  attempts!: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'A retry an admin asked for, not run yet' })
  retryRequestedAt!: string | null;
}

export class FailingCasesAnswer {
  @ApiProperty({ type: [FailingCaseAnswer], description: 'Oldest first' })
  items!: FailingCaseAnswer[];
}

export const RETRY_OUTCOMES = ['cleared', 'failing', 'pending'] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];

export class RetryOutcomeAnswer {
  @ApiProperty()
  component!: string;

  @ApiProperty()
  caseId!: string;

  @ApiProperty({
    enum: RETRY_OUTCOMES,
    description:
      '`cleared`: handled now, the mark is gone; `failing`: tried again and failed (see `error`); `pending`: not tried ' +
      'within 5 s (the worker is busy or down): it is tried when it runs',
  })
  outcome!: RetryOutcome;

  @ApiProperty({ ...NULLABLE_TEXT, description: 'For `failing`: the error now' })
  error!: string | null;
}

export class RetryAnswer {
  @ApiProperty({ type: [RetryOutcomeAnswer] })
  items!: RetryOutcomeAnswer[];
}
