import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AllocationAssessment } from '../api/types';
import { DrillDown } from './Quality';

const decision = (caseId: string, decidedAt: string): AllocationAssessment =>
  ({
    caseId,
    decisionId: 'd1', // decision ids repeat across cases
    decidedAt,
    serviceType: 'home_care',
    municipalityCode: '5001',
    hospitalOrgNumber: '900087101',
    level: 'deltakelse',
    ladderStep: 'brukerperspektiv',
    missingConditions: ['alternativesPresented'],
    appealed: false,
  }) as AllocationAssessment;

afterEach(() => vi.restoreAllMocks());

describe('the drill-down', () => {
  it('lists decisions newest first with hospital and municipality by name, 25 a page, and no duplicate-key warning', () => {
    const errors = vi.spyOn(console, 'error');
    const data = Array.from({ length: 30 }, (_, i) => decision(`case-${i}`, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()));
    render(
      <MemoryRouter>
        <DrillDown drill={{ by: 'level', value: 'deltakelse' }} page={1} data={data} reportHref="/kvalitet" pageHref={() => undefined} assessmentHref={() => '/x'} />
      </MemoryRouter>,
    );
    const rows = screen.getByTestId('decision-table').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(25);
    expect(rows[0]!.textContent).toContain('30. jan. 2026');
    expect(rows[0]!.textContent).toContain('Org.nr. 900 087 101');
    expect(rows[0]!.textContent).toContain('Trondheim');
    expect(screen.getByText(/30 vedtak, nyeste først\. Side 1 av 2/)).toBeTruthy();
    expect(errors.mock.calls.map((call) => String(call[0]))).not.toContainEqual(expect.stringMatching(/same key/));
  });
});
