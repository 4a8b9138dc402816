import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { SCENARIOS, buildDemoCase, type DemoCase } from '#libs/sample-data/demo-cases.js';
import { demoClock, demoOccurredAt, demoRequest } from '#libs/sample-data/seed-over-http.js';

/**
 * The second process of bench:projections: sends the demo's case commands to the built API at a steady rate
 * (open loop: each command has its slot, whether or not earlier ones have answered) and prints, per answered command,
 * `<position> <answeredAt epoch ms>` on stdout; a summary line on stderr.
 */
const { values } = parseArgs({
  options: {
    api: { type: 'string' },
    keys: { type: 'string' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
  },
});
const base = `${values.api}/api/v1`;
const rate = Number(values.rate);
const total = rate * Number(values.seconds);
const WALKERS = 96;
const HOUR_MS = 3600_000;

const keys = await loadOrCreateDevKeys(values.keys!);
const tokens = new Map<string, Promise<string>>();
const tokenFor = (role: 'hospital_staff' | 'allocation_officer', org: string): Promise<string> => {
  const key = `${role}:${org}`;
  if (!tokens.has(key)) tokens.set(key, signDevToken(keys.privateKey, { role, org, sub: `bench-${role}-${org}` }));
  return tokens.get(key)!;
};

const decided = SCENARIOS.filter((scenario) => scenario.steps().some((step) => step.path === '/decisions'));
/** Every step of every case lies in the past: admitted a day before the longest scenario's last step. */
const ADMITTED_HOURS_AGO = 24 + Math.max(...decided.flatMap((scenario) => scenario.steps().map((step) => step.atHour)));
const runId = Date.now().toString(36);
let casesStarted = 0;
const nextCase = (): DemoCase => {
  const index = casesStarted++;
  return buildDemoCase(decided[index % decided.length]!, index, `bench-${runId}-${index}`);
};

let slot = 0;
let answered = 0;
let failed = 0;
const started = performance.now();
const lines: string[] = [];

const walker = async (): Promise<void> => {
  while (slot < total) {
    const demo = nextCase();
    const admittedAt = Date.now() - ADMITTED_HOURS_AGO * HOUR_MS;
    const clock = demoClock(admittedAt);
    for (const step of demo.steps) {
      const mine = slot++;
      if (mine >= total) return;
      const due = started + (mine * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const token = await tokenFor(step.as === 'hospital' ? 'hospital_staff' : 'allocation_officer', step.as === 'hospital' ? demo.hospital.orgNumber : demo.municipalityCode);
      const path = step.path === '' ? '/cases' : `/cases/${demo.caseId}${step.path}`;
      const response = await demoRequest(base, 'POST', path, token, { ...step.body(clock), occurredAt: demoOccurredAt(clock, step) });
      const answeredAt = Date.now();
      if (!response.ok) {
        failed++;
        process.stderr.write(`POST ${path} answered ${response.status} ${(await response.text()).slice(0, 300)}\n`);
        break;
      }
      const { position } = (await response.json()) as { position: string };
      lines.push(`${position} ${answeredAt}`);
      answered++;
      if (lines.length >= 100) process.stdout.write(`${lines.splice(0).join('\n')}\n`);
    }
  }
};

await Promise.all(Array.from({ length: WALKERS }, walker));
if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
const seconds = (performance.now() - started) / 1000;
process.stderr.write(`${JSON.stringify({ answered, failed, seconds, rate: answered / seconds })}\n`);
