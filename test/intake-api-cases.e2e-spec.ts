import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parsePosition } from '#libs/event-store/position.js';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { EXAMPLES } from '#libs/intake/testing/official-examples.js';
import { TestMessage } from '#libs/intake/testing/test-message.js';
import { ALVDAL, ST_OLAVS, forNewPatient, startIntakeHarness, type IntakeHarness } from './support/intake-harness.js';
import { startWorkerProcess, type RunningWorker } from './support/running-worker.js';

/**
 * A case the hospital opened through the API, and then its e-messages: the intake finds the case through the
 * `patient_cases` read model the worker keeps, and records the message's facts on it instead of opening another.
 */

let h: IntakeHarness;
let worker: RunningWorker;
let pool: pg.Pool;

beforeAll(async () => {
  const env = { QUEUE_PREFIX: `overgang-test-${randomBytes(4).toString('hex')}`, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
  h = await startIntakeHarness(env);
  worker = startWorkerProcess({ ...env, DATABASE_URL: h.running.database.url, ALLOW_SYNTHETIC_IDS: 'true' });
  pool = new pg.Pool({ connectionString: h.running.database.url, max: 2 });
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await worker?.stop();
  await h?.close();
});

it('records a readiness notice on the case opened through the API, found once the worker has projected it', async () => {
  const hospital = await h.client('hospital_staff', ST_OLAVS);
  const { nationalId, patient } = forNewPatient(EXAMPLES.utskrivningsklar);
  const opened = await hospital.post<{ caseId: string; position: string }>('/cases', {
    patient: { nationalId, name: 'Pasient Testesen' },
    hospital: { orgNumber: ST_OLAVS, name: 'St. Olavs hospital', department: 'Ortopedisk avdeling' },
    municipalityCode: ALVDAL,
    admittedAt: '2018-01-29T10:00:00+01:00',
    occurredAt: '2018-01-29T11:00:00+01:00',
    expectedNeeds: 'Hjemmesykepleie etter lårhalsbrudd',
  });
  expect(opened.status).toBe(201);
  expect(await waitForPosition(pool, 'patient_cases', parsePosition(opened.body.position)!, 30_000)).toBe(true);

  const readiness = await h.post(patient(TestMessage.official(EXAMPLES.utskrivningsklar)).fresh());
  expect(readiness.body).toMatchObject({ outcome: 'recorded', caseId: opened.body.caseId, events: ['DischargeReadinessDeclared'] });
  const admission = await h.post(patient(TestMessage.official(EXAMPLES.innlagt)).fresh());
  expect(admission.body).toMatchObject({ outcome: 'recorded', caseId: opened.body.caseId, events: [] });
});
