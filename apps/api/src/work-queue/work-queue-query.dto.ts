import { IsIn } from 'class-validator';
import { CASE_STATUSES } from '#libs/domain/transfer-case/state.js';
import {
  CursorQuery,
  DayOrInstantQuery,
  HospitalOrgNumberQuery,
  MinPositionQuery,
  MunicipalityCodeQuery,
  OptionalQuery,
  PageSizeQuery,
} from '../http/query-fields.js';

export const MAX_QUEUE_PAGE = 200;
export const DEFAULT_QUEUE_PAGE = 50;

/** `GET /cases`: the work queue's filters and page (api.md, Queries). */
export class WorkQueueQueryDto {
  @OptionalQuery("Only cases in this status; `open`: notified, awaiting_decision or decided", { enum: [...CASE_STATUSES, 'open'] }, IsIn([...CASE_STATUSES, 'open'], { message: `$property must be one of: ${[...CASE_STATUSES, 'open'].join(', ')}` }))
  status?: string;

  @MunicipalityCodeQuery()
  municipalityCode?: string;

  @HospitalOrgNumberQuery()
  hospitalOrgNumber?: string;

  @DayOrInstantQuery('Only cases declared ready for discharge before this instant, or before the start of this day (Europe/Oslo)')
  readyBefore?: string;

  @CursorQuery()
  cursor?: string;

  @PageSizeQuery(MAX_QUEUE_PAGE, DEFAULT_QUEUE_PAGE)
  limit?: number;

  @MinPositionQuery()
  minPosition?: string;
}
