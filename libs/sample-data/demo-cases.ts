import { createHash } from 'node:crypto';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { SAMPLE_HOSPITALS, SAMPLE_MUNICIPALITIES } from './identities.js';

/**
 * The demo's sample cases: every path of the workflow, told as the HTTP requests a hospital and an
 * allocation office would send. Times are hours after admission; the seeder anchors them in the past.
 */

export type DemoActor = 'hospital' | 'office';

/** Turns the scenario's hours after admission into real times. */
export interface DemoClock {
  instant(hour: number): string;
  /** The Europe/Oslo calendar date at that hour. */
  date(hour: number): string;
}

export interface DemoStep {
  readonly as: DemoActor;
  /** Relative to `/cases/{caseId}`; '' is the admission itself (`POST /cases`). */
  readonly path: string;
  readonly atHour: number;
  readonly body: (clock: DemoClock) => Record<string, unknown>;
}

export interface DemoCase {
  readonly caseId: string;
  readonly title: string;
  readonly hospital: (typeof SAMPLE_HOSPITALS)[number];
  readonly municipalityCode: string;
  readonly steps: readonly DemoStep[];
}

/** A stable UUID from a name, so a second run of the seeder finds the cases it made. */
const stableUuid = (name: string): string => {
  const hex = createHash('sha256').update(`overgang-demo:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const READY = {
  admissionProblemsClarified: true,
  otherProblemsClarified: true,
  diagnosisAndPlanSettled: true,
  functionalLevelAssessed: true,
};

const at = (
  atHour: number,
  as: DemoActor,
  path: string,
  body: Record<string, unknown> | ((clock: DemoClock) => Record<string, unknown>),
): DemoStep => ({ as, path, atHour, body: typeof body === 'function' ? body : () => body });

const readiness = (hour: number): DemoStep => at(hour, 'hospital', '/discharge-readiness', { criteria: READY });
const response = (hour: number, canReceive: boolean, expectedReadyInHours?: number): DemoStep =>
  at(hour, 'office', '/municipal-response', (clock) => ({
    canReceive,
    ...(expectedReadyInHours === undefined ? {} : { expectedReadyDate: clock.date(hour + expectedReadyInHours) }),
  }));
const scheduleVisit = (hour: number, visitId: string, inHours: number, location: string): DemoStep =>
  at(hour, 'office', '/visits', (clock) => ({ visitId, scheduledFor: clock.instant(hour + inHours), location }));
const visit = (hour: number, visitId: string, roles: string[], mode = 'in_person'): DemoStep =>
  at(hour, 'office', `/visits/${visitId}/conducted`, {
    mode,
    participants: roles.map((role) => ({ role })),
    informationGiven: 'Forklarte hvilke tjenester kommunen kan tilby og hva de innebærer',
  });
/** `unavailable`: service types named as alternatives that cannot actually be had now. */
const options = (hour: number, presentationId: string, visitId: string | null, types: string[], unavailable: string[] = []): DemoStep =>
  at(hour, 'office', '/options', {
    presentationId,
    channel: visitId ? 'in_dialogue' : 'written',
    ...(visitId ? { visitId } : {}),
    options: types.map((serviceType, index) => ({
      optionId: `o${index + 1}`,
      serviceType,
      description: `Tilbud: ${serviceType}`,
      consequences: CONSEQUENCES[serviceType] ?? 'Konsekvensene ble forklart',
      ...(unavailable.includes(serviceType) ? { available: false } : {}),
    })),
  });
const choice = (hour: number, presentationId: string, optionId: string, statedBy = 'user'): DemoStep =>
  at(hour, 'office', '/choice', { presentationId, optionId, statedBy, statement: 'Dette vil jeg helst' });
const decision = (hour: number, decisionId: string, serviceType: string, extra: Record<string, unknown> = {}): DemoStep =>
  at(hour, 'office', '/decisions', (clock) => ({
    decisionId,
    serviceType,
    startDate: clock.date(hour + 24),
    rationale: 'Vurdert ut fra funksjonsnivå og tilgjengelige tjenester',
    ...extra,
  }));
const transfer = (hour: number, decisionId: string): DemoStep => at(hour, 'office', '/transfer', { decisionId });

const CONSEQUENCES: Record<string, string> = {
  home_care: 'Bor hjemme med besøk av hjemmesykepleien morgen og kveld; mer ansvar på pårørende',
  short_term_stay: 'Opphold på sykehjem i inntil fire uker med opptrening, deretter ny vurdering',
  long_term_stay: 'Fast plass på sykehjem; leiligheten må vanligvis avvikles',
  rehabilitation: 'Tre uker intensiv opptrening på rehabiliteringsavdeling, deretter hjem',
};

export interface Scenario {
  readonly title: string;
  readonly steps: () => DemoStep[];
}

export const SCENARIOS: readonly Scenario[] = [
  {
    title: 'Skriftlig melding alene, vedtak om hjemmesykepleie',
    steps: () => [readiness(20), response(22, false), decision(40, 'd1', 'home_care'), transfer(44, 'd1')],
  },
  {
    title: 'Pårørende ringer og ønsker rehabilitering',
    steps: () => [
      at(6, 'office', '/wishes', { source: 'relative', channel: 'phone', serviceType: 'rehabilitation', statement: 'Datteren ønsker rehabilitering' }),
      readiness(30),
      response(31, true),
      decision(32, 'd1', 'rehabilitation'),
    ],
  },
  {
    title: 'Sykehusets anbefaling om langtidsopphold følges',
    steps: () => [
      at(4, 'hospital', '/recommendation', { serviceType: 'long_term_stay', rationale: 'Omfattende pleiebehov' }),
      at(5, 'hospital', '/wishes', { source: 'hospital_staff', channel: 'written', serviceType: 'long_term_stay', statement: 'Pasienten virker enig' }),
      readiness(48),
      response(50, false, 72),
      decision(90, 'd1', 'long_term_stay'),
    ],
  },
  {
    title: 'Samtale på sykehuset, reelle alternativer, brukeren velger korttidsopphold',
    steps: () => [
      scheduleVisit(3, 'v1', 20, 'Sengepost 3, rom 12'),
      visit(26, 'v1', ['user', 'relative', 'municipal_caseworker', 'hospital_staff']),
      options(26.5, 'p1', 'v1', ['home_care', 'short_term_stay']),
      choice(27, 'p1', 'o2'),
      readiness(28),
      response(28.5, true),
      decision(29, 'd1', 'short_term_stay'),
      transfer(48, 'd1'),
      at(400, 'office', '/follow-up', { outcome: 'service_fits', notes: 'Trives og trener daglig' }),
    ],
  },
  {
    title: 'Samtale og valg, men vedtak avviker (kapasitet)',
    steps: () => [
      visit(20, 'v1', ['user', 'municipal_caseworker', 'interpreter'], 'video'),
      options(20.5, 'p1', 'v1', ['home_care', 'short_term_stay']),
      choice(21, 'p1', 'o2'),
      readiness(24),
      response(25, false),
      decision(70, 'd1', 'home_care', { deviationReason: { category: 'capacity', text: 'Ingen ledige korttidsplasser denne uken' } }),
      at(120, 'office', '/decisions/d1/appeal', { grounds: 'Brukeren mener hjemmesykepleie ikke er forsvarlig' }),
    ],
  },
  {
    title: 'Samtale uten alternativer (konsultert)',
    steps: () => [readiness(12), visit(14, 'v1', ['user', 'municipal_coordinator'], 'phone'), response(15, true), decision(16, 'd1', 'home_care')],
  },
  {
    title: 'Besøk med bare pårørende til stede',
    steps: () => [readiness(12), visit(14, 'v1', ['relative', 'municipal_caseworker']), response(14.5, false), decision(36, 'd1', 'short_term_stay')],
  },
  {
    title: 'Verge velger på vegne av brukeren',
    steps: () => [
      visit(10, 'v1', ['guardian', 'advocate', 'municipal_caseworker']),
      options(10.5, 'p1', 'v1', ['short_term_stay', 'long_term_stay']),
      choice(11, 'p1', 'o2', 'guardian'),
      readiness(20),
      response(21, true),
      decision(22, 'd1', 'long_term_stay'),
    ],
  },
  {
    title: 'Brukeren takker nei til samtale',
    steps: () => [
      at(8, 'office', '/declined-dialogue', { statement: 'Vil ikke ha besøk, stoler på sykehuset' }),
      readiness(18),
      response(19, true),
      decision(20, 'd1', 'home_care'),
    ],
  },
  {
    title: 'Skriftlig melding, vedtak om langtidsopphold påklaget',
    steps: () => [
      readiness(20),
      response(21, false),
      decision(60, 'd1', 'long_term_stay'),
      at(100, 'office', '/decisions/d1/appeal', { grounds: 'Brukeren ønsker å bo hjemme med mer hjelp' }),
    ],
  },
  {
    title: 'Samtale på video, brukeren styrer selv (brukerstyrt personlig assistanse)',
    steps: () => [
      visit(18, 'v1', ['user', 'municipal_caseworker', 'peer_worker'], 'video'),
      options(18.5, 'p1', 'v1', ['home_care', 'short_term_stay']),
      choice(19, 'p1', 'o1'),
      readiness(22),
      response(23, true),
      decision(24, 'd1', 'home_care', { decidedBy: { role: 'user' } }),
      transfer(30, 'd1'),
    ],
  },
  {
    title: 'Langtidsopphold nevnt, men ikke ledig; klage etter overføring, etter fristen',
    steps: () => [
      readiness(20),
      response(21, false),
      visit(22, 'v1', ['user', 'municipal_caseworker']),
      options(22.5, 'p1', 'v1', ['short_term_stay', 'long_term_stay', 'home_care'], ['long_term_stay']),
      choice(23, 'p1', 'o1'),
      decision(24, 'd1', 'short_term_stay', { appealInformationGiven: true }),
      transfer(48, 'd1'),
      // Five weeks after the decision: recorded, and reported as late.
      at(24 + 35 * 24, 'office', '/decisions/d1/appeal', { grounds: 'Brukeren ønsket langtidsopphold' }),
    ],
  },
  {
    title: 'Utskrivningsklar, tilbakekalt etter komplikasjon, erklært på nytt',
    steps: () => [
      readiness(24),
      response(25, false),
      at(60, 'hospital', '/discharge-readiness/revocation', { reason: 'complication' }),
      readiness(110),
      response(111, false, 96),
    ],
  },
  {
    title: 'Besøket ble registrert etter vedtaket (etterregistrering)',
    steps: () => [readiness(10), response(11, true), decision(20, 'd1', 'home_care'), visit(15, 'v1', ['user', 'municipal_caseworker'])],
  },
  {
    title: 'Avmeldt: pasienten trenger ikke lenger tjenester',
    steps: () => [at(30, 'hospital', '/withdrawal', { reason: 'no_longer_needs_services' })],
  },
  {
    title: 'Venter på vedtak: utskrivningsklar, kommunen kan ikke ta imot',
    steps: () => [readiness(30), response(40, false)],
  },
  {
    title: 'Ny sak, ikke utskrivningsklar ennå',
    steps: () => [scheduleVisit(2, 'v1', 30, 'Sengepost 5')],
  },
];

/** One case of a scenario: `name` makes its caseId, `index` picks its patient, hospital and municipality. */
export const buildDemoCase = (scenario: Scenario, index: number, name: string): DemoCase => {
  const hospital = SAMPLE_HOSPITALS[index % SAMPLE_HOSPITALS.length]!;
  const municipality = SAMPLE_MUNICIPALITIES[index % SAMPLE_MUNICIPALITIES.length]!;
  const caseId = stableUuid(name);
  const admission = at(0, 'hospital', '', (clock) => ({
    caseId,
    admittedAt: clock.instant(0),
    patient: {
      nationalId: syntheticNationalId({
        birthDate: `19${30 + (index % 60)}-${String(1 + (index % 12)).padStart(2, '0')}-${String(10 + (index % 18)).padStart(2, '0')}`,
        individualNumber: 100 + ((index * 7) % 400),
      }),
      name: `Testpasient ${index + 1}`,
    },
    hospital,
    municipalityCode: municipality.code,
    expectedNeeds: 'Trenger hjelp til personlig stell og medisiner etter utskrivning',
    functionalAssessment: { personligHygiene: 3, bevegelse: 4, hukommelse: 2 },
  }));
  return { caseId, title: scenario.title, hospital, municipalityCode: municipality.code, steps: [admission, ...scenario.steps()] };
};

/** The demo cases, spread over both hospitals and the three municipalities. */
export const demoCases = (): DemoCase[] => SCENARIOS.map((scenario, index) => buildDemoCase(scenario, index, scenario.title));
