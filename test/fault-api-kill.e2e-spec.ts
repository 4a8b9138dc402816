import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { spawnApi, stopProcess } from '#libs/testing/running-api.js';
import { CaseClock, HOSPITAL, MUNICIPALITY, READY_CRITERIA, sample, samplePatient, type Body } from './support/sample-cases.js';

/**
 * Fault: the API process is killed (SIGKILL) in the middle of a burst of commands from several clients on many cases,
 * each command sent with an Idempotency-Key (and the key as X-Correlation-Id, so the store tells which command recorded
 * what). The API is started again; every client retries its unanswered command with the same key and body and carries
 * on. No answered command may be lost (its events are in the store) and none may be recorded twice (one append per
 * key, every case exactly one event per command).
 */

const CLIENTS = 6;
const CASES_PER_CLIENT = 6;
const STEPS = 11;
const KILL_AT_SHARE = 0.4;
const RETRY_FOR_MS = 60_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Command {
  readonly key: string;
  readonly caseSlot: string;
  readonly step: number;
  readonly as: 'hospital' | 'office';
  readonly path: string;
  readonly body: Body;
}

interface Outcome {
  status: number;
  body: Body;
  attempts: number;
  answeredAt: number;
}

let database: TestDatabase;
let keyDir: string;
let api: { baseUrl: string; process: ChildProcess } | null = null;
let db: pg.Client;
const tokens: Record<'hospital' | 'office', string> = { hospital: '', office: '' };

beforeAll(async () => {
  database = await createTestDatabase('overgang_fault_api');
  keyDir = await mkdtemp(join(tmpdir(), 'overgang-fault-keys-'));
  const keys = await loadOrCreateDevKeys(keyDir);
  tokens.hospital = await signDevToken(keys.privateKey, { role: 'hospital_staff', org: HOSPITAL.orgNumber, sub: 'sykehus-system' });
  tokens.office = await signDevToken(keys.privateKey, { role: 'allocation_officer', org: MUNICIPALITY, sub: 'fagsystem-trondheim' });
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 30_000);

afterAll(async () => {
  if (api) await stopProcess(api.process);
  await db?.end();
  await database?.drop();
  await rm(keyDir, { recursive: true, force: true });
});

// A claim left by the killed process lapses after 10 s here (60 s by default), so the test's retries get through sooner.
const startApi = () =>
  spawnApi(database.url, keyDir, { REDIS_URL, QUEUE_PREFIX: `overgang-fault-${randomBytes(4).toString('hex')}`, IDEMPOTENCY_CLAIM_SECONDS: '10' });

/**
 * A case's commands in order, as a hospital system and the office's system send them. The server makes the case id,
 * the visit, presentation and decision ids; later commands take them from the earlier answers.
 */
const commandFor = (run: string, caseSlot: string, n: number, step: number, answers: readonly Body[]): Command => {
  const clock = new CaseClock(new Date(Date.parse('2026-01-05T08:00:00Z') + n * 3600_000));
  const caseId = answers[0]?.caseId as string;
  const on = (suffix: string) => `/cases/${caseId}${suffix}`;
  const key = `${run}-${caseSlot}-${step}`;
  const c = (as: Command['as'], path: string, body: Body): Command => ({ key, caseSlot, step, as, path, body });
  switch (step) {
    case 0:
      return c('hospital', '/cases', sample.admission({ caseId: undefined, patient: samplePatient(n), admittedAt: clock.admittedAt, occurredAt: clock.at(1) }));
    case 1:
      return c('hospital', on('/recommendation'), sample.recommendation({ occurredAt: clock.at(20) }));
    case 2:
      return c('hospital', on('/wishes'), sample.wish({ occurredAt: clock.at(21) }));
    case 3:
      return c('hospital', on('/discharge-readiness'), { occurredAt: clock.at(24), criteria: READY_CRITERIA });
    case 4:
      return c('office', on('/municipal-response'), { occurredAt: clock.at(26), canReceive: true });
    case 5:
      return c('office', on('/visits'), sample.visitSchedule({ occurredAt: clock.at(26), scheduledFor: clock.at(30) }));
    case 6:
      return c('office', on(`/visits/${answers[5]!.visitId as string}/conducted`), sample.visitConducted({ occurredAt: clock.at(30) }));
    case 7:
      return c('office', on('/options'), sample.options({ occurredAt: clock.at(30.5), channel: 'in_dialogue', visitId: answers[5]!.visitId }));
    case 8:
      return c('office', on('/choice'), sample.choice({ occurredAt: clock.at(31), presentationId: answers[7]!.presentationId }));
    case 9:
      return c('office', on('/decisions'), sample.decision({ occurredAt: clock.at(32), startDate: clock.date(48) }));
    default:
      return c('hospital', on('/transfer'), sample.transfer(answers[9]!.decisionId as string, { occurredAt: clock.at(48) }));
  }
};

it('loses no answered command and records none twice when the API is killed mid-burst and commands are retried with their keys', async () => {
  const run = `kill-${randomBytes(3).toString('hex')}`;
  const total = CLIENTS * CASES_PER_CLIENT * STEPS;
  const outcomes = new Map<string, Outcome>();
  const commands = new Map<string, Command>();
  let killed = false;
  let restarted: Promise<string> | null = null;
  let sent = 0;
  let inFlightAtKill = 0;
  let inFlight = 0;
  let killTime = 0;
  let restartMs = 0;

  api = await startApi();
  let baseUrl = api.baseUrl;

  const killAndRestart = (): Promise<string> => {
    killed = true;
    inFlightAtKill = inFlight;
    killTime = performance.now();
    const dying = api!.process;
    restarted = (async () => {
      const exited = new Promise((resolve) => dying.once('exit', resolve));
      dying.kill('SIGKILL');
      await exited;
      api = await startApi();
      baseUrl = api.baseUrl;
      restartMs = Math.round(performance.now() - killTime);
      return baseUrl;
    })();
    return restarted;
  };

  /** Sends until answered: a broken connection waits for the restarted API; 409 "in progress" and 503 are retried. */
  const send = async (command: Command): Promise<void> => {
    const until = Date.now() + RETRY_FOR_MS;
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let body: Body = {};
      inFlight++;
      sent++;
      try {
        const response = await fetch(`${baseUrl}/api/v1${command.path}`, {
          method: 'POST',
          body: JSON.stringify(command.body),
          headers: {
            authorization: `Bearer ${tokens[command.as]}`,
            'content-type': 'application/json',
            'idempotency-key': command.key,
            'x-correlation-id': command.key,
          },
        });
        status = response.status;
        body = (await response.json()) as Body;
      } catch {
        status = 0; // the connection broke: the process died under it
      } finally {
        inFlight--;
      }
      if (status === 200 || status === 201) {
        outcomes.set(command.key, { status, body, attempts: attempt, answeredAt: performance.now() });
        if (!killed && outcomes.size >= total * KILL_AT_SHARE) void killAndRestart();
        return;
      }
      if (Date.now() > until) throw new Error(`${command.path} (${command.key}) still unanswered after ${attempt} attempts: ${status} ${JSON.stringify(body)}`);
      if (status === 0) {
        if (!killed) throw new Error(`${command.path} failed before any kill`);
        await restarted;
      } else if (status !== 409 && status !== 503) {
        throw new Error(`${command.path} (${command.key}) answered ${status}: ${JSON.stringify(body)}`);
      } else {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };

  const client = async (c: number): Promise<void> => {
    for (let k = 0; k < CASES_PER_CLIENT; k++) {
      const n = c * CASES_PER_CLIENT + k;
      const caseSlot = `c${c}k${k}`;
      const answers: Body[] = [];
      for (let step = 0; step < STEPS; step++) {
        const command = commandFor(run, caseSlot, n, step, answers);
        commands.set(command.key, command);
        await send(command);
        answers.push(outcomes.get(command.key)!.body);
      }
    }
  };

  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

  // What the store holds, by the key each event's command carried.
  const { rows } = await db.query<{ key: string; stream: string; revision: string; commits: number; events: number }>(
    `SELECT metadata->>'correlationId' AS key, min(stream_name) AS stream, max(stream_revision)::text AS revision,
            count(DISTINCT transaction_id)::int AS commits, count(*)::int AS events
     FROM event_store.events WHERE metadata->>'correlationId' LIKE $1 GROUP BY 1`,
    [`${run}-%`],
  );
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const perCase = await db.query<{ stream: string; events: number }>(
    `SELECT stream_name AS stream, count(*)::int AS events FROM event_store.events WHERE metadata->>'correlationId' LIKE $1 GROUP BY 1`,
    [`${run}-%`],
  );

  const retried = [...outcomes.values()].filter((o) => o.attempts > 1);
  const lost = [...outcomes.keys()].filter((key) => !byKey.has(key));
  const duplicated = rows.filter((row) => row.commits !== 1 || row.events !== 1).map((row) => row.key);
  const wrongAnswers = [...outcomes.entries()].filter(([key, o]) => {
    const row = byKey.get(key);
    return row && (Number(row.revision) !== o.body.revision || row.stream !== `case-${o.body.caseId as string}`);
  });
  const figures = {
    commands: total,
    requestsSent: sent,
    answeredBeforeKill: [...outcomes.values()].filter((o) => o.answeredAt < killTime).length,
    unansweredAtKill: inFlightAtKill,
    answeredOnRetry: retried.length,
    recordedEvents: rows.reduce((sum, row) => sum + row.events, 0),
    cases: perCase.rows.length,
    lost: lost.length,
    duplicated: duplicated.length,
    wrongAnswers: wrongAnswers.length,
    apiRestartMs: restartMs,
    lastRetryAnsweredMs: Math.round(Math.max(...retried.map((o) => o.answeredAt)) - killTime),
  };
  console.log(`fault: API SIGKILL mid-burst ${JSON.stringify(figures)}`);

  expect(killed).toBe(true);
  expect(inFlightAtKill).toBeGreaterThan(0);
  expect(retried.length).toBeGreaterThan(0);
  expect(outcomes.size).toBe(total);
  expect(lost).toEqual([]);
  expect(duplicated).toEqual([]);
  expect(wrongAnswers).toEqual([]);
  expect(figures.recordedEvents).toBe(total);
  expect(perCase.rows).toHaveLength(CLIENTS * CASES_PER_CLIENT);
  for (const row of perCase.rows) expect(row).toEqual({ stream: row.stream, events: STEPS });

  // The narrowest window, made certain: a process that recorded the events and died before it stored the answer
  // leaves the key claimed and unanswered. One command of every step is put back in that state and sent again.
  const replayed = [...commands.values()].filter((command) => command.caseSlot === 'c0k0');
  await db.query(
    `UPDATE api.idempotency_keys SET status_code = NULL, response = NULL, claimed_at = now() - interval '1 hour' WHERE key = ANY($1)`,
    [replayed.map((command) => command.key)],
  );
  const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.events')).rows[0]!.n;
  for (const command of replayed) {
    const first = outcomes.get(command.key)!;
    await send(command);
    expect({ key: command.key, status: outcomes.get(command.key)!.status, body: outcomes.get(command.key)!.body }).toEqual({
      key: command.key,
      status: first.status,
      body: first.body,
    });
  }
  const after = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.events')).rows[0]!.n;
  console.log(`fault: died after recording, before answering ${JSON.stringify({ commands: replayed.length, recordedAgain: after - before })}`);
  expect(after).toBe(before);
}, 150_000);
