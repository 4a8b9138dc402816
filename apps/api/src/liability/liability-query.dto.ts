import { MinPositionQuery, MonthQuery, MunicipalityCodeQuery } from '../http/query-fields.js';

/** `GET /liability` (api.md): both filters optional; the caller's scope always applies. */
export class LiabilityQueryDto {
  @MunicipalityCodeQuery('Kommunenummer of the paying municipality (oppholdskommune)')
  municipalityCode?: string;

  @MonthQuery('Only the liable days of this month (Europe/Oslo)')
  month?: string;

  @MinPositionQuery()
  minPosition?: string;
}
