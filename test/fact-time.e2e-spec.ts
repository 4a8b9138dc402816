import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { caseStreamName, type TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import { createPostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { ApiClient } from './support/api-client.js';
import { expectProblem, historyOf } from './support/case-harness.js';
import { startApp, type RunningApp } from './support/running-app.js';
import { startWorkerProcess, type RunningWorker } from './support/running-worker.js';
import { HOSPITAL, MUNICIPALITY, READY_CRITERIA, record, sample } from './support/sample-cases.js';
import { waitUntil } from './support/wait-until.js';

/**
 * regulation.md, "Times", end to end: the built API and worker (projections, deadline timer) on a fresh database. The
 * testers' four late registrations, sent as they sent them, answer in `GET /liability` as the regulation says; and
 * events stored by the previous release (schema version 1, `occurredAt` the moment they were typed in) give the same
 * answers once the read models are rebuilt under the new rules.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE_2024 = 5745;
/** When the testers typed the facts in, as version 1 recorded it. */
const TYPED_IN = '2026-12-01T09:15:00.000Z';

interface PeriodAnswer {
  from: string;
  to: string | null;
  days: number;
  amount: number;
  status: string;
}
interface CaseAnswer {
  caseId: string;
  days: number;
  amount: number;
  periods: PeriodAnswer[];
}
interface MonthAnswer {
  month: string;
  cases: CaseAnswer[];
}

describe('fact time is the truth, through the running app', () => {
  const prefix = `overgang-test-facttime-${randomBytes(4).toString('hex')}`;
  let api: RunningApp;
  let worker: RunningWorker;
  let workerEnv: Record<string, string>;
  let pool: pg.Pool;
  let store: EventStore;
  let hospital: ApiClient;
  let office: ApiClient;
  let auditor: ApiClient;
  /** The position of the latest write: the liability projection is read once it has got there. */
  let head = '';

  const post = async (client: ApiClient, path: string, body: Record<string, unknown>) => {
    const answer = await record(client, path, body);
    head = answer.body['position'] as string;
    return answer;
  };

  const admit = async (admittedAt: string): Promise<string> => {
    const caseId = randomUUID();
    await post(hospital, '/cases', sample.admission({ caseId, admittedAt, occurredAt: admittedAt }));
    return caseId;
  };

  /** The case's part of `GET /liability` for a month; undefined when it owes nothing that month. */
  const liabilityOf = async (caseId: string, month: string): Promise<CaseAnswer | undefined> => {
    const answer = await waitUntil('the liability projection to reach the latest write', async () => {
      const reply = await office.get<{ items: MonthAnswer[] }>(`/liability?minPosition=${head}&month=${month}`);
      return reply.status === 503 ? undefined : reply;
    });
    expect(answer.status).toBe(200);
    return answer.body.items.flatMap((item) => item.cases).find((entry) => entry.caseId === caseId);
  };

  const startWorker = () => {
    worker = startWorkerProcess(workerEnv);
  };

  beforeAll(async () => {
    const env = { QUEUE_PREFIX: prefix, REDIS_URL };
    api = await startApp(env);
    workerEnv = { ...env, DATABASE_URL: api.database.url, ALLOW_SYNTHETIC_IDS: 'true' };
    startWorker();
    pool = new pg.Pool({ connectionString: api.database.url, max: 2 });
    pool.on('error', () => {});
    store = await createPostgresEventStore({ pool });
    hospital = new ApiClient(api.baseUrl, await api.token('hospital_staff', HOSPITAL.orgNumber, 'sykepleier'));
    office = new ApiClient(api.baseUrl, await api.token('allocation_officer', MUNICIPALITY, 'saksbehandler'));
    auditor = new ApiClient(api.baseUrl, await api.token('quality_auditor', MUNICIPALITY, 'revisor'));
  }, 40_000);

  afterAll(async () => {
    const code = await worker?.stop();
    await store?.close();
    await pool?.end();
    await api?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    if (code !== undefined && code !== 0) throw new Error(`the worker did not stop cleanly (exit ${code}):\n${worker.output().slice(-3000)}`);
  });

  describe("the testers' four late registrations", () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      // 1. Ready 5 June; the transfer of 7 June sent with transferredAt only, long after.
      ids['transfer'] = await admit('2024-06-01T08:00:00Z');
      const onTransfer = `/cases/${ids['transfer']}`;
      await post(hospital, `${onTransfer}/discharge-readiness`, sample.readiness({ occurredAt: '2024-06-05T08:00:00Z' }));
      await post(office, `${onTransfer}/municipal-response`, sample.municipalResponse({ occurredAt: '2024-06-05T09:00:00Z', canReceive: false }));
      await post(office, `${onTransfer}/decisions`, sample.decision({
        occurredAt: '2024-06-06T10:00:00Z',
        decisionId: 'vedtak-1',
        serviceType: 'home_care',
        startDate: '2024-06-07',
        appealInformationGiven: true,
      }));
      await post(hospital, `${onTransfer}/transfer`, { transferredAt: '2024-06-07T10:00:00Z', decisionId: 'vedtak-1' });

      // 2. The ministry's example: ready 1 July, "cannot receive", the service ready 4 July, sent with respondedAt only.
      ids['ready'] = await admit('2024-06-25T08:00:00Z');
      const onReady = `/cases/${ids['ready']}`;
      await post(hospital, `${onReady}/discharge-readiness`, sample.readiness({ occurredAt: '2024-07-01T08:00:00Z' }));
      await post(office, `${onReady}/municipal-response`, sample.municipalResponse({ occurredAt: '2024-07-01T09:00:00Z', canReceive: false }));
      await post(office, `${onReady}/municipal-response`, { respondedAt: '2024-07-04T08:00:00Z', canReceive: true });

      // 3. Ready 15 July, revoked 17 July, sent with revokedAt only.
      ids['revoked'] = await admit('2024-07-10T08:00:00Z');
      const onRevoked = `/cases/${ids['revoked']}`;
      await post(hospital, `${onRevoked}/discharge-readiness`, sample.readiness({ occurredAt: '2024-07-15T08:00:00Z' }));
      await post(hospital, `${onRevoked}/discharge-readiness/revocation`, { revokedAt: '2024-07-17T06:00:00Z', reason: 'complication' });

      // 4. "Can receive" at 11:00, typed in before the readiness notice of 10:00 the same day; transferred two days on.
      ids['answeredFirst'] = await admit('2024-06-08T08:00:00Z');
      const onAnswered = `/cases/${ids['answeredFirst']}`;
      await post(office, `${onAnswered}/municipal-response`, sample.municipalResponse({ occurredAt: '2024-06-10T09:00:00Z', canReceive: true }));
      await post(hospital, `${onAnswered}/discharge-readiness`, sample.readiness({ occurredAt: '2024-06-10T08:00:00Z' }));
      await post(office, `${onAnswered}/decisions`, sample.decision({ occurredAt: '2024-06-10T12:00:00Z', decisionId: 'vedtak-4', startDate: '2024-06-12' }));
      await post(hospital, `${onAnswered}/transfer`, sample.transfer('vedtak-4', { occurredAt: '2024-06-12T10:00:00Z' }));
    }, 40_000);

    it('ends liability on the day of a transfer sent with transferredAt alone: 2 days, not up to today', async () => {
      expect(await liabilityOf(ids['transfer']!, '2024-06')).toEqual({
        caseId: ids['transfer'],
        status: 'owed',
        days: 2,
        amount: 2 * RATE_2024,
        rateMissingDays: 0,
        periods: [{ from: '2024-06-05', to: '2024-06-07', days: 2, amount: 2 * RATE_2024, rateMissingDays: 0, status: 'owed' }],
      });
    });

    it("owes the ministry's three days for a service announced ready with respondedAt alone, not 31", async () => {
      expect(await liabilityOf(ids['ready']!, '2024-07')).toMatchObject({
        days: 3,
        amount: 3 * RATE_2024,
        periods: [{ from: '2024-07-01', to: '2024-07-04', days: 3, status: 'owed' }],
      });
    });

    it('ends liability on the day of a revocation sent with revokedAt alone: 2 days, not 17', async () => {
      expect(await liabilityOf(ids['revoked']!, '2024-07')).toMatchObject({
        days: 2,
        periods: [{ from: '2024-07-15', to: '2024-07-17', days: 2, status: 'owed' }],
      });
    });

    it('owes nothing for "can receive" given after the readiness notice, though typed in before it', async () => {
      expect(await liabilityOf(ids['answeredFirst']!, '2024-06')).toBeUndefined();
    });

    it('records the transfer as happening at its transferredAt, and its history says so', async () => {
      const transfer = (await historyOf(office, ids['transfer']!)).find((item) => item.type === 'PatientTransferred')!;
      expect(transfer).toMatchObject({
        occurredAt: '2024-06-07T10:00:00Z',
        data: { transferredAt: '2024-06-07T10:00:00Z' },
        backdated: true,
        schemaVersion: 2,
        asRecorded: null,
      });
    });

    it('refuses occurredAt beside another transferredAt with a 400 naming occurredAt, and records nothing', async () => {
      const onCase = `/cases/${ids['answeredFirst']}`;
      const before = (await historyOf(office, ids['transfer']!)).length;
      const refused = await hospital.post(`/cases/${ids['transfer']}/transfer`, {
        transferredAt: '2024-06-07T10:00:00Z',
        occurredAt: '2024-06-08T10:00:00Z',
        decisionId: 'vedtak-1',
      });
      expect(expectProblem(refused, 400)['errors']).toEqual([{ field: 'occurredAt', message: expect.stringContaining('transferredAt') }]);
      expect((await historyOf(office, ids['transfer']!)).length).toBe(before);
      // The same instant written with another offset is the same fact time.
      const same = await office.post(`${onCase}/follow-up`, {
        reviewedAt: '2024-06-20T12:00:00+02:00',
        occurredAt: '2024-06-20T10:00:00Z',
        outcome: 'service_fits',
      });
      expect(same.status).toBe(200);
    });

    it('records an appeal after the transfer, reported late after four weeks, with the appeal information of the decision', async () => {
      const appealed = await post(office, `/cases/${ids['transfer']}/decisions/vedtak-1/appeal`, sample.appeal({ appealedAt: '2024-07-20T10:00:00Z' }));
      expect(appealed.status).toBe(200);
      const assessment = await waitUntil('the assessment of the appeal', async () => {
        const answer = await auditor.get<{ items: Record<string, unknown>[] }>(`/audit/allocations?minPosition=${head}`);
        return answer.body.items?.find((item) => item['caseId'] === ids['transfer'] && item['appealed'] === true);
      });
      expect(assessment).toMatchObject({ decisionId: 'vedtak-1', appealLate: true, appealInformationGiven: true, ruleVersion: 2 });
      const summary = await auditor.get<{ items: { appealInformationGiven: { count: number; notStated: number } }[] }>(
        '/audit/summary?groupBy=municipality',
      );
      expect(summary.body.items[0]!.appealInformationGiven).toEqual({ count: 1, share: 0.5, notStated: 1 });
    });
  });

  describe('events stored the old way (schema version 1, occurredAt when typed in)', () => {
    const ids: Record<string, string> = {};
    const actor = { id: 'previous-release', role: 'hospital_staff', organisation: HOSPITAL.orgNumber };

    /** As the previous release stored a case: every event at schema version 1, with the occurredAt given. */
    const storeOldCase = async (events: [TransferCaseEvent, occurredAt: string][]): Promise<string> => {
      const caseId = randomUUID();
      const admission = events[0]![0].data as { caseId: string };
      admission.caseId = caseId;
      const { position } = await store.appendToStream(
        caseStreamName(caseId),
        events.map(([event, occurredAt]) => ({
          eventId: randomUUID(),
          type: event.type,
          data: event.data,
          metadata: { occurredAt, actor, correlationId: randomUUID(), causationId: null, schemaVersion: 1 },
        })),
        { expectedRevision: 'no_stream' },
      );
      head = formatPosition(position);
      return caseId;
    };
    const admission = (admittedAt: string): [TransferCaseEvent, string] => [
      {
        type: 'AdmissionNotified',
        data: {
          caseId: '',
          patient: sample.admission()['patient'] as { nationalId: string; name: string },
          hospital: { ...HOSPITAL },
          municipalityCode: MUNICIPALITY,
          admittedAt,
          expectedNeeds: 'Hjemmesykepleie',
        },
      },
      admittedAt,
    ];
    const ready = (declaredAt: string): [TransferCaseEvent, string] => [
      { type: 'DischargeReadinessDeclared', data: { declaredAt, criteria: { ...READY_CRITERIA } } },
      declaredAt,
    ];
    const expected = {
      transfer: [{ from: '2024-09-02', to: '2024-09-04', days: 2 }],
      ready: [{ from: '2024-09-10', to: '2024-09-13', days: 3 }],
      revoked: [{ from: '2024-09-20', to: '2024-09-22', days: 2 }],
    };
    const periodsOf = async (caseId: string) =>
      (await liabilityOf(caseId, '2024-09'))?.periods.map(({ from, to, days }) => ({ from, to, days }));

    beforeAll(async () => {
      ids['transfer'] = await storeOldCase([
        admission('2024-09-01T08:00:00Z'),
        ready('2024-09-02T08:00:00Z'),
        [{ type: 'AllocationDecided', data: { decisionId: 'd1', serviceType: 'home_care', startDate: '2024-09-04', decidedAt: '2024-09-03T10:00:00Z', decidedBy: { role: 'municipal_caseworker' }, rationale: 'Hjem' } }, TYPED_IN],
        [{ type: 'PatientTransferred', data: { transferredAt: '2024-09-04T10:00:00Z', decisionId: 'd1' } }, TYPED_IN],
      ]);
      ids['ready'] = await storeOldCase([
        admission('2024-09-09T08:00:00Z'),
        ready('2024-09-10T08:00:00Z'),
        [{ type: 'MunicipalResponseGiven', data: { respondedAt: '2024-09-10T09:00:00Z', canReceive: false } }, '2024-09-10T09:00:00Z'],
        [{ type: 'MunicipalResponseGiven', data: { respondedAt: '2024-09-13T08:00:00Z', canReceive: true } }, TYPED_IN],
      ]);
      ids['revoked'] = await storeOldCase([
        admission('2024-09-19T08:00:00Z'),
        ready('2024-09-20T08:00:00Z'),
        [{ type: 'DischargeReadinessRevoked', data: { revokedAt: '2024-09-22T06:00:00Z', reason: 'complication' } }, TYPED_IN],
      ]);
    }, 20_000);

    it('gives the regulation’s answers: each end fact on its own day', async () => {
      expect(await periodsOf(ids['transfer']!)).toEqual(expected.transfer);
      expect(await periodsOf(ids['ready']!)).toEqual(expected.ready);
      expect(await periodsOf(ids['revoked']!)).toEqual(expected.revoked);
    });

    it('shows in the history both the stored occurredAt and the one the clock reads', async () => {
      const transfer = (await historyOf(auditor, ids['transfer']!)).find((item) => item.type === 'PatientTransferred');
      expect(transfer).toMatchObject({ occurredAt: '2024-09-04T10:00:00Z', schemaVersion: 1, asRecorded: { occurredAt: TYPED_IN } });
      const admitted = (await historyOf(auditor, ids['transfer']!))[0];
      expect(admitted).toMatchObject({ schemaVersion: 1, asRecorded: null });
    });

    it('replaces what the previous release built: its read model is rebuilt under the new rules, which answer again', async () => {
      // The read model as the previous release left it: the periods running on to today, under its own version.
      expect(await worker.stop()).toBe(0);
      const live = async () =>
        (await pool.query<{ live_generation: number }>(`SELECT live_generation FROM read_models.projections WHERE name = 'liability'`)).rows[0]!
          .live_generation;
      const previousGeneration = await live();
      await pool.query(`UPDATE read_models.projections SET live_version = live_version + 1 WHERE name = 'liability'`);
      const stale = await pool.query(`UPDATE read_models.liability_periods SET to_date = NULL WHERE case_id = ANY($1::text[])`, [
        Object.values(ids),
      ]);
      expect(stale.rowCount).toBe(3);
      expect((await periodsOf(ids['transfer']!))![0]!.to).toBeNull();

      startWorker();
      await waitUntil('the liability read model to be rebuilt', async () => ((await live()) > previousGeneration ? true : undefined), 30_000);
      expect(await periodsOf(ids['transfer']!)).toEqual(expected.transfer);
      expect(await periodsOf(ids['ready']!)).toEqual(expected.ready);
      expect(await periodsOf(ids['revoked']!)).toEqual(expected.revoked);
    }, 60_000);
  });
});
