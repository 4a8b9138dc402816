import type { DeadlineTimerLag } from '#libs/deadline-timer/timer-lag.js';
import type { QueueCounts } from '#libs/deadline-timer/queue-status.js';
import type { FailingCase } from '#libs/projections/runtime/failing-cases.js';
import type { ProjectionLag } from '#libs/projections/runtime/lag.js';

/** api.md, Operations: `ok`; `degraded` (working, but something needs an engineer); `down` (PostgreSQL or Redis). */
export type HealthStatus = 'ok' | 'degraded' | 'down';

/** A projection, or the deadline timer, further behind than this is `degraded`. */
export const LAG_LIMIT_SECONDS = 60;
/** Failing cases listed per projection or component (all of them: `/api/v1/admin/failing-cases`). */
export const LISTED_FAILING_CASES = 20;

export interface Check {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export type FailingCaseItem = Omit<FailingCase, 'component'>;

export interface ProjectionHealth extends ProjectionLag {
  readonly failingCaseCount: number;
  readonly failingCases: FailingCaseItem[];
}

export interface ComponentHealth {
  readonly component: string;
  readonly failingCaseCount: number;
  readonly failingCases: FailingCaseItem[];
}

export interface HealthFacts {
  readonly checks: Readonly<Record<string, Check>>;
  /** Null when they could not be read. */
  readonly lags: readonly ProjectionLag[] | null;
  /** How many cases each projection and component is failing on, and the oldest few of each. */
  readonly failing: { readonly counts: ReadonlyMap<string, number>; readonly oldest: readonly FailingCase[] } | null;
  readonly timerLag: DeadlineTimerLag | null;
  readonly deadlineJobs: QueueCounts | null;
}

export interface HealthReport {
  readonly status: HealthStatus;
  /** Why it is not `ok`, one line each. */
  readonly reasons: string[];
  readonly projections: ProjectionHealth[] | null;
  readonly components: ComponentHealth[];
  readonly deadlineTimer: DeadlineTimerLag | null;
}

/** Components that are not projections but read cases, listed even while nothing fails there. */
const KNOWN_COMPONENTS = ['deadline_timer'];

const listed = (marks: readonly FailingCase[]): FailingCaseItem[] => marks.map(({ component: _component, ...item }) => item);

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** Judges the facts gathered for `/health`. */
export const healthReport = ({ checks, lags, failing, timerLag, deadlineJobs }: HealthFacts): HealthReport => {
  const reasons: string[] = [];
  const down = Object.entries(checks).filter(([, check]) => check.status === 'down');
  for (const [name, check] of down) reasons.push(`${name} is down: ${check.error ?? 'no answer'}`);

  const failingIn = (component: string) => {
    const count = failing?.counts.get(component) ?? 0;
    const oldest = (failing?.oldest ?? []).filter((mark) => mark.component === component);
    return { failingCaseCount: count, failingCases: listed(oldest) };
  };
  const projections =
    lags?.map((lag) => {
      const marks = failingIn(lag.projection);
      if (marks.failingCaseCount > 0) reasons.push(`projection ${lag.projection} is failing on ${plural(marks.failingCaseCount, 'case', 'cases')}`);
      if (lag.secondsBehind > LAG_LIMIT_SECONDS) reasons.push(`projection ${lag.projection} lags ${Math.round(lag.secondsBehind)} s`);
      return { ...lag, ...marks };
    }) ?? null;
  const projectionNames = new Set(lags?.map((lag) => lag.projection));
  const componentNames = new Set([...KNOWN_COMPONENTS, ...(failing?.counts.keys() ?? [])]);
  const components = [...componentNames]
    .filter((name) => !projectionNames.has(name))
    .map((component) => {
      const marks = failingIn(component);
      if (marks.failingCaseCount > 0) reasons.push(`${component} is failing on ${plural(marks.failingCaseCount, 'case', 'cases')}`);
      return { component, ...marks };
    });
  if (timerLag && timerLag.secondsBehind > LAG_LIMIT_SECONDS) {
    reasons.push(`the deadline timer lags ${Math.round(timerLag.secondsBehind)} s (${plural(timerLag.overdueDeadlines, 'deadline', 'deadlines')} overdue)`);
  }
  if (deadlineJobs && deadlineJobs.failed > 0) reasons.push(`${plural(deadlineJobs.failed, 'deadline job has', 'deadline jobs have')} failed`);
  if (down.length === 0 && (lags === null || failing === null)) reasons.push('the projections’ state cannot be read');

  const status: HealthStatus = down.length > 0 ? 'down' : reasons.length > 0 ? 'degraded' : 'ok';
  return { status, reasons, projections, components, deadlineTimer: timerLag };
};
