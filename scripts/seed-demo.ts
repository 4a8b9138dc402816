import { parseArgs } from 'node:util';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import { demoCases, type DemoCase, type DemoClock, type DemoStep } from '#libs/sample-data/demo-cases.js';
import { yearOfCases } from '#libs/sample-data/year-of-cases.js';

/**
 * Loads the demo's sample cases through the HTTP API, as the hospitals and offices would: the named scenarios, then a
 * year of daily admissions (recent ones still in progress). A second run adds nothing.
 */
const { values } = parseArgs({ options: { api: { type: 'string', default: 'http://127.0.0.1:3000' } } });
const base = `${values.api}/api/v1`;
const HOUR_MS = 3600_000;

const keys = await loadOrCreateDevKeys(process.env.AUTH_DEV_KEY_DIR ?? '.local/dev-keys');
const tokens = new Map<string, string>();
const tokenFor = async (role: 'hospital_staff' | 'allocation_officer', org: string): Promise<string> => {
  const key = `${role}:${org}`;
  if (!tokens.has(key)) tokens.set(key, await signDevToken(keys.privateKey, { role, org, sub: `demo-${role}-${org}` }));
  return tokens.get(key)!;
};

const request = async (method: string, path: string, token: string, body?: unknown): Promise<Response> =>
  fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const seedCase = async (demo: DemoCase, admittedAt: number, hourScale: number): Promise<boolean> => {
  const officer = await tokenFor('allocation_officer', demo.municipalityCode);
  const hospital = await tokenFor('hospital_staff', demo.hospital.orgNumber);
  if ((await request('GET', `/cases/${demo.caseId}`, officer)).status === 200) return false;
  const clock: DemoClock = {
    instant: (hour) => new Date(admittedAt + hour * hourScale * HOUR_MS).toISOString(),
    date: (hour) => osloDateOf(new Date(admittedAt + hour * hourScale * HOUR_MS).toISOString()),
  };
  // A recent case is still in progress: what would happen after now has not happened yet.
  // Each step is told a quarter of an hour after the scenario's hour.
  const occurredAt = (step: DemoStep): string => clock.instant(step.atHour + 0.25 / hourScale);
  const happened = demo.steps.filter((step) => Date.parse(occurredAt(step)) < Date.now() - 60_000);
  for (const step of happened) {
    const path = step.path === '' ? '/cases' : `/cases/${demo.caseId}${step.path}`;
    const response = await request('POST', path, step.as === 'hospital' ? hospital : officer, { ...step.body(clock), occurredAt: occurredAt(step) });
    if (!response.ok) {
      throw new Error(`demo case "${demo.title}": POST ${step.path || '/cases'} answered ${response.status} ${await response.text()}`);
    }
  }
  return true;
};

const cases = demoCases();
const lastHour = Math.max(...cases.flatMap((demo) => demo.steps.map((step) => step.atHour)));
const planned = [
  ...cases.map((demo, index) => ({ demo, admittedAt: Date.now() - (lastHour + 2) * HOUR_MS - index * 26 * HOUR_MS, hourScale: 1 })),
  ...yearOfCases().map(({ demo, admittedDaysAgo, hourScale }) => ({
    demo,
    admittedAt: Date.now() - admittedDaysAgo * 24 * HOUR_MS,
    hourScale,
  })),
];
const SEEDERS = 8;
let added = 0;
let next = 0;
await Promise.all(
  Array.from({ length: SEEDERS }, async () => {
    while (next < planned.length) {
      const { demo, admittedAt, hourScale } = planned[next++]!;
      if (await seedCase(demo, admittedAt, hourScale)) added++;
    }
  }),
);
process.stderr.write(`demo: ${added} sample case${added === 1 ? '' : 's'} added, ${planned.length - added} already there\n`);
