import { osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import type { DemoCase, DemoClock, DemoStep } from './demo-cases.js';

const HOUR_MS = 3600_000;

export type DemoTokens = (role: 'hospital_staff' | 'allocation_officer', org: string) => Promise<string>;

/** Where and as whom the seeder talks to the API: `base` ends in `/api/v1`. */
export interface DemoTarget {
  readonly base: string;
  readonly tokenFor: DemoTokens;
}

/** One request; a 429 (the API's per-actor rate limit) waits as the answer's Retry-After says and tries again. */
export const demoRequest = async (base: string, method: string, path: string, token: string, body?: unknown): Promise<Response> => {
  for (;;) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status !== 429) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
  }
};

/** The scenario's hours after admission as real times; `hourScale` real hours per scenario hour. */
export const demoClock = (admittedAt: number, hourScale = 1): DemoClock => ({
  instant: (hour) => new Date(admittedAt + hour * hourScale * HOUR_MS).toISOString(),
  date: (hour) => osloDateOf(new Date(admittedAt + hour * hourScale * HOUR_MS).toISOString()),
});

/** Each step is told a quarter of an hour after the scenario's hour. */
export const demoOccurredAt = (clock: DemoClock, step: DemoStep, hourScale = 1): string =>
  clock.instant(step.atHour + 0.25 / hourScale);

/**
 * Sends one demo case's requests, as the hospital and the office would; false when the case is already there.
 * A recent case is still in progress: what would happen after now has not happened yet.
 */
export const seedDemoCase = async (target: DemoTarget, demo: DemoCase, admittedAt: number, hourScale = 1): Promise<boolean> => {
  const officer = await target.tokenFor('allocation_officer', demo.municipalityCode);
  const hospital = await target.tokenFor('hospital_staff', demo.hospital.orgNumber);
  if ((await demoRequest(target.base, 'GET', `/cases/${demo.caseId}/history`, officer)).status === 200) return false;
  const clock = demoClock(admittedAt, hourScale);
  const happened = demo.steps.filter((step) => Date.parse(demoOccurredAt(clock, step, hourScale)) < Date.now() - 60_000);
  for (const step of happened) {
    const path = step.path === '' ? '/cases' : `/cases/${demo.caseId}${step.path}`;
    const body = { ...step.body(clock), occurredAt: demoOccurredAt(clock, step, hourScale) };
    const response = await demoRequest(target.base, 'POST', path, step.as === 'hospital' ? hospital : officer, body);
    if (!response.ok) {
      throw new Error(`demo case "${demo.title}": POST ${step.path || '/cases'} answered ${response.status} ${await response.text()}`);
    }
  }
  return true;
};
