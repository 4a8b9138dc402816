import { buildDemoCase, SCENARIOS, type DemoCase, type DemoStep, type Scenario } from './demo-cases.js';
import { seededRandom } from './seeded-random.js';

/**
 * A year of cases for the demo's work queue and quality screens: one admission a day over both hospitals and the
 * three municipalities. Most decisions rest on the written notice, as the research found; dialogue, proxy choices,
 * deviations and appeals come in smaller shares. Deterministic: the same year every run.
 */
export interface DatedDemoCase {
  readonly demo: DemoCase;
  /** How many days before now the patient was admitted. Steps that would lie in the future are left out. */
  readonly admittedDaysAgo: number;
  /** Real hours per scenario hour: stays differ in length, and some patients wait long for a place. */
  readonly hourScale: number;
}

/** Relative weights by scenario title; scenarios that end open (awaiting, new, revoked) come from the recent days. */
const WEIGHTS: Readonly<Record<string, number>> = {
  'Skriftlig melding alene, vedtak om hjemmesykepleie': 30,
  'Pårørende ringer og ønsker rehabilitering': 10,
  'Sykehusets anbefaling om langtidsopphold følges': 10,
  'Samtale på sykehuset, reelle alternativer, brukeren velger korttidsopphold': 13,
  'Samtale og valg, men vedtak avviker (kapasitet)': 5,
  'Samtale uten alternativer (konsultert)': 6,
  'Besøk med bare pårørende til stede': 4,
  'Verge velger på vegne av brukeren': 4,
  'Brukeren takker nei til samtale': 3,
  'Skriftlig melding, vedtak om langtidsopphold påklaget': 4,
  'Samtale på video, brukeren styrer selv (brukerstyrt personlig assistanse)': 2,
  'Besøket ble registrert etter vedtaket (etterregistrering)': 2,
  'Avmeldt: pasienten trenger ikke lenger tjenester': 4,
};

const DAYS = 365;
/** The last two weeks have more admissions, so the work queue holds cases at every stage. */
const BUSY_DAYS = 14;
const EXTRA_PER_BUSY_DAY = 2;

const pick = (weighted: readonly (readonly [Scenario, number])[], roll: number): Scenario => {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let left = roll * total;
  for (const [scenario, weight] of weighted) {
    left -= weight;
    if (left < 0) return scenario;
  }
  return weighted.at(-1)![0];
};

/** A decided case of the past is transferred a day or two later, unless the scenario already says how it ended. */
const withTransfer = (scenario: Scenario, delayHours: number): Scenario => ({
  title: scenario.title,
  steps: () => {
    const steps = scenario.steps();
    const decision = steps.find((step) => step.path === '/decisions');
    if (!decision || steps.some((step) => step.path === '/transfer' || step.path === '/withdrawal')) return steps;
    const transfer: DemoStep = { as: 'office', path: '/transfer', atHour: decision.atHour + delayHours, body: () => ({ decisionId: 'd1' }) };
    return [...steps, transfer];
  },
});

export const yearOfCases = (): DatedDemoCase[] => {
  const random = seededRandom(2026);
  const weighted = SCENARIOS.filter((scenario) => WEIGHTS[scenario.title] !== undefined).map(
    (scenario) => [scenario, WEIGHTS[scenario.title]!] as const,
  );
  const admissions = Array.from({ length: DAYS }, (_, day) => day).concat(
    Array.from({ length: BUSY_DAYS * EXTRA_PER_BUSY_DAY }, (_, extra) => DAYS - BUSY_DAYS + Math.floor(extra / EXTRA_PER_BUSY_DAY)),
  );
  return admissions.map((day, index) => {
    const admittedDaysAgo = DAYS - day + random();
    const scenario = withTransfer(pick(weighted, random()), 24 + Math.floor(random() * 48));
    const hourScale = 1 + random() * random() * 5;
    return { demo: buildDemoCase(scenario, 100 + index, `year-${index}`), admittedDaysAgo, hourScale };
  });
};
