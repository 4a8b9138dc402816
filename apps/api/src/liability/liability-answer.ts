import { ApiProperty } from '@nestjs/swagger';

/** The OpenAPI shape of `GET /liability` (api.md); the values come from `liabilityReport`. */

export class LiabilityPeriodAnswer {
  @ApiProperty({ description: 'First liable day (Europe/Oslo)', example: '2024-01-01', format: 'date' })
  from!: string;

  @ApiProperty({ description: 'First day not owed; null while the period runs', example: '2024-01-04', format: 'date', nullable: true, type: String })
  to!: string | null;

  @ApiProperty({ description: "This month's days of the period" })
  days!: number;

  @ApiProperty({ description: "This month's amount in NOK" })
  amount!: number;

  @ApiProperty({ description: 'Days of a year with no configured rate, priced 0' })
  rateMissingDays!: number;

  @ApiProperty({ enum: ['owed', 'disputed'] })
  status!: 'owed' | 'disputed';
}

export class LiabilityCaseAnswer {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ enum: ['owed', 'disputed'], description: 'disputed when any of its days in the month is' })
  status!: 'owed' | 'disputed';

  @ApiProperty()
  days!: number;

  @ApiProperty({ description: 'NOK' })
  amount!: number;

  @ApiProperty()
  rateMissingDays!: number;

  @ApiProperty({ type: [LiabilityPeriodAnswer] })
  periods!: LiabilityPeriodAnswer[];
}

export class LiabilityItemAnswer {
  @ApiProperty({ example: '5001' })
  municipalityCode!: string;

  @ApiProperty({ example: '2024-01', description: 'YYYY-MM; only this month’s days are counted' })
  month!: string;

  @ApiProperty()
  owedDays!: number;

  @ApiProperty({ description: 'NOK' })
  owedAmount!: number;

  @ApiProperty({ description: 'Days the hospital’s own omission under §§ 8–10 puts in dispute' })
  disputedDays!: number;

  @ApiProperty({ description: 'NOK' })
  disputedAmount!: number;

  @ApiProperty()
  rateMissingDays!: number;

  @ApiProperty({ type: [LiabilityCaseAnswer] })
  cases!: LiabilityCaseAnswer[];
}

export class LiabilityAnswer {
  @ApiProperty({ type: [LiabilityItemAnswer] })
  items!: LiabilityItemAnswer[];
}
