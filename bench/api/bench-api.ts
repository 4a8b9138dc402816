import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { SAMPLE_HOSPITALS, SAMPLE_MUNICIPALITIES } from '#libs/sample-data/identities.js';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { freePort, startApp, stopProcess } from '#libs/testing/running-api.js';

/**
 * bench:api — the built API in its own process, driven by autocannon from this one: a realistic mix of case commands
 * over many cases, beside the same server answering a trivial validated POST, and beside a bare NestJS-on-Fastify app
 * (`bare-nest.ts`, its own process) answering a validated POST of a case command's size with none of our stack.
 */
const CASES = Number(process.env.BENCH_CASES ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

/** The bare Nest app on a free port, once it listens. */
const startBareNest = async (): Promise<{ baseUrl: string; process: ChildProcess }> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/bench/api/bare-nest.js'], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare-nest exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => line === 'listening' && resolve());
  });
  return { baseUrl: `http://127.0.0.1:${port}`, process: child };
};

const hospital = SAMPLE_HOSPITALS[0];
const municipality = SAMPLE_MUNICIPALITIES[0].code;
const app = await startApp({ LOG_LEVEL: 'warn' }, 'overgang_bench');
const bare = await startBareNest().catch(async (error: unknown) => {
  await app.close();
  throw error;
});

try {
  const hospitalToken = await app.token('hospital_staff', hospital.orgNumber);
  const officerToken = await app.token('allocation_officer', municipality);
  const json = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  const admittedAt = new Date(Date.now() - 48 * 3600_000).toISOString();

  const caseIds: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const response = await fetch(`${app.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: json(hospitalToken),
      body: JSON.stringify({
        patient: { nationalId: syntheticNationalId({ birthDate: '1944-02-11', individualNumber: 100 + i }), name: 'Bench Pasient' },
        hospital,
        municipalityCode: municipality,
        admittedAt,
        expectedNeeds: 'Hjelp til stell og medisiner',
      }),
    });
    if (response.status !== 201) throw new Error(`admission answered ${response.status}: ${await response.text()}`);
    caseIds.push(((await response.json()) as { caseId: string }).caseId);
  }

  const wish = () => ({ source: 'relative', channel: 'phone', serviceType: 'home_care', statement: 'Ønsker å komme hjem' });
  /** What an office and a hospital send in a day, in rough proportion; every request is valid on any open case. */
  const mix: { weight: number; path: string; token: string; body: () => unknown }[] = [
    { weight: 30, path: 'wishes', token: officerToken, body: wish },
    { weight: 15, path: 'recommendation', token: hospitalToken, body: () => ({ serviceType: 'short_term_stay', rationale: 'Trenger opptrening' }) },
    { weight: 20, path: 'visits', token: officerToken, body: () => ({ scheduledFor: new Date(Date.now() + 86_400_000).toISOString(), location: 'Sengepost 3' }) },
    {
      weight: 15,
      path: 'options',
      token: officerToken,
      body: () => ({
        channel: 'written',
        options: [
          { optionId: 'a', serviceType: 'home_care', description: 'Hjemmesykepleie', consequences: 'Besøk morgen og kveld' },
          { optionId: 'b', serviceType: 'short_term_stay', description: 'Korttidsopphold', consequences: 'Inntil fire uker' },
        ],
      }),
    },
    { weight: 20, path: 'decisions', token: officerToken, body: () => ({ serviceType: 'home_care', startDate: '2026-12-01', rationale: 'Vurdert funksjonsnivå' }) },
  ];
  const schedule = mix.flatMap((entry) => Array.from({ length: entry.weight }, () => entry));
  let sent = 0;

  const run = (title: string, options: autocannon.Options): Promise<autocannon.Result> =>
    autocannon({ title, duration: SECONDS, connections: CONNECTIONS, ...options });

  const commands = await run('commands', {
    url: app.baseUrl,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const entry = schedule[sent % schedule.length]!;
          const caseId = caseIds[(sent * 7919) % caseIds.length]!;
          sent++;
          return { ...request, path: `/api/v1/cases/${caseId}/${entry.path}`, headers: json(entry.token), body: JSON.stringify(entry.body()) };
        },
      },
    ],
  });
  const ceiling = await run('validated echo', {
    url: `${app.baseUrl}/api/v1/diagnostics/echo`,
    method: 'POST',
    headers: json(officerToken),
    body: JSON.stringify({ message: 'hei' }),
  });

  const bareNest = await run('bare Nest', {
    url: `${bare.baseUrl}/cases/${randomUUID()}/wishes`,
    method: 'POST',
    headers: json(officerToken),
    body: JSON.stringify(wish()),
  });

  const row = (name: string, result: autocannon.Result) =>
    `${name.padEnd(40)}${result.requests.average.toFixed(0).padStart(8)}${String(result.latency.p50).padStart(7)}${String(result.latency.p99).padStart(7)}` +
    `${String(result.non2xx).padStart(9)}${String(result.errors).padStart(8)}${(result.requests.average / bareNest.requests.average).toFixed(2).padStart(13)}`;
  console.log(`\nbench:api — ${CONNECTIONS} connections, ${SECONDS} s each, ${CASES} cases, one run\n`);
  console.log(`${''.padEnd(40)}${'req/s'.padStart(8)}${'p50 ms'.padStart(7)}${'p99 ms'.padStart(7)}${'non-2xx'.padStart(9)}${'errors'.padStart(8)}${'× bare Nest'.padStart(13)}`);
  console.log(row('commands (mix of 5 kinds)', commands));
  console.log(row('validated echo (our stack, no domain)', ceiling));
  console.log(row('bare Nest on Fastify, validated POST', bareNest));
  console.log(`\ncommands / echo: ${(commands.requests.average / ceiling.requests.average).toFixed(2)}`);
  console.log(`targets: ≥ 2000 commands/s -> ${commands.requests.average >= 2000 ? 'met' : 'MISSED'}; p99 < 20 ms -> ${commands.latency.p99 < 20 ? 'met' : 'MISSED'}`);
  if (bareNest.non2xx > 0 || bareNest.errors > 0) process.exitCode = 1;
  if (commands.non2xx > 0 || commands.errors > 0) process.exitCode = 1;
} finally {
  await stopProcess(bare.process);
  await app.close();
}
