import pg from 'pg';
import type { Role } from '#libs/auth/principal.js';
import { ApiClient, type ApiAnswer } from './api-client.js';
import { startCaseSummaries } from './case-summaries.js';
import { startApp, type RunningApp } from './running-app.js';
import { HOSPITAL, MUNICIPALITY, OTHER_HOSPITAL, OTHER_MUNICIPALITY } from './sample-cases.js';

/** The API process plus the callers the case tests need, and a direct look at what the store holds. */
export interface CaseHarness {
  readonly running: RunningApp;
  readonly hospital: ApiClient;
  readonly office: ApiClient;
  readonly otherHospital: ApiClient;
  readonly otherOffice: ApiClient;
  readonly auditor: ApiClient;
  readonly auditorAll: ApiClient;
  readonly admin: ApiClient;
  client(role: Role, org: string, sub?: string): Promise<ApiClient>;
  /** Every event in the store, all streams: nothing recorded anywhere means this does not move. */
  totalEvents(): Promise<number>;
  /** The stored metadata of a case's events (correlationId, causationId, schemaVersion), oldest first. */
  storedMetadata(caseId: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export const startCaseHarness = async (): Promise<CaseHarness> => {
  const running = await startApp();
  const caseSummaries = await startCaseSummaries(running.database.url);
  const db = new pg.Client({ connectionString: running.database.url });
  await db.connect();
  const client = async (role: Role, org: string, sub?: string): Promise<ApiClient> =>
    new ApiClient(running.baseUrl, await running.token(role, org, sub));
  return {
    running,
    hospital: await client('hospital_staff', HOSPITAL.orgNumber, 'kari.sykepleier@stolav'),
    office: await client('allocation_officer', MUNICIPALITY, 'hilde.saksbehandler@trondheim'),
    otherHospital: await client('hospital_staff', OTHER_HOSPITAL.orgNumber, 'ole@unn'),
    otherOffice: await client('allocation_officer', OTHER_MUNICIPALITY, 'siri@tromso'),
    auditor: await client('quality_auditor', MUNICIPALITY, 'revisor@trondheim'),
    auditorAll: await client('quality_auditor', '*', 'revisor@helsetilsynet'),
    admin: await client('admin', '*', 'drift'),
    client,
    totalEvents: async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0]!.n),
    storedMetadata: async (caseId) =>
      (
        await db.query<{ metadata: Record<string, unknown> }>(
          'SELECT metadata FROM event_store.events WHERE stream_name = $1 ORDER BY stream_revision',
          [`case-${caseId}`],
        )
      ).rows.map((row) => row.metadata),
    close: async () => {
      await db.end();
      await caseSummaries.stop();
      await running.close();
    },
  };
};

export interface HistoryItem {
  readonly type: string;
  readonly revision: number;
  readonly position: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: { id: string; role: string; organisation: string };
  readonly data: Record<string, unknown>;
}

export const historyOf = async (client: ApiClient, caseId: string): Promise<HistoryItem[]> => {
  const answer = await client.get<{ items: HistoryItem[] }>(`/cases/${caseId}/history`);
  if (answer.status !== 200) throw new Error(`history of ${caseId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.items;
};

/** `<commit>-<prepare>` as a pair that compares in order. */
export const positionKey = (position: string): [bigint, bigint] => {
  const match = /^(\d+)-(\d+)$/.exec(position);
  if (!match) throw new Error(`not a position: ${position}`);
  return [BigInt(match[1]!), BigInt(match[2]!)];
};

export const isAfter = (later: string, earlier: string): boolean => {
  const [a, b] = [positionKey(later), positionKey(earlier)];
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
};

export const PROBLEM_JSON = /^application\/problem\+json/;

/** Asserts an RFC 9457 answer with this status and returns its body. */
export const expectProblem = (answer: ApiAnswer, status: number): Record<string, unknown> => {
  if (answer.status !== status || !PROBLEM_JSON.test(answer.headers.get('content-type') ?? '')) {
    throw new Error(
      `expected ${status} problem+json, got ${answer.status} ${answer.headers.get('content-type')}: ${JSON.stringify(answer.body).slice(0, 500)}`,
    );
  }
  const body = answer.body as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^https?:\/\//), title: expect.any(String) });
  return body;
};
