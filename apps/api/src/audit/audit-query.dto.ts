import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LADDER_STEPS, LEVELS } from '#libs/domain/participation/allocation-assessment.js';
import {
  CursorQuery,
  DayOrInstantQuery,
  HospitalOrgNumberQuery,
  MinPositionQuery,
  MunicipalityCodeQuery,
  OptionalQuery,
  PageSizeQuery,
} from '../http/query-fields.js';

export const GROUP_BYS = ['municipality', 'hospital', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** The filters every audit query takes (api.md, Queries). */
export class AuditFilterDto {
  @MunicipalityCodeQuery()
  municipalityCode?: string;

  @HospitalOrgNumberQuery()
  hospitalOrgNumber?: string;

  @DayOrInstantQuery('Decisions at or after this instant, or from the start of this day (Europe/Oslo)')
  from?: string;

  @DayOrInstantQuery('Decisions at or before this instant, or up to the end of this day (Europe/Oslo)')
  to?: string;

  @OptionalQuery('Only decisions at this level', { enum: [...LEVELS] }, IsIn([...LEVELS], { message: `$property must be one of: ${LEVELS.join(', ')}` }))
  level?: string;

  @OptionalQuery('Only decisions at this ladder step', { enum: [...LADDER_STEPS] }, IsIn([...LADDER_STEPS], { message: `$property must be one of: ${LADDER_STEPS.join(', ')}` }))
  ladderStep?: string;

  @MinPositionQuery()
  minPosition?: string;
}

export class AllocationsQueryDto extends AuditFilterDto {
  @CursorQuery()
  cursor?: string;

  @PageSizeQuery(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;
}

export class SummaryQueryDto extends AuditFilterDto {
  @IsIn([...GROUP_BYS], { message: `$property must be one of: ${GROUP_BYS.join(', ')}` })
  @ApiProperty({ enum: [...GROUP_BYS], description: 'What each item summarises' })
  groupBy!: GroupBy;
}
