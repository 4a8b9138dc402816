import pg from 'pg';
import { nationalIdControlDigits } from '#libs/domain/identifiers/national-id.js';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { SAMPLE_HOSPITALS } from '#libs/sample-data/identities.js';
import { ApiClient } from './support/api-client.js';
import { startApp, type RunningApp } from './support/running-app.js';

describe('synthetic national IDs in production-like configuration (ALLOW_SYNTHETIC_IDS=false)', () => {
  let running: RunningApp;
  let hospital: ApiClient;

  beforeAll(async () => {
    running = await startApp({ ALLOW_SYNTHETIC_IDS: 'false' });
    hospital = new ApiClient(running.baseUrl, await running.token('hospital_staff', SAMPLE_HOSPITALS[0].orgNumber));
  });
  afterAll(async () => running.close());

  const admission = (nationalId: string) => ({
    patient: { nationalId, name: 'Test Pasient' },
    hospital: SAMPLE_HOSPITALS[0],
    municipalityCode: '5001',
    admittedAt: new Date(Date.now() - 3600_000).toISOString(),
    expectedNeeds: 'Hjelp til stell',
  });

  it('refuses a synthetic test number field by field and records nothing', async () => {
    const answer = await hospital.post<{ errors: { field: string }[] }>(
      '/cases',
      admission(syntheticNationalId({ birthDate: '1944-02-11', individualNumber: 123 })),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error) => error.field)).toEqual(['patient.nationalId']);
    const client = new pg.Client({ connectionString: running.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.events');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('accepts a fødselsnummer of the real form', async () => {
    const firstNine = Array.from({ length: 1000 }, (_, n) => `150765${String(n).padStart(3, '0')}`).find(
      (digits) => nationalIdControlDigits(digits) !== null,
    )!;
    const answer = await hospital.post('/cases', admission(`${firstNine}${nationalIdControlDigits(firstNine)}`));
    expect(answer.status).toBe(201);
  });
});
