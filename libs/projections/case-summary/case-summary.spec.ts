import { assessAllocations } from '#libs/domain/participation/allocation-assessment.js';
import { computeDeadlines, nextOpenDeadline } from '#libs/domain/regulation/deadlines.js';
import { computeLiability } from '#libs/domain/regulation/liability.js';
import { caseHistory, SAMPLE_NATIONAL_ID } from '#libs/domain/participation/testing/case-history.js';
import { CaseStream, CASE_ID, oslo } from '#libs/domain/regulation/case-stream.fixture.js';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import { summarizeCase } from './case-summary.js';
import { caseSummaryProjection, CASE_SUMMARIES, CASE_SUMMARY_COLUMNS } from './case-summary.projection.js';

const config = DEFAULT_REGULATION_CONFIG;

describe('summarizeCase', () => {
  it('is null before the admission notice', () => {
    expect(summarizeCase([], config)).toBeNull();
  });

  it('summarises a case waiting at the hospital: readiness, the municipal response deadline, the running liable period', () => {
    const history = CaseStream.admitted('2024-03-01T10:00').declare('2024-03-04T09:00').events;
    const summary = summarizeCase(history, config)!;
    expect(summary).toEqual(
      expect.objectContaining({
        caseId: CASE_ID,
        status: 'awaiting_decision',
        municipalityCode: '0301',
        hospitalOrgNumber: '974589095',
        admittedAt: oslo('2024-03-01T10:00'),
        readySince: oslo('2024-03-04T09:00'),
        latestDecision: null,
        participation: null,
        openLiability: { from: '2024-03-04', status: 'owed' },
        revision: 1,
      }),
    );
    expect(summary.nextDeadline?.kind).toBe('municipal_response');
    expect(Date.parse(summary.nextDeadline!.dueAt)).toBeGreaterThan(Date.parse(oslo('2024-03-04T09:00')));
  });

  it('ends the liable period and the response deadline when the municipality can receive', () => {
    const history = CaseStream.admitted('2024-03-01T10:00').declare('2024-03-04T09:00').respond('2024-03-04T12:00', true)
      .events;
    expect(summarizeCase(history, config)!.openLiability).toBeNull();
    expect(summarizeCase(history, config)!.nextDeadline).toBeNull();
  });

  it('carries the latest decision and its participation level', () => {
    const history = caseHistory()
      .admitted()
      .readyForDischarge()
      .visited(['user', 'municipal_caseworker'])
      .optionsPresented(['home_care', 'short_term_stay'], { channel: 'in_dialogue' })
      .chose('home_care')
      .decided('home_care')
      .build();
    const summary = summarizeCase(history, config)!;
    const assessment = assessAllocations(history, { pseudonymize: () => 'x' }).at(-1)!;
    expect(summary.status).toBe('decided');
    expect(summary.latestDecision).toEqual(
      expect.objectContaining({ serviceType: 'home_care', decidedAt: assessment.decidedAt }),
    );
    expect(summary.participation).toEqual({ level: assessment.level, ladderStep: assessment.ladderStep });
    expect(summary.participation!.level).toBe('innflytelse');
  });

  it('never stores a name or national ID, and one row of every column per case', () => {
    const history = caseHistory().admitted().readyForDischarge().decided('home_care').build();
    const rows = caseSummaryProjection(config).project(history)[CASE_SUMMARIES]!;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveLength(CASE_SUMMARY_COLUMNS.length);
    expect(JSON.stringify(rows)).not.toContain(SAMPLE_NATIONAL_ID);
  });

  it('skips the legal clock only where the full computation has no open deadline and no running liable period', () => {
    const stories = [
      caseHistory().admitted().readyForDischarge().visited(['user', 'municipal_caseworker'])
        .optionsPresented(['home_care', 'short_term_stay']).chose('home_care').decided('home_care').transferred().followedUp('service_fits'),
      caseHistory().admitted().hospitalRecommended('long_term_stay').readyForDischarge().readinessRevoked().readyForDischarge()
        .declinedDialogue().decided('home_care').appealed(),
      caseHistory().admitted().wishRelayed('relative', 'phone', 'rehabilitation').readyForDischarge().decided('rehabilitation'),
    ].map((story) => story.build());
    stories.push(
      CaseStream.admitted('2024-03-01T10:00').declare('2024-03-04T09:00').respond('2024-03-04T12:00', false).transfer('2024-03-08T10:00').events,
      CaseStream.admitted('2024-03-01T10:00').declare('2024-03-04T09:00').withdraw('2024-03-05T10:00').events,
    );
    for (const history of stories) {
      for (let n = 1; n <= history.length; n++) {
        const prefix = history.slice(0, n);
        const summary = summarizeCase(prefix, config)!;
        const next = nextOpenDeadline(computeDeadlines(prefix, config));
        const running = computeLiability(prefix, config, prefix.at(-1)!.recordedAt).periods.find((p) => p.to === null);
        expect(summary.nextDeadline).toEqual(next ? { kind: next.kind, dueAt: next.dueAt } : null);
        expect(summary.openLiability).toEqual(running ? { from: running.from, status: running.status } : null);
      }
    }
  });

  it('is the same for the same history, and events after a point never change the summary of that prefix', () => {
    const history = CaseStream.admitted('2024-03-01T10:00').declare('2024-03-04T09:00').revoke('2024-03-05T09:00').events;
    for (let n = 1; n <= history.length; n++) {
      expect(summarizeCase(history.slice(0, n), config)).toEqual(summarizeCase(history.slice(0, n), config));
    }
    expect(summarizeCase(history, config)!.readySince).toBeNull();
  });
});
