import { parseArgs } from 'node:util';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { demoCases } from '#libs/sample-data/demo-cases.js';
import { seedDemoCase } from '#libs/sample-data/seed-over-http.js';
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

const target = { base, tokenFor };

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
      if (await seedDemoCase(target, demo, admittedAt, hourScale)) added++;
    }
  }),
);
process.stderr.write(`demo: ${added} sample case${added === 1 ? '' : 's'} added, ${planned.length - added} already there\n`);
