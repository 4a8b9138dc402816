import { randomUUID } from 'node:crypto';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { SAMPLE_HOSPITALS, SAMPLE_MUNICIPALITIES } from '#libs/sample-data/identities.js';
import type { ApiAnswer, ApiClient } from './api-client.js';

/**
 * Realistic request bodies for every command of api.md, and a walk through a whole transfer over HTTP.
 * Every builder gives a valid body; pass overrides to change fields (a shallow merge, `undefined` drops a field).
 */

export type Body = Record<string, unknown>;

export const HOSPITAL = SAMPLE_HOSPITALS[0];
export const OTHER_HOSPITAL = SAMPLE_HOSPITALS[1];
export const MUNICIPALITY = SAMPLE_MUNICIPALITIES[0].code;
export const OTHER_MUNICIPALITY = SAMPLE_MUNICIPALITIES[1].code;

const HOUR_MS = 3600_000;

/** Times of a case as hours after its admission; `admittedHoursAgo` anchors the admission in the past. */
export class CaseClock {
  readonly admittedAt: string;

  constructor(readonly admitted: Date) {
    this.admittedAt = admitted.toISOString();
  }

  static admittedHoursAgo(hours: number): CaseClock {
    return new CaseClock(new Date(Date.now() - hours * HOUR_MS));
  }

  /** The instant `hours` after admission. */
  at(hours: number): string {
    return new Date(this.admitted.getTime() + hours * HOUR_MS).toISOString();
  }

  /** The Europe/Oslo calendar date `hours` after admission, `YYYY-MM-DD`. */
  date(hours: number): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(this.admitted.getTime() + hours * HOUR_MS));
  }
}

const PATIENT_NAMES = ['Synnøve Fjellheim', 'Ola Nordmann', 'Ingrid Haugland', 'Per Kristian Solbakken', 'Astrid Vik'];

/** A synthetic patient (Tenor-style national ID, valid under ALLOW_SYNTHETIC_IDS), the same for the same number. */
export const samplePatient = (n = 0): { nationalId: string; name: string } => ({
  nationalId: syntheticNationalId({
    birthDate: `19${30 + (n % 60)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`,
    individualNumber: 100 + ((n * 37) % 400),
  }),
  name: PATIENT_NAMES[n % PATIENT_NAMES.length]!,
});

const merge = (defaults: Body, overrides: Body): Body => {
  const merged: Body = { ...defaults, ...overrides };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged;
};

export const READY_CRITERIA = {
  admissionProblemsClarified: true,
  otherProblemsClarified: true,
  diagnosisAndPlanSettled: true,
  functionalLevelAssessed: true,
} as const;

export const sample = {
  admission: (overrides: Body = {}): Body =>
    merge(
      {
        caseId: randomUUID(),
        patient: samplePatient(0),
        hospital: { ...HOSPITAL },
        municipalityCode: MUNICIPALITY,
        admittedAt: new Date(Date.now() - 72 * HOUR_MS).toISOString(),
        expectedNeeds: 'Trenger hjelp til personlig stell og medisiner etter hoftebrudd; bor alene i 3. etasje uten heis',
        functionalAssessment: { personligHygiene: 4, bevegelse: 4, spise: 2, hukommelse: 3 },
      },
      overrides,
    ),
  recommendation: (overrides: Body = {}): Body =>
    merge(
      {
        serviceType: 'short_term_stay',
        rationale: 'Trenger døgnkontinuerlig tilsyn og opptrening i noen uker før hun kan klare seg hjemme',
      },
      overrides,
    ),
  wish: (overrides: Body = {}): Body =>
    merge(
      {
        source: 'user',
        channel: 'in_person',
        serviceType: 'home_care',
        statement: 'Vil helst hjem til egen leilighet, med hjemmesykepleie morgen og kveld',
      },
      overrides,
    ),
  readiness: (overrides: Body = {}): Body => merge({ criteria: { ...READY_CRITERIA } }, overrides),
  revocation: (overrides: Body = {}): Body => merge({ reason: 'complication' }, overrides),
  municipalResponse: (overrides: Body = {}): Body => merge({ canReceive: true }, overrides),
  visitSchedule: (overrides: Body = {}): Body =>
    merge(
      {
        scheduledFor: new Date(Date.now() + 24 * HOUR_MS).toISOString(),
        location: 'St. Olavs hospital, Medisinsk klinikk, pasientrom 412',
      },
      overrides,
    ),
  visitConducted: (overrides: Body = {}): Body =>
    merge(
      {
        mode: 'in_person',
        participants: [
          { role: 'user', name: 'Synnøve Fjellheim' },
          { role: 'relative', name: 'Terje Fjellheim' },
          { role: 'municipal_caseworker', name: 'Hilde Saksbehandler' },
          { role: 'hospital_staff', name: 'Jonas Sykepleier' },
        ],
        informationGiven: 'Forklarte korttidsopphold, hjemmesykepleie og hva hvert tilbud innebærer i hverdagen',
        notes: 'Datteren deltok på telefon en del av tiden',
      },
      overrides,
    ),
  options: (overrides: Body = {}): Body =>
    merge(
      {
        channel: 'written',
        options: [
          {
            optionId: 'korttid',
            serviceType: 'short_term_stay',
            description: 'Korttidsopphold på Søbstad helsehus i inntil fire uker',
            consequences: 'Døgntilsyn og daglig fysioterapi; flytter fra sykehuset til helsehuset, hjem senere',
          },
          {
            optionId: 'hjemme',
            serviceType: 'home_care',
            description: 'Hjemmesykepleie to ganger daglig og trygghetsalarm',
            consequences: 'Hjem med en gang; alene mellom besøkene, opptrening hjemme to ganger i uken',
          },
        ],
      },
      overrides,
    ),
  choice: (overrides: Body = {}): Body =>
    merge({ optionId: 'korttid', statedBy: 'user', statement: 'Jeg tar korttidsopphold først, så hjem' }, overrides),
  declinedDialogue: (overrides: Body = {}): Body =>
    merge({ statement: 'Ønsket ikke møte; ba om at datteren får beskjed om vedtaket' }, overrides),
  decision: (overrides: Body = {}): Body =>
    merge(
      {
        serviceType: 'short_term_stay',
        startDate: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date()),
        rationale: 'Som valgt i samtalen: korttidsopphold med opptrening før hjemreise',
      },
      overrides,
    ),
  appeal: (overrides: Body = {}): Body => merge({ grounds: 'Fire uker er for kort tid til å komme seg etter bruddet' }, overrides),
  transfer: (decisionId: string, overrides: Body = {}): Body => merge({ decisionId }, overrides),
  withdrawal: (overrides: Body = {}): Body => merge({ reason: 'no_longer_needs_services' }, overrides),
  followUp: (overrides: Body = {}): Body =>
    merge({ outcome: 'service_fits', notes: 'Trives på helsehuset, går med rullator' }, overrides),
};

/** The two parties of a case: the hospital's system and the municipality's allocation office. */
export interface CaseActors {
  readonly hospital: ApiClient;
  readonly office: ApiClient;
}

export interface Step {
  readonly name: string;
  readonly path: string;
  readonly answer: ApiAnswer<Body>;
}

export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly answer: ApiAnswer,
  ) {
    super(`${step} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

export interface WalkOptions {
  readonly caseId?: string;
  readonly patient?: { nationalId: string; name: string };
  /** Default 96: every step lies in the past, in the order it happened. */
  readonly admittedHoursAgo?: number;
  /** Who records the transfer: the hospital (default) or the office. */
  readonly transferredBy?: keyof CaseActors;
  readonly followUp?: boolean;
  /** Extra headers on every request, e.g. X-Correlation-Id. */
  readonly headers?: Record<string, string>;
}

export interface WalkedCase {
  readonly caseId: string;
  readonly clock: CaseClock;
  readonly visitId: string;
  readonly presentationId: string;
  readonly decisionId: string;
  readonly steps: readonly Step[];
}

/**
 * One case from admission to transfer (and follow-up), as the hospital and the office would send it:
 * recommendation, a wish, readiness, the municipality's answer, a visit in hospital with the user, options in
 * that dialogue, the user's choice, the decision, the transfer. Throws StepFailed on the first refusal.
 */
export const walkFullTransfer = async (actors: CaseActors, options: WalkOptions = {}): Promise<WalkedCase> => {
  const clock = CaseClock.admittedHoursAgo(options.admittedHoursAgo ?? 96);
  const caseId = options.caseId ?? randomUUID();
  const visitId = `besok-${caseId.slice(0, 8)}`;
  const presentationId = `tilbud-${caseId.slice(0, 8)}`;
  const decisionId = `vedtak-${caseId.slice(0, 8)}`;
  const steps: Step[] = [];
  const run = async (name: string, by: keyof CaseActors, path: string, body: Body): Promise<void> => {
    const answer = await actors[by].post<Body>(path, body, options.headers);
    if (answer.status !== 200 && answer.status !== 201) throw new StepFailed(name, answer);
    steps.push({ name, path, answer });
  };
  const on = (suffix: string): string => `/cases/${caseId}${suffix}`;

  await run('admission', 'hospital', '/cases', sample.admission({
    caseId,
    admittedAt: clock.admittedAt,
    occurredAt: clock.at(1),
    ...(options.patient ? { patient: options.patient } : {}),
  }));
  await run('recommendation', 'hospital', on('/recommendation'), sample.recommendation({ occurredAt: clock.at(20) }));
  await run('wish', 'hospital', on('/wishes'), sample.wish({ occurredAt: clock.at(21), source: 'relative', channel: 'phone' }));
  await run('readiness', 'hospital', on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(24) }));
  await run('municipal-response', 'office', on('/municipal-response'), sample.municipalResponse({
    occurredAt: clock.at(26),
    canReceive: true,
    plannedTransferDate: clock.date(48),
  }));
  await run('visit-scheduled', 'office', on('/visits'), sample.visitSchedule({ occurredAt: clock.at(26), visitId, scheduledFor: clock.at(30) }));
  await run('visit-conducted', 'office', on(`/visits/${visitId}/conducted`), sample.visitConducted({ occurredAt: clock.at(30) }));
  await run('options', 'office', on('/options'), sample.options({ occurredAt: clock.at(30.5), presentationId, channel: 'in_dialogue', visitId }));
  await run('choice', 'office', on('/choice'), sample.choice({ occurredAt: clock.at(31), presentationId }));
  await run('decision', 'office', on('/decisions'), sample.decision({ occurredAt: clock.at(32), decisionId, startDate: clock.date(48) }));
  await run('transfer', options.transferredBy ?? 'hospital', on('/transfer'), sample.transfer(decisionId, { occurredAt: clock.at(48) }));
  if (options.followUp ?? true) {
    await run('follow-up', 'office', on('/follow-up'), sample.followUp({ occurredAt: clock.at(90) }));
  }
  return { caseId, clock, visitId, presentationId, decisionId, steps };
};

/** Opens a case and answers its id; throws StepFailed when the admission is refused. */
export const openCase = async (hospital: ApiClient, overrides: Body = {}): Promise<string> => {
  const body = sample.admission(overrides);
  const answer = await hospital.post<Body>('/cases', body);
  if (answer.status !== 201) throw new StepFailed('admission', answer);
  return answer.body.caseId as string;
};

/** Sends a command and throws StepFailed unless it was recorded (200/201). */
export const record = async (client: ApiClient, path: string, body: Body, headers?: Record<string, string>): Promise<ApiAnswer<Body>> => {
  const answer = await client.post<Body>(path, body, headers);
  if (answer.status !== 200 && answer.status !== 201) throw new StepFailed(path, answer);
  return answer;
};
