import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { isValidNationalId, nationalIdControlDigits } from '#libs/domain/identifiers/national-id.js';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { allocationAssessmentProjection } from '#libs/projections/participation/allocation-assessment.projection.js';
import { startProjections, type ProjectionRuntime } from '#libs/projections/runtime/runtime.js';
import { startApp, type RunningApp } from '#libs/testing/running-api.js';
import { ApiClient } from './support/api-client.js';
import { historyOf, type HistoryItem } from './support/case-harness.js';
import { CaseClock, HOSPITAL, MUNICIPALITY, READY_CRITERIA, record, sample } from './support/sample-cases.js';

/**
 * Auditors' free text (api.md, GET /cases/{caseId}/history): every national ID number and each of the patient's own
 * names, typed into any free-text field of any event, reaches a quality auditor as `[fnr]` / `[navn]` — in case
 * histories, in assessments and in the CSV — while officers and hospital staff read the text as it was typed.
 */

const SECRET = 'auditor-redaction-e2e-secret';
const T = 30_000;

const validFnr = (datePart: string): string => {
  for (let n = 500; n < 1000; n++) {
    const firstNine = `${datePart}${n}`;
    const controls = nationalIdControlDigits(firstNine);
    if (controls !== null && isValidNationalId(`${firstNine}${controls}`)) return `${firstNine}${controls}`;
  }
  throw new Error(`no fødselsnummer for ${datePart}`);
};

const PATIENT = { nationalId: syntheticNationalId({ birthDate: '1941-05-17', individualNumber: 321 }), name: 'Synnøve Åse Fjellheim' };
const DAUGHTER = validFnr('120375'); // a real-form fødselsnummer of a relative
const D_NUMBER = validFnr('520375'); // a D-number (day + 40)
const id = PATIENT.nationalId;

/** Placeholder → [as typed, as an auditor reads it]. */
const WORDS: Record<string, [string, string]> = {
  fnr: [id, '[fnr]'],
  fnrSpaced: [`${id.slice(0, 6)} ${id.slice(6)}`, '[fnr]'],
  fnrDotted: [`${id.slice(0, 2)}.${id.slice(2, 4)}.${id.slice(4, 6)} ${id.slice(6)}`, '[fnr]'],
  daughter: [`${DAUGHTER.slice(0, 6)}-${DAUGHTER.slice(6)}`, '[fnr]'],
  dnr: [D_NUMBER, '[fnr]'],
  given: ['Synnøve', '[navn]'],
  GIVEN: ['SYNNØVE', '[navn]'],
  middle: ['åse', '[navn]'],
  family: ['Fjellheim', '[navn]'],
  familyGenitive: ['Fjellheims', '[navn]'],
  // Someone else's name is no name of the patient's.
  other: ['Ola Nordmann', 'Ola Nordmann'],
};

interface Text {
  readonly typed: string;
  readonly redacted: string;
}

const text = (template: string): Text => {
  const fill = (side: 0 | 1) => template.replace(/\{(\w+)\}/g, (_, word: string) => WORDS[word]![side]);
  return { typed: fill(0), redacted: fill(1) };
};

/** The free text this test typed: event type → field path → text. */
const typed: Record<string, Record<string, Text>> = {};
const put = (type: string, path: string, template: string): string => {
  const value = text(template);
  (typed[type] ??= {})[path] = value;
  return value.typed;
};

let app: RunningApp;
let pool: pg.Pool;
let store: PostgresEventStore;
let runtime: ProjectionRuntime;
let hospital: ApiClient;
let office: ApiClient;
let auditor: ApiClient;
const caseIds: string[] = [];
const decisionId = `vedtak-${id}`;

const valueAt = (data: unknown, path: string): unknown[] =>
  path.split('.').reduce<unknown[]>(
    (values, key) => values.flatMap((value) => (Array.isArray(value) ? value : [value])).map((value) => (value as Record<string, unknown>)?.[key]),
    [data],
  ).flatMap((value) => (Array.isArray(value) ? value : [value]));

/** The national IDs this test typed (in any layout) and the patient's names that `body` shows. */
const leaks = (body: string): string[] => {
  const digitsOnly = body.replace(/[ .\u00a0-]/g, '');
  const ids = [PATIENT.nationalId, DAUGHTER, D_NUMBER].filter((n) => digitsOnly.includes(n));
  const names = ['synnøve', 'åse', 'fjellheim'].filter((name) => body.normalize('NFC').toLowerCase().includes(name));
  return [...ids, ...names];
};

beforeAll(async () => {
  app = await startApp({ PSEUDONYM_SECRET: SECRET });
  pool = new pg.Pool({ connectionString: app.database.url, max: 4 });
  store = await createPostgresEventStore({ pool });
  runtime = await startProjections({
    pool,
    store,
    projections: [allocationAssessmentProjection(SECRET)],
    logger: pino({ level: 'silent' }),
    settings: { lockRetryMs: 50, controlIntervalMs: 50 },
  });
  hospital = new ApiClient(app.baseUrl, await app.token('hospital_staff', HOSPITAL.orgNumber));
  office = new ApiClient(app.baseUrl, await app.token('allocation_officer', MUNICIPALITY));
  auditor = new ApiClient(app.baseUrl, await app.token('quality_auditor', '*'));

  // A whole transfer with a visit, options, a choice, a deviating decision, an appeal and a follow-up.
  const clock = CaseClock.admittedHoursAgo(96);
  const caseId = randomUUID();
  const on = (path: string) => `/cases/${caseId}${path}`;
  const visitId = 'besok-fjellheim';
  const presentationId = `tilbud-${id}`;
  await record(hospital, '/cases', sample.admission({
    caseId,
    patient: PATIENT,
    admittedAt: clock.admittedAt,
    occurredAt: clock.at(1),
    expectedNeeds: put('AdmissionNotified', 'expectedNeeds', '{given} ({fnr}) trenger hjelp; datteren {daughter} er pårørende. {GIVEN} bor alene.'),
  }));
  await record(hospital, on('/recommendation'), sample.recommendation({
    occurredAt: clock.at(20),
    rationale: put('HospitalRecommendationGiven', 'rationale', '{familyGenitive} funksjonsnivå tilsier korttid; ref. {fnrSpaced}'),
  }));
  await record(hospital, on('/wishes'), sample.wish({
    occurredAt: clock.at(21),
    statement: put('UserWishRelayed', 'statement', '{given} {middle} {family} vil hjem, sier {other}'),
  }));
  await record(hospital, on('/discharge-readiness'), { occurredAt: clock.at(24), criteria: READY_CRITERIA });
  await record(office, on('/municipal-response'), { occurredAt: clock.at(26), canReceive: true });
  await record(office, on('/visits'), sample.visitSchedule({
    occurredAt: clock.at(26),
    visitId,
    scheduledFor: clock.at(30),
    location: put('MunicipalVisitScheduled', 'location', 'Rom 412, hos {family}'),
  }));
  await record(office, on(`/visits/${visitId}/conducted`), sample.visitConducted({
    occurredAt: clock.at(30),
    participants: [{ role: 'user', name: PATIENT.name }, { role: 'municipal_caseworker', name: 'Hilde Saksbehandler' }],
    informationGiven: put('MunicipalVisitConducted', 'informationGiven', 'Forklarte {given} alternativene; D-nr {dnr}'),
    notes: put('MunicipalVisitConducted', 'notes', '{fnrDotted} bekreftet av {family}'),
  }));
  await record(office, on('/options'), sample.options({
    occurredAt: clock.at(30.5),
    presentationId,
    channel: 'in_dialogue',
    visitId,
    options: [
      { optionId: 'korttid', serviceType: 'short_term_stay', description: put('OptionsPresented', 'options.description', 'Korttid for {given}'), consequences: 'Flytter til helsehuset' },
      { optionId: 'hjemme', serviceType: 'home_care', description: 'Hjemmesykepleie', consequences: put('OptionsPresented', 'options.consequences', '{family} er alene om natten') },
    ],
  }));
  await record(office, on('/choice'), sample.choice({
    occurredAt: clock.at(31),
    presentationId,
    optionId: 'korttid',
    statement: put('UserChoiceRecorded', 'statement', 'Jeg, {given}, velger korttid'),
  }));
  await record(office, on('/decisions'), sample.decision({
    occurredAt: clock.at(32),
    decisionId,
    serviceType: 'home_care',
    startDate: clock.date(48),
    rationale: put('AllocationDecided', 'rationale', 'Vedtak for {fnr}: hjemmesykepleie'),
    deviationReason: { category: 'capacity', text: put('AllocationDecided', 'deviationReason.text', 'Ingen korttidsplass til {given}') },
  }));
  await record(office, on(`/decisions/${decisionId}/appeal`), sample.appeal({
    occurredAt: clock.at(40),
    grounds: put('DecisionAppealed', 'grounds', '{familyGenitive} datter ({daughter}) klager'),
  }));
  await record(hospital, on('/transfer'), sample.transfer(decisionId, { occurredAt: clock.at(48) }));
  await record(office, on('/follow-up'), sample.followUp({
    occurredAt: clock.at(90),
    notes: put('FollowUpRecorded', 'notes', '{given} trives; {other} besøker'),
  }));
  caseIds.push(caseId);

  // The patient declines the dialogue; a decision on a service of type `other`.
  const declined = randomUUID();
  await record(hospital, '/cases', sample.admission({ caseId: declined, patient: PATIENT, expectedNeeds: 'Trenger tilsyn' }));
  await record(hospital, `/cases/${declined}/discharge-readiness`, { criteria: READY_CRITERIA });
  await record(office, `/cases/${declined}/declined-dialogue`, {
    statement: put('UserDeclinedDialogue', 'statement', '{given} vil ikke møte; ring {daughter}'),
  });
  await record(office, `/cases/${declined}/decisions`, sample.decision({
    serviceType: 'other',
    serviceDescription: put('AllocationDecided', 'serviceDescription', 'Dagtilbud for {family}'),
  }));
  caseIds.push(declined);

  // Withdrawn, with details.
  const withdrawn = randomUUID();
  await record(hospital, '/cases', sample.admission({ caseId: withdrawn, patient: PATIENT }));
  const last = await record(hospital, `/cases/${withdrawn}/withdrawal`, {
    reason: 'other',
    details: put('CaseWithdrawn', 'details', '{given} ({fnr}) flyttet til {other}'),
  });
  caseIds.push(withdrawn);
  await runtime.waitFor('participation', last.body.position as string);
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  await store?.close();
  await pool?.end();
  await app?.close();
});

describe('an auditor reading a case history', () => {
  it('sees every national ID and the patient’s names in free text replaced, and all else as typed', async () => {
    const officerViews = await Promise.all(caseIds.map((caseId) => historyOf(office, caseId)));
    const auditorViews = await Promise.all(caseIds.map((caseId) => historyOf(auditor, caseId)));
    const checked = new Set<string>();
    for (const [c, items] of auditorViews.entries()) {
      for (const [i, item] of items.entries()) {
        for (const [path, value] of Object.entries(typed[item.type] ?? {})) {
          const officerValues = valueAt(officerViews[c]![i]!.data, path);
          if (!officerValues.includes(value.typed)) continue;
          checked.add(`${item.type}.${path}`);
          expect({ type: item.type, path, values: valueAt(item.data, path) }).toEqual({
            type: item.type,
            path,
            values: officerValues.map((v) => (v === value.typed ? value.redacted : v)),
          });
        }
      }
    }
    // Every field this test typed text into was found, and read by the auditor redacted.
    expect([...checked].sort()).toEqual(Object.entries(typed).flatMap(([type, paths]) => Object.keys(paths).map((path) => `${type}.${path}`)).sort());

    const body = JSON.stringify(auditorViews);
    expect(leaks(body)).toEqual([]);
    expect(leaks(JSON.stringify(officerViews))).toEqual(expect.arrayContaining([PATIENT.nationalId, DAUGHTER, D_NUMBER, 'synnøve', 'fjellheim']));
  }, T);

  it('sees client-chosen ids made of a national ID or a name redacted the same way in every event', async () => {
    const items = await historyOf(auditor, caseIds[0]!);
    const data = (type: string) => items.find((item) => item.type === type)!.data;
    expect(data('AllocationDecided').decisionId).toBe('vedtak-[fnr]');
    expect(data('DecisionAppealed').decisionId).toBe('vedtak-[fnr]');
    expect(data('PatientTransferred').decisionId).toBe('vedtak-[fnr]');
    expect(data('MunicipalVisitScheduled').visitId).toBe('besok-[navn]');
    expect(data('OptionsPresented').visitId).toBe('besok-[navn]');
    expect(data('UserChoiceRecorded').presentationId).toBe(data('OptionsPresented').presentationId);
    expect(data('AdmissionNotified')).toEqual(expect.objectContaining({ patientPseudonym: expect.stringMatching(/^P-[0-9a-f]{16}$/) }));
    expect(data('AdmissionNotified')).not.toHaveProperty('patient');
  }, T);

  it('leaves the text as typed for hospital staff and officers', async () => {
    for (const client of [hospital, office]) {
      const items = await historyOf(client, caseIds[0]!);
      const admission = items.find((item) => item.type === 'AdmissionNotified')!.data;
      expect(admission.expectedNeeds).toBe(typed.AdmissionNotified!.expectedNeeds!.typed);
      expect(admission.patient).toEqual(PATIENT);
      expect(items.find((item) => item.type === 'AllocationDecided')!.data.decisionId).toBe(decisionId);
    }
  }, T);
});

describe('an auditor reading assessments', () => {
  it('finds no national ID or name in the JSON or the CSV, and the decision id cleared of the national ID', async () => {
    const json = await auditor.get<{ items: { caseId: string; decisionId: string }[] }>('/audit/allocations?limit=1000');
    const csv = await auditor.get<string>('/audit/allocations.csv');
    expect([json.status, csv.status]).toEqual([200, 200]);
    expect(json.body.items.map((item) => item.caseId).sort()).toEqual([caseIds[0], caseIds[1]].sort());
    expect(json.body.items.find((item) => item.caseId === caseIds[0])!.decisionId).toBe('vedtak-[fnr]');
    expect(csv.body).toContain('vedtak-[fnr]');
    expect(leaks(JSON.stringify(json.body))).toEqual([]);
    expect(leaks(csv.body)).toEqual([]);

    const officers = await office.get<{ items: { decisionId: string }[] }>('/audit/allocations?limit=1000');
    expect(officers.body.items.map((item) => item.decisionId)).toContain(decisionId);
  }, T);
});
