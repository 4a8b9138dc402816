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
  useQuery({ queryKey: ['assessments', filters], queryFn: () => fetchAllAssessments(filters), staleTime: 60_000, refetchInterval: 5 * 60_000 });
