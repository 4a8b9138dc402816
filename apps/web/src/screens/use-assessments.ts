import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';
import type { AllocationAssessment, Page } from '../api/types';

export interface AuditFilters {
  readonly from: string;
  readonly to: string;
  readonly municipalityCode?: string;
}

const PAGE = '1000';

/** Every assessment in the period, all pages (a year of a region's decisions is a few thousand rows). */
export const fetchAllAssessments = async (filters: AuditFilters): Promise<AllocationAssessment[]> => {
  const all: AllocationAssessment[] = [];
  let cursor: string | undefined;
  do {
    const { body } = await getJson<Page<AllocationAssessment>>('/api/v1/audit/allocations', { ...filters, limit: PAGE, cursor });
    all.push(...body.items);
    cursor = body.nextCursor ?? undefined;
  } while (cursor);
  return all;
};

export const useAssessments = (filters: AuditFilters) =>
  useQuery({ queryKey: ['assessments', filters], queryFn: () => fetchAllAssessments(filters), staleTime: 60_000 });

/** The last twelve months up to today, as `from`/`to` dates. */
export const lastYear = (now: Date = new Date()): AuditFilters => {
  const to = new Date(now.getTime() + 24 * 3600_000).toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 366 * 24 * 3600_000).toISOString().slice(0, 10);
  return { from, to };
};
