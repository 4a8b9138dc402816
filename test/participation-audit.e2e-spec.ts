import pg from 'pg';
import { pino } from 'pino';
import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { daysBetween, osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { allocationAssessmentProjection } from '#libs/projections/participation/allocation-assessment.projection.js';
import { startProjections, type ProjectionRuntime } from '#libs/projections/runtime/runtime.js';
import { demoCases, type DemoCase } from '#libs/sample-data/demo-cases.js';
import { demoClock, demoOccurredAt, seedDemoCase } from '#libs/sample-data/seed-over-http.js';
import { startApp, type RunningApp } from '#libs/testing/running-api.js';
import { ApiClient } from './support/api-client.js';

/**
 * The participation audit end to end: the demo's sample cases go in over HTTP, the projection runtime assesses them
 * from the event store, and the audit endpoints answer exactly what participation.md prescribes for each.
 */

const SECRET = 'participation-audit-e2e-secret';
const HOUR_MS = 3600_000;
const T = 30_000;

/** participation.md, case by case: what each demo scenario's decision must be assessed as. */
const EXPECTED: Readonly<Record<string, Partial<AllocationAssessment>>> = {
  'Skriftlig melding alene, vedtak om hjemmesykepleie': {
    basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerperspektiv', influenceQuality: null,
    missingConditions: ['alternativesPresented', 'consequencesExplained', 'preferenceRecorded', 'decisionFollowsPreference'],
    followedHospitalRecommendation: null, appealed: false,
  },
  'Pårørende ringer og ønsker rehabilitering': {
    basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerdeltakelse', influenceQuality: null, dialogueModes: [],
  },
  'Sykehusets anbefaling om langtidsopphold følges': {
    basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerperspektiv', followedHospitalRecommendation: true,
  },
  'Samtale på sykehuset, reelle alternativer, brukeren velger korttidsopphold': {
    basis: 'direct_dialogue', level: 'innflytelse', ladderStep: 'brukerinnflytelse', influenceQuality: 'full',
    missingConditions: [], dialogueModes: ['in_person'], professionalsPresent: 2, followUp: 'service_fits',
    conditions: { alternativesPresented: true, consequencesExplained: true, preferenceRecorded: true, decisionFollowsPreference: true },
    support: { relative: true, advocate: false, advocateIndependent: false, peerWorker: false, interpreter: false },
  },
  'Samtale og valg, men vedtak avviker (kapasitet)': {
    basis: 'direct_dialogue', level: 'innflytelse', ladderStep: 'brukerinnflytelse', influenceQuality: 'partial',
    missingConditions: ['decisionFollowsPreference'], deviationCategory: 'capacity', appealed: true, dialogueModes: ['video'],
  },
  'Samtale uten alternativer (konsultert)': {
    basis: 'direct_dialogue', level: 'innflytelse', ladderStep: 'brukerdeltakelse', influenceQuality: 'partial', dialogueModes: ['phone'],
  },
  'Besøk med bare pårørende til stede': {
    basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerperspektiv', dialogueModes: [], professionalsPresent: 0,
  },
  'Verge velger på vegne av brukeren': {
    basis: 'direct_dialogue', level: 'innflytelse', ladderStep: 'brukerinnflytelse', influenceQuality: 'full', proxyChoice: false,
  },
  'Brukeren takker nei til samtale': {
    basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerperspektiv', participationDeclined: true,
  },
  'Skriftlig melding, vedtak om langtidsopphold påklaget': {
    basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerperspektiv', appealed: true,
  },
  'Samtale på video, brukeren styrer selv (brukerstyrt personlig assistanse)': {
    basis: 'direct_dialogue', level: 'innflytelse', ladderStep: 'brukerstyring', influenceQuality: 'full', dialogueModes: ['video'],
  },
  'Langtidsopphold nevnt, men ikke ledig; klage etter overføring, etter fristen': {
    basis: 'direct_dialogue', level: 'innflytelse', ladderStep: 'brukerinnflytelse', influenceQuality: 'full',
    unavailableOptionsPresented: 1, appealInformationGiven: true, appealed: true, appealLate: true,
  },
  'Besøket ble registrert etter vedtaket (etterregistrering)': {
    basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerperspektiv',
  },
};

interface Seeded {
  readonly demo: DemoCase;
  readonly admittedAt: number;
}

let app: RunningApp;
let pool: pg.Pool;
let store: PostgresEventStore;
let runtime: ProjectionRuntime;
let seeded: Seeded[];
let head: string;
const clients = new Map<string, ApiClient>();

const as = async (role: 'quality_auditor' | 'allocation_officer' | 'hospital_staff', org: string): Promise<ApiClient> => {
  const key = `${role}:${org}`;
  if (!clients.has(key)) clients.set(key, new ApiClient(app.baseUrl, await app.token(role, org)));
  return clients.get(key)!;
};

const headPosition = async (): Promise<string> => {
  const { rows } = await pool.query<{ position: string }>(
    `SELECT transaction_id::text || '-' || global_position AS position FROM event_store.events
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return rows[0]!.position;
};

type Page = { items: AllocationAssessment[]; nextCursor: string | null };

const allocations = async (client: ApiClient, query = ''): Promise<AllocationAssessment[]> => {
  const answer = await client.get<Page>(`/audit/allocations?minPosition=${head}&limit=1000${query}`);
  expect(answer.status).toBe(200);
  return answer.body.items;
};

const scenarioOf = (assessment: AllocationAssessment): Seeded => seeded.find(({ demo }) => demo.caseId === assessment.caseId)!;

/** Calendar days in Oslo from the last readiness the scenario declares before its decision, as the seeder dates them. */
const expectedDays = ({ demo, admittedAt }: Seeded): number | null => {
  const clock = demoClock(admittedAt);
  const decision = demo.steps.find((step) => step.path === '/decisions')!;
  const readiness = demo.steps.filter((step) => step.path === '/discharge-readiness' && step.atHour < decision.atHour).at(-1);
  return readiness
    ? daysBetween(osloDateOf(demoOccurredAt(clock, readiness)), osloDateOf(demoOccurredAt(clock, decision)))
    : null;
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
  const target = {
    base: `${app.baseUrl}/api/v1`,
    tokenFor: (role: 'hospital_staff' | 'allocation_officer', org: string) => app.token(role, org),
  };
  const cases = demoCases();
  const lastHour = Math.max(...cases.flatMap((demo) => demo.steps.map((step) => step.atHour)));
  seeded = cases.map((demo, index) => ({ demo, admittedAt: Date.now() - (lastHour + 2) * HOUR_MS - index * 26 * HOUR_MS }));
  await Promise.all(seeded.map(({ demo, admittedAt }) => seedDemoCase(target, demo, admittedAt)));
  head = await headPosition();
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  await store?.close();
  await pool?.end();
  await app?.close();
});

describe('the demo cases, assessed', () => {
  it('gives every decision of the demo the assessment participation.md prescribes', async () => {
    const items = await allocations(await as('quality_auditor', '*'));
    const decided = seeded.filter(({ demo }) => demo.steps.some((step) => step.path === '/decisions'));

    expect(items.map((item) => scenarioOf(item).demo.title).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(items).toHaveLength(decided.length);
    for (const item of items) {
      const scenario = scenarioOf(item);
      const admission = scenario.demo.steps[0]!.body(demoClock(scenario.admittedAt)) as { patient: { nationalId: string } };
      expect({ title: scenario.demo.title, ...item }).toMatchObject({
        title: scenario.demo.title,
        ...EXPECTED[scenario.demo.title],
        decisionId: 'd1',
        municipalityCode: scenario.demo.municipalityCode,
        hospitalOrgNumber: scenario.demo.hospital.orgNumber,
        patientPseudonym: pseudonymizeNationalId(SECRET, admission.patient.nationalId),
        daysFromReadinessToDecision: expectedDays(scenario),
        ruleVersion: 2,
      });
    }
  }, T);

  it('lists a visit recorded after the decision as a late registration, and nothing late elsewhere', async () => {
    const items = await allocations(await as('quality_auditor', '*'));
    for (const item of items) {
      const late = scenarioOf(item).demo.title === 'Besøket ble registrert etter vedtaket (etterregistrering)';
      expect(item.lateRegistrations.map((registration) => registration.type)).toEqual(late ? ['MunicipalVisitConducted'] : []);
    }
  }, T);

  it('never shows an auditor a national ID or a name', async () => {
    const answer = await (await as('quality_auditor', '*')).get(`/audit/allocations?minPosition=${head}&limit=1000`);
    const csv = await (await as('quality_auditor', '*')).get(`/audit/allocations.csv?minPosition=${head}`);
    for (const { demo, admittedAt } of seeded) {
      const { patient } = demo.steps[0]!.body(demoClock(admittedAt)) as { patient: { nationalId: string; name: string } };
      for (const text of [JSON.stringify(answer.body), String(csv.body)]) {
        expect(text).not.toContain(patient.nationalId);
        expect(text).not.toContain(patient.name);
      }
    }
  }, T);
});

describe('GET /audit/allocations', () => {
  it('pages through every decision in order with a cursor', async () => {
    const auditor = await as('quality_auditor', '*');
    const all = await allocations(auditor);
    const pages: AllocationAssessment[][] = [];
    let cursor: string | null = null;
    do {
      const answer: Awaited<ReturnType<typeof auditor.get<Page>>> = await auditor.get<Page>(
        `/audit/allocations?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(answer.status).toBe(200);
      pages.push(answer.body.items);
      cursor = answer.body.nextCursor;
    } while (cursor !== null);

    expect(pages.map((page) => page.length)).toEqual([5, 5, 3]);
    expect(pages.flat()).toEqual(all);
    const decidedAt = all.map((item) => Date.parse(item.decidedAt));
    expect(decidedAt).toEqual([...decidedAt].sort((a, b) => a - b));
  }, T);

  it('filters by municipality, hospital, level, ladder step and decision time', async () => {
    const auditor = await as('quality_auditor', '*');
    const all = await allocations(auditor);
    const [municipality, hospital] = [seeded[0]!.demo.municipalityCode, seeded[1]!.demo.hospital.orgNumber];
    const middle = all[6]!.decidedAt;

    expect(await allocations(auditor, `&municipalityCode=${municipality}`)).toEqual(all.filter((a) => a.municipalityCode === municipality));
    expect(await allocations(auditor, `&hospitalOrgNumber=${hospital}`)).toEqual(all.filter((a) => a.hospitalOrgNumber === hospital));
    expect(await allocations(auditor, '&level=innflytelse')).toEqual(all.filter((a) => a.level === 'innflytelse'));
    expect(await allocations(auditor, '&ladderStep=brukerperspektiv')).toEqual(all.filter((a) => a.ladderStep === 'brukerperspektiv'));
    expect(await allocations(auditor, `&from=${encodeURIComponent(middle)}`)).toEqual(all.slice(6));
    expect(await allocations(auditor, `&to=${encodeURIComponent(middle)}`)).toEqual(all.slice(0, 7));
    const day = osloDateOf(middle);
    expect(await allocations(auditor, `&from=${day}&to=${day}`)).toEqual(all.filter((a) => osloDateOf(a.decidedAt) === day));
  }, T);

  it('shows an officer only their own municipality, silently', async () => {
    const auditor = await as('quality_auditor', '*');
    const all = await allocations(auditor);
    const own = seeded[0]!.demo.municipalityCode;
    const other = seeded[1]!.demo.municipalityCode;
    const officer = await as('allocation_officer', own);

    expect(await allocations(officer)).toEqual(all.filter((a) => a.municipalityCode === own));
    expect(await allocations(officer, `&municipalityCode=${other}`)).toEqual([]);
    expect(await allocations(await as('allocation_officer', '0301'))).toEqual([]);
    expect(await allocations(await as('quality_auditor', other))).toEqual(all.filter((a) => a.municipalityCode === other));
    const csv = await (await as('allocation_officer', '0301')).get<string>('/audit/allocations.csv');
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(1);
  }, T);

  it('refuses hospital staff and callers without a token', async () => {
    expect((await (await as('hospital_staff', seeded[0]!.demo.hospital.orgNumber)).get('/audit/allocations')).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/api/v1/audit/summary?groupBy=month`)).status).toBe(401);
  }, T);

  it('answers 400 field by field for bad parameters', async () => {
    const auditor = await as('quality_auditor', '*');
    const answer = await auditor.get<{ status: number; errors: { field: string }[] }>(
      '/audit/allocations?level=high&ladderStep=top&limit=0&from=yesterday&municipalityCode=12&hospitalOrgNumber=123456789&minPosition=x&colour=red',
    );

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.errors.map((error) => error.field).sort()).toEqual(
      ['colour', 'from', 'hospitalOrgNumber', 'ladderStep', 'level', 'limit', 'minPosition', 'municipalityCode'].sort(),
    );
    const bad = async (query: string) => (await auditor.get<{ errors: { field: string }[] }>(query)).body.errors;
    expect(await bad('/audit/allocations?cursor=bm90LWEtY3Vyc29y')).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expect(await bad('/audit/allocations?from=2026-03-02&to=2026-03-01')).toEqual([expect.objectContaining({ field: 'to' })]);
    expect(await bad('/audit/summary')).toEqual([expect.objectContaining({ field: 'groupBy' })]);
    expect(await bad('/audit/allocations.csv?level=x')).toEqual([expect.objectContaining({ field: 'level' })]);
  }, T);

  it('answers 503 with Retry-After when the projection does not reach minPosition in time', async () => {
    const answer = await (await as('quality_auditor', '*')).get('/audit/allocations?minPosition=999999999999-1');

    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
  }, T);
});

describe('GET /audit/allocations.csv', () => {
  it('streams the same assessments as UTF-8 CSV with a header row', async () => {
    const auditor = await as('quality_auditor', '*');
    const all = await allocations(auditor);
    const answer = await auditor.get<string>(`/audit/allocations.csv?minPosition=${head}`);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = answer.body.trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns).toEqual(expect.arrayContaining(['caseId', 'decisionId', 'level', 'ladderStep', 'conditions.preferenceRecorded', 'patientPseudonym']));
    const cell = (row: string, name: string): string => row.split(',')[columns.indexOf(name)]!;
    expect(rows.map((row) => [cell(row, 'caseId'), cell(row, 'level'), cell(row, 'ladderStep'), cell(row, 'missingConditions')])).toEqual(
      all.map((a) => [a.caseId, a.level, a.ladderStep, a.missingConditions.join(';')]),
    );
  }, T);

  it('defuses text a spreadsheet would run as a formula', async () => {
    // No command accepts such ids, so the row is put straight into the read model, as a compromised writer might.
    const [template] = await allocations(await as('quality_auditor', '*'));
    const crafted = { ...template!, caseId: 'crafted-case', decisionId: '=HYPERLINK("http://evil.example","x")', municipalityCode: '9999', deviationCategory: '@SUM(A1)', followUp: '-1+2' };
    await pool.query(
      `INSERT INTO read_models.allocation_assessments (case_id, decision_id, decided_at, service_type, municipality_code,
         hospital_org_number, level, ladder_step, influence_quality, appealed, days_from_readiness_to_decision, assessment)
       VALUES ($1, $2, $3, 'home_care', '9999', $4, 'deltakelse', 'brukerperspektiv', null, false, null, $5)`,
      [crafted.caseId, crafted.decisionId, crafted.decidedAt, crafted.hospitalOrgNumber, JSON.stringify(crafted)],
    );
    try {
      const answer = await (await as('quality_auditor', '*')).get<string>('/audit/allocations.csv?municipalityCode=9999');
      const [, row] = answer.body.trimEnd().split('\r\n');

      expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
      expect(row).toContain(",'@SUM(A1),");
      expect(row).toContain(",'-1+2,");
    } finally {
      await pool.query(`DELETE FROM read_models.allocation_assessments WHERE case_id = 'crafted-case'`);
    }
  }, T);
});

describe('GET /audit/summary', () => {
  type Summary = {
    groupBy: string;
    items: {
      group: string;
      decisions: number;
      levels: Record<string, { count: number; share: number; appealRate: number | null }>;
      ladderSteps: Record<string, { count: number; share: number }>;
      fullInfluence: { count: number; share: number };
      medianDaysReadinessToDecision: number | null;
      appealInformationGiven: { count: number; share: number; notStated: number };
    }[];
  };

  const median = (values: number[]): number | null => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };

  it('counts, shares, full influence, median days and appeal rates per municipality, as the assessments add up', async () => {
    const auditor = await as('quality_auditor', '*');
    const all = await allocations(auditor);
    const answer = await auditor.get<Summary>(`/audit/summary?groupBy=municipality&minPosition=${head}`);

    expect(answer.status).toBe(200);
    const codes = [...new Set(all.map((a) => a.municipalityCode))].sort();
    expect(answer.body.items.map((item) => item.group)).toEqual(codes);
    for (const item of answer.body.items) {
      const group = all.filter((a) => a.municipalityCode === item.group);
      const at = (level: string) => group.filter((a) => a.level === level);
      expect(item.decisions).toBe(group.length);
      for (const level of ['deltakelse', 'innflytelse']) {
        expect(item.levels[level]).toEqual({
          count: at(level).length,
          share: at(level).length / group.length,
          appealRate: at(level).length === 0 ? null : at(level).filter((a) => a.appealed).length / at(level).length,
        });
      }
      for (const step of ['brukerperspektiv', 'brukerdeltakelse', 'brukerinnflytelse', 'brukerstyring']) {
        const count = group.filter((a) => a.ladderStep === step).length;
        expect(item.ladderSteps[step]).toEqual({ count, share: count / group.length });
      }
      const full = group.filter((a) => a.influenceQuality === 'full').length;
      expect(item.fullInfluence).toEqual({ count: full, share: full / group.length });
      expect(item.medianDaysReadinessToDecision).toBe(
        median(group.flatMap((a) => (a.daysFromReadinessToDecision === null ? [] : [a.daysFromReadinessToDecision]))),
      );
      const told = group.filter((a) => a.appealInformationGiven === true).length;
      expect(item.appealInformationGiven).toEqual({
        count: told,
        share: told / group.length,
        notStated: group.filter((a) => a.appealInformationGiven === null).length,
      });
    }
    // The demo's thirteen decisions: six with dialogue (four of them full), three appeals, two of them after dialogue;
    // one says it told the user of the right to appeal.
    const total = (pick: (item: Summary['items'][number]) => number) => answer.body.items.reduce((sum, item) => sum + pick(item), 0);
    expect(total((item) => item.decisions)).toBe(13);
    expect(total((item) => item.levels.innflytelse!.count)).toBe(6);
    expect(total((item) => item.fullInfluence.count)).toBe(4);
    expect(total((item) => item.appealInformationGiven.count)).toBe(1);
    expect(total((item) => item.appealInformationGiven.notStated)).toBe(12);
  }, T);

  it('groups by hospital and by month too, within the caller scope', async () => {
    const auditor = await as('quality_auditor', '*');
    const all = await allocations(auditor);
    const byHospital = await auditor.get<Summary>('/audit/summary?groupBy=hospital');
    const byMonth = await auditor.get<Summary>('/audit/summary?groupBy=month');
    const own = seeded[0]!.demo.municipalityCode;
    const officers = await (await as('allocation_officer', own)).get<Summary>('/audit/summary?groupBy=month');

    expect(byHospital.body.items.map((item) => [item.group, item.decisions])).toEqual(
      [...new Set(all.map((a) => a.hospitalOrgNumber))].sort().map((org) => [org, all.filter((a) => a.hospitalOrgNumber === org).length]),
    );
    const month = (a: AllocationAssessment) => osloDateOf(a.decidedAt).slice(0, 7);
    expect(byMonth.body.items.map((item) => [item.group, item.decisions])).toEqual(
      [...new Set(all.map(month))].sort().map((m) => [m, all.filter((a) => month(a) === m).length]),
    );
    expect(officers.body.items.reduce((sum, item) => sum + item.decisions, 0)).toBe(all.filter((a) => a.municipalityCode === own).length);
  }, T);
});

describe('a rebuild while the API serves audit queries', () => {
  it('answers every query, the same before, during and after the swap to the new generation', async () => {
    const { requestRebuild } = await import('#libs/projections/runtime/rebuild-request.js');
    const auditor = await as('quality_auditor', '*');
    const before = await allocations(auditor);
    const liveGeneration = async (): Promise<number> =>
      (await pool.query<{ g: number }>(`SELECT live_generation AS g FROM read_models.projections WHERE name = 'participation'`)).rows[0]!.g;
    const generation = await liveGeneration();

    await requestRebuild(pool, 'participation');
    const failures: string[] = [];
    let queries = 0;
    let swappedAt: number | null = null;
    const deadline = Date.now() + 20_000;
    // Keep querying until the new generation has served for a while.
    while ((swappedAt === null || Date.now() - swappedAt < 500) && Date.now() < deadline) {
      const [page, csv, summary] = await Promise.all([
        auditor.get<Page>('/audit/allocations?limit=1000'),
        auditor.get<string>('/audit/allocations.csv'),
        auditor.get('/audit/summary?groupBy=municipality'),
      ]);
      queries += 3;
      for (const answer of [page, csv, summary]) if (answer.status !== 200) failures.push(`${answer.status} ${JSON.stringify(answer.body)}`);
      if (page.status === 200 && JSON.stringify(page.body.items) !== JSON.stringify(before)) failures.push('different items');
      if (swappedAt === null && (await liveGeneration()) !== generation) swappedAt = Date.now();
    }

    expect(swappedAt).not.toBeNull();
    expect(failures).toEqual([]);
    expect(queries).toBeGreaterThan(3);
  }, T);
});

describe('the OpenAPI document', () => {
  it('documents the audit endpoints with their parameters', async () => {
    const document = (await (await fetch(`${app.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    };
    const parameters = (path: string) => document.paths[`/api/v1/audit/${path}`]?.get?.parameters?.map((p) => p.name).sort();

    expect(parameters('allocations')).toEqual(
      ['cursor', 'from', 'hospitalOrgNumber', 'ladderStep', 'level', 'limit', 'minPosition', 'municipalityCode', 'to'].sort(),
    );
    expect(parameters('allocations.csv')).toEqual(
      ['from', 'hospitalOrgNumber', 'ladderStep', 'level', 'minPosition', 'municipalityCode', 'to'].sort(),
    );
    expect(parameters('summary')).toContain('groupBy');
  }, T);
});
