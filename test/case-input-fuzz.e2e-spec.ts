import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { ApiAnswer, ApiClient } from './support/api-client.js';
import { expectProblem, historyOf, PROBLEM_JSON, startCaseHarness, type CaseHarness } from './support/case-harness.js';
import { CaseClock, record, sample, type Body } from './support/sample-cases.js';

/**
 * Malformed input on every command route: each answer is a 4xx problem+json (a 400 names the bad field),
 * never a 500, and nothing is recorded anywhere (the store's event count does not move).
 */

let h: CaseHarness;
let caseId: string;
let clock: CaseClock;

const T = 30_000;

beforeAll(async () => {
  h = await startCaseHarness();
  // A case where each valid body below would be taken: a visit v1 conducted, presentation p1, decision d1.
  clock = CaseClock.admittedHoursAgo(100);
  caseId = randomUUID();
  await record(h.hospital, '/cases', sample.admission({ caseId, admittedAt: clock.admittedAt, occurredAt: clock.at(1) }));
  await record(h.office, `/cases/${caseId}/visits`, sample.visitSchedule({ visitId: 'v1', scheduledFor: clock.at(10) }));
  await record(h.office, `/cases/${caseId}/visits/v1/conducted`, sample.visitConducted({ occurredAt: clock.at(10) }));
  await record(h.office, `/cases/${caseId}/options`, sample.options({ presentationId: 'p1', occurredAt: clock.at(11) }));
  await record(h.office, `/cases/${caseId}/decisions`, sample.decision({ decisionId: 'd1', occurredAt: clock.at(12) }));
}, 60_000);

afterAll(async () => h?.close());

const NAME = 200;
const SHORT = 500;
const TEXT = 4000;

interface RouteSpec {
  readonly name: string;
  readonly path: () => string;
  readonly as: 'hospital' | 'office';
  /** Every field, optional ones included, each valid. */
  readonly body: () => Body;
  readonly required: readonly string[];
  /** Text fields and their maximum length. */
  readonly texts: Readonly<Record<string, number>>;
}

const on = (suffix: string) => () => `/cases/${caseId}${suffix}`;

const ROUTES: readonly RouteSpec[] = [
  {
    name: 'POST /cases',
    path: () => '/cases',
    as: 'hospital',
    body: () => sample.admission({ occurredAt: clock.at(2), admittedAt: clock.admittedAt }),
    required: ['patient', 'patient.nationalId', 'patient.name', 'hospital', 'hospital.orgNumber', 'hospital.name', 'hospital.department', 'municipalityCode', 'admittedAt', 'expectedNeeds'],
    texts: { 'patient.name': NAME, 'hospital.name': NAME, 'hospital.department': NAME, expectedNeeds: TEXT },
  },
  {
    name: 'recommendation',
    path: on('/recommendation'),
    as: 'hospital',
    body: () => sample.recommendation({ occurredAt: clock.at(20) }),
    required: ['serviceType', 'rationale'],
    texts: { rationale: TEXT },
  },
  {
    name: 'wishes',
    path: on('/wishes'),
    as: 'office',
    body: () => sample.wish({ occurredAt: clock.at(20) }),
    required: ['source', 'channel', 'statement'],
    texts: { statement: TEXT },
  },
  {
    name: 'discharge-readiness',
    path: on('/discharge-readiness'),
    as: 'hospital',
    body: () => sample.readiness({ occurredAt: clock.at(20), declaredAt: clock.at(19) }),
    required: ['criteria', 'criteria.admissionProblemsClarified', 'criteria.otherProblemsClarified', 'criteria.diagnosisAndPlanSettled', 'criteria.functionalLevelAssessed'],
    texts: {},
  },
  {
    name: 'revocation',
    path: on('/discharge-readiness/revocation'),
    as: 'hospital',
    body: () => sample.revocation({ occurredAt: clock.at(20), revokedAt: clock.at(20) }),
    required: ['reason'],
    texts: {},
  },
  {
    name: 'municipal-response',
    path: on('/municipal-response'),
    as: 'office',
    body: () => sample.municipalResponse({ occurredAt: clock.at(20), respondedAt: clock.at(20), canReceive: false, expectedReadyDate: clock.date(200), plannedTransferDate: clock.date(220) }),
    required: ['canReceive'],
    texts: {},
  },
  {
    name: 'visits',
    path: on('/visits'),
    as: 'office',
    body: () => sample.visitSchedule({ occurredAt: clock.at(20), visitId: 'v2' }),
    required: ['scheduledFor', 'location'],
    texts: { location: SHORT },
  },
  {
    name: 'visits/{visitId}/conducted',
    path: on('/visits/v3/conducted'),
    as: 'office',
    body: () => sample.visitConducted({
      occurredAt: clock.at(20),
      participants: [{ role: 'user', name: 'Synnøve Fjellheim' }, { role: 'advocate', name: 'Arne Talsperson', independent: true }, { role: 'municipal_caseworker' }],
    }),
    required: ['mode', 'participants', 'participants[0].role', 'informationGiven'],
    texts: { 'participants[0].name': NAME, informationGiven: TEXT, notes: TEXT },
  },
  {
    name: 'options',
    path: on('/options'),
    as: 'office',
    body: () => sample.options({ occurredAt: clock.at(20), presentedAt: clock.at(20), presentationId: 'p2', channel: 'in_dialogue', visitId: 'v1' }),
    required: ['channel', 'options', 'options[0].optionId', 'options[0].serviceType', 'options[0].description', 'options[0].consequences'],
    texts: { 'options[0].description': TEXT, 'options[1].consequences': TEXT },
  },
  {
    name: 'choice',
    path: on('/choice'),
    as: 'office',
    body: () => sample.choice({ occurredAt: clock.at(20), presentationId: 'p1' }),
    required: ['presentationId', 'optionId', 'statedBy'],
    texts: { statement: TEXT },
  },
  {
    name: 'declined-dialogue',
    path: on('/declined-dialogue'),
    as: 'office',
    body: () => sample.declinedDialogue({ occurredAt: clock.at(20) }),
    required: [],
    texts: { statement: TEXT },
  },
  {
    name: 'decisions',
    path: on('/decisions'),
    as: 'office',
    body: () => sample.decision({
      occurredAt: clock.at(20),
      decidedAt: clock.at(20),
      decisionId: 'd2',
      serviceType: 'other',
      serviceDescription: 'Dagsenter tre dager i uken',
      decidedBy: { role: 'user' },
      deviationReason: { category: 'capacity', text: 'Ingen korttidsplass før april' },
    }),
    required: ['serviceType', 'startDate', 'rationale', 'decidedBy.role', 'deviationReason.category', 'deviationReason.text'],
    texts: { serviceDescription: SHORT, rationale: TEXT, 'deviationReason.text': TEXT },
  },
  {
    name: 'decisions/{decisionId}/appeal',
    path: on('/decisions/d1/appeal'),
    as: 'office',
    body: () => sample.appeal({ occurredAt: clock.at(20), appealedAt: clock.at(20) }),
    required: ['grounds'],
    texts: { grounds: TEXT },
  },
  {
    name: 'transfer',
    path: on('/transfer'),
    as: 'hospital',
    body: () => sample.transfer('d1', { occurredAt: clock.at(20), transferredAt: clock.at(20) }),
    required: ['decisionId'],
    texts: {},
  },
  {
    name: 'withdrawal',
    path: on('/withdrawal'),
    as: 'hospital',
    body: () => sample.withdrawal({ occurredAt: clock.at(20), reason: 'other', details: 'Flyttet til Sverige' }),
    required: ['reason'],
    texts: { details: TEXT },
  },
  {
    name: 'follow-up',
    path: on('/follow-up'),
    as: 'office',
    body: () => sample.followUp({ occurredAt: clock.at(20), reviewedAt: clock.at(20) }),
    required: ['outcome'],
    texts: { notes: TEXT },
  },
];

// ---- paths into a body: `patient.name`, `participants[0].role` ----

const segments = (path: string): (string | number)[] =>
  path.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));

const getAt = (body: unknown, path: string): unknown =>
  segments(path).reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], body);

const withAt = (body: Body, path: string, value: unknown | typeof REMOVE): Body => {
  const copy = structuredClone(body);
  const keys = segments(path);
  const parent = keys.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const last = keys.at(-1)!;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return copy;
};

const REMOVE = Symbol('remove');

/** Every path to a value in the body, objects and arrays included. */
const leafPaths = (value: unknown, prefix = ''): string[] => {
  if (Array.isArray(value)) return value.flatMap((item, i) => [`${prefix}[${i}]`, ...leafPaths(item, `${prefix}[${i}]`)]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      return [path, ...leafPaths(item, path)];
    });
  }
  return [];
};

/** Values of another JSON type than `valid`. */
const wrongTypes = (valid: unknown): unknown[] => {
  if (typeof valid === 'string') return [42, true, { value: valid }, [valid], null];
  if (typeof valid === 'boolean') return [String(valid), 1, null, [valid]];
  if (typeof valid === 'number') return [String(valid), true, null, 2.5];
  if (Array.isArray(valid)) return [{ ...valid }, 'x', 7, null];
  return ['x', 12, true, null, [], [valid]];
};

// ---- sending and checking ----

interface Mutation {
  readonly label: string;
  readonly body: unknown;
  /** The field a 400 must name. */
  readonly field: string;
}

const client = (route: RouteSpec): ApiClient => (route.as === 'hospital' ? h.hospital : h.office);

/** Sends `body` and asserts a 400 naming `field`, and that nothing was recorded. */
const expectInvalid = async (route: RouteSpec, mutation: Mutation): Promise<void> => {
  const before = await h.totalEvents();
  const answer = await client(route).post(route.path(), mutation.body);
  const context = `${route.name} ${mutation.label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`;
  if (answer.status !== 400 || !PROBLEM_JSON.test(answer.headers.get('content-type') ?? '')) throw new Error(context);
  const errors = (answer.body as { errors?: { field: unknown; message: unknown }[] }).errors;
  expect(Array.isArray(errors) && errors.length > 0).toBe(true);
  for (const error of errors!) expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
  if (!errors!.some((error) => error.field === mutation.field)) {
    throw new Error(`${context}\nexpected an error on "${mutation.field}"`);
  }
  expect(await h.totalEvents()).toBe(before);
};

/** Asserts any 4xx problem+json (not 500) and nothing recorded. */
const expectRefusedCleanly = async (answer: Promise<ApiAnswer> | ApiAnswer, label: string, before: number): Promise<ApiAnswer> => {
  const settled = await answer;
  const context = `${label}: ${settled.status} ${settled.headers.get('content-type')} ${JSON.stringify(settled.body).slice(0, 300)}`;
  if (settled.status < 400 || settled.status >= 500 || !PROBLEM_JSON.test(settled.headers.get('content-type') ?? '')) throw new Error(context);
  expect(await h.totalEvents()).toBe(before);
  return settled;
};

const mutationsOf = (route: RouteSpec): Mutation[] => {
  const valid = route.body();
  const mutations: Mutation[] = [];
  for (const path of leafPaths(valid)) {
    for (const value of wrongTypes(getAt(valid, path))) {
      mutations.push({ label: `${path} = ${JSON.stringify(value)}`, body: withAt(valid, path, value), field: reportedAt(wrongTypeField(path, value)) });
    }
  }
  for (const path of route.required) mutations.push({ label: `without ${path}`, body: withAt(valid, path, REMOVE), field: path });
  for (const [path, max] of Object.entries(route.texts)) {
    mutations.push({ label: `${path} of ${max + 1} characters`, body: withAt(valid, path, 'å'.repeat(max + 1)), field: path });
    mutations.push({ label: `${path} empty`, body: withAt(valid, path, ''), field: path });
    mutations.push({ label: `${path} with NUL`, body: withAt(valid, path, 'før\u0000etter'), field: path });
    mutations.push({ label: `${path} with a lone surrogate`, body: withAt(valid, path, 'før\ud83detter'), field: path });
  }
  mutations.push({ label: 'unknown top-level field', body: { ...valid, isAdmin: true }, field: 'isAdmin' });
  for (const path of leafPaths(valid).filter((candidate) => isPlainObject(getAt(valid, candidate)))) {
    mutations.push({ label: `unknown field in ${path}`, body: withAt(valid, `${path}.ukjent`, 'x'), field: reportedAt(`${path}.ukjent`) });
  }
  return mutations;
};

/** functionalAssessment is one map of variable → score, judged as a whole. */
const reportedAt = (path: string): string => (path.startsWith('functionalAssessment') ? 'functionalAssessment' : path);

const isPlainObject = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Where the error lands: on the field, except for an array element of the wrong type, reported on the array. */
const wrongTypeField = (path: string, value: unknown): string => {
  const element = /^(.*)\[\d+\]$/.exec(path);
  return element && (value === null || typeof value !== 'object' || Array.isArray(value)) ? element[1]! : path;
};

describe('every command route refuses malformed bodies with 400 naming the field, recording nothing', () => {
  it('takes each valid body as valid (If-Match "999" answers 412, not 400), so each mutation below is the only fault', async () => {
    const before = await h.totalEvents();
    for (const route of ROUTES) {
      const answer = await client(route).post(route.path(), route.body(), { 'if-match': '"999"' });
      if (answer.status !== 412) throw new Error(`${route.name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(await h.totalEvents()).toBe(before);
  }, T);

  it.each(ROUTES.map((route) => [route.name, route] as const))('%s', async (_, route) => {
    const historyBefore = await historyOf(h.hospital, caseId);
    const mutations = mutationsOf(route);
    expect(mutations.length).toBeGreaterThan(10);
    for (const mutation of mutations) await expectInvalid(route, mutation);
    expect(await historyOf(h.hospital, caseId)).toEqual(historyBefore);
  }, T);
});

describe('nested arrays', () => {
  const participant = { role: 'municipal_caseworker', name: 'Hilde' };
  const option = { optionId: 'o', serviceType: 'home_care', description: 'Hjemmesykepleie', consequences: 'Hjem' };
  const visit = ROUTES.find((route) => route.name === 'visits/{visitId}/conducted')!;
  const options = ROUTES.find((route) => route.name === 'options')!;

  it.each([
    ['empty', [], 'participants'],
    ['31 participants', Array.from({ length: 31 }, () => participant), 'participants'],
    ['numbers', [1, 2], 'participants'],
    ['strings', ['municipal_caseworker'], 'participants'],
    ['null elements', [participant, null], 'participants'],
    ['arrays in the array', [[participant], participant], 'participants'],
    ['an object', { 0: participant }, 'participants'],
    ['a string', 'municipal_caseworker', 'participants'],
    ['an unknown role', [participant, { role: 'doctor' }], 'participants[1].role'],
    ['independent as a string', [participant, { role: 'advocate', independent: 'yes' }], 'participants[1].independent'],
    ['a nameless role-less element', [participant, {}], 'participants[1].role'],
  ])('participants: %s', async (_, participants, field) => {
    await expectInvalid(visit, { label: String(_), body: { ...visit.body(), participants }, field });
  }, T);

  it.each([
    ['empty', [], 'options'],
    ['11 options', Array.from({ length: 11 }, (_, i) => ({ ...option, optionId: `o${i}` })), 'options'],
    ['numbers', [5], 'options'],
    ['null elements', [null], 'options'],
    ['arrays in the array', [[option]], 'options'],
    ['an option without consequences', [{ ...option, consequences: undefined }], 'options[0].consequences'],
    ['an optionId with a slash', [{ ...option, optionId: 'a/b' }], 'options[0].optionId'],
    ['an optionId of 65 characters', [{ ...option, optionId: 'o'.repeat(65) }], 'options[0].optionId'],
    ['an unknown service type', [{ ...option, serviceType: 'hotel' }], 'options[0].serviceType'],
  ])('options: %s', async (_, value, field) => {
    await expectInvalid(options, { label: String(_), body: { ...options.body(), options: value }, field });
  }, T);

  it('refuses out-of-range functional assessments and malformed identifiers in the admission', async () => {
    const admission = ROUTES[0]!;
    const cases: [string, unknown, string][] = [
      ['functionalAssessment', { bevegelse: 6 }, 'functionalAssessment'],
      ['functionalAssessment', { bevegelse: 2.5 }, 'functionalAssessment'],
      ['functionalAssessment', { 'ikke gyldig': 3 }, 'functionalAssessment'],
      ['functionalAssessment', Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`v${i}`, 3])), 'functionalAssessment'],
      ['patient.nationalId', '12345678901', 'patient.nationalId'],
      ['patient.nationalId', '1234567890', 'patient.nationalId'],
      ['hospital.orgNumber', '974749026', 'hospital.orgNumber'],
      ['municipalityCode', '501', 'municipalityCode'],
      ['caseId', 'not-a-uuid', 'caseId'],
      ['admittedAt', '2026-03-01 08:00', 'admittedAt'],
      ['admittedAt', '2026-03-01T08:00:00', 'admittedAt'],
      ['admittedAt', '2026-02-30T08:00:00Z', 'admittedAt'],
      ['admittedAt', '2026-060T08:00:00Z', 'admittedAt'],
      ['occurredAt', 'yesterday', 'occurredAt'],
    ];
    for (const [path, value, field] of cases) {
      await expectInvalid(admission, { label: `${path} = ${JSON.stringify(value)}`, body: withAt(admission.body(), path, value), field });
    }
    const decision = ROUTES.find((route) => route.name === 'decisions')!;
    for (const startDate of ['2026-02-30', '04.03.2026', '2026-3-4', '2026-03-04T00:00:00Z']) {
      await expectInvalid(decision, { label: `startDate ${startDate}`, body: { ...decision.body(), startDate }, field: 'startDate' });
    }
  }, T);
});

describe('bodies that are not a command object', () => {
  const raw = (route: RouteSpec, body: string | undefined, headers: Record<string, string>): Promise<ApiAnswer> =>
    client(route).send('POST', route.path(), body, headers);

  it.each(ROUTES.map((route) => [route.name, route] as const))('%s', async (_, route) => {
    const before = await h.totalEvents();
    const json = { 'content-type': 'application/json' };
    for (const body of ['[]', JSON.stringify([route.body()]), 'null', '42', '"text"', 'true']) {
      const answer = await expectRefusedCleanly(raw(route, body, json), `${route.name} ${body.slice(0, 20)}`, before);
      expect(answer.status).toBe(400);
      expect((answer.body as { errors: { field: string }[] }).errors).toContainEqual(expect.objectContaining({ field: '' }));
    }
    for (const body of ['{', '{"a":', "{'single':'quotes'}", 'NaN', '{"a":1}{"b":2}', '\u0000', '']) {
      const answer = await expectRefusedCleanly(raw(route, body, json), `${route.name} ${JSON.stringify(body)}`, before);
      expect(answer.status).toBe(400);
      expect((answer.body as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ field: '' })]);
    }
    // Prototype-polluting keys are refused while parsing.
    for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      expect((await expectRefusedCleanly(raw(route, body, json), `${route.name} ${body}`, before)).status).toBe(400);
    }
    const valid = JSON.stringify(route.body());
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      expect((await expectRefusedCleanly(raw(route, valid, { 'content-type': contentType }), `${route.name} ${contentType}`, before)).status).toBe(415);
    }
    // fetch labels a string body text/plain when no content type is given.
    expect((await expectRefusedCleanly(raw(route, valid, {}), `${route.name} no content type`, before)).status).toBe(415);
  }, T);

  it('refuses a body over 1 MiB with 413 on every route, also when it is valid JSON', async () => {
    const before = await h.totalEvents();
    for (const route of ROUTES) {
      const big = { ...route.body(), padding: 'x'.repeat(1024 * 1024) };
      const answer = await expectRefusedCleanly(client(route).post(route.path(), big), `${route.name} 1 MiB`, before);
      expect(answer.status).toBe(413);
    }
    // Sent in chunks without a Content-Length, the limit still holds.
    const route = ROUTES[2]!;
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"statement":"'));
        if (sent < 20) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        }
        sent += 1;
      },
    });
    const token = await h.running.token('allocation_officer', '5001');
    const response = await fetch(`${h.running.baseUrl}/api/v1${route.path()}`, {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(await h.totalEvents()).toBe(before);
  }, T);

  it('refuses a body nesting far deeper than any command (400, not a stack overflow)', async () => {
    const before = await h.totalEvents();
    const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
    const deepObject = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    for (const route of [ROUTES[0]!, ROUTES[3]!, ROUTES[7]!]) {
      for (const junk of [deepArray, deepObject]) {
        const body = JSON.stringify(route.body()).replace(/}$/, `,"junk":${junk}}`);
        for (const headers of [{}, { 'idempotency-key': `deep-${randomUUID()}` }] as Record<string, string>[]) {
          const answer = await expectRefusedCleanly(raw(route, body, { 'content-type': 'application/json', ...headers }), `${route.name} deep`, before);
          expect(answer.status).toBe(400);
        }
      }
    }
    // A body nested as deep as a real command, plus a few levels of unknown field, is an ordinary 400.
    const route = ROUTES[7]!;
    const answer = await client(route).post(route.path(), { ...route.body(), extra: { a: { b: [[{ c: 1 }]] } } });
    expect(expectProblem(answer, 400).errors).toContainEqual(expect.objectContaining({ field: 'extra' }));
  }, T);

  it('answers path ids that cannot name anything with 404', async () => {
    const before = await h.totalEvents();
    const visit = sample.visitConducted();
    for (const visitId of ['a'.repeat(65), '-leading-dash', 'with space', '%00', 'æøå', '..']) {
      const answer = await h.office.post(`/cases/${caseId}/visits/${encodeURIComponent(visitId)}/conducted`, visit);
      expect([404]).toContain((await expectRefusedCleanly(answer, `visitId ${visitId}`, before)).status);
    }
    for (const id of ['12345', `${caseId}x`, 'null', caseId.replaceAll('-', '')]) {
      expectProblem(await h.office.post(`/cases/${id}/wishes`, sample.wish()), 404);
    }
    expectProblem(await h.office.post(`/cases/${caseId}/decisions/${'d'.repeat(65)}/appeal`, sample.appeal()), 404);
    expect(await h.totalEvents()).toBe(before);
  }, T);

  it('refuses malformed If-Match and Idempotency-Key headers with 400 naming the header', async () => {
    const before = await h.totalEvents();
    const route = ROUTES[2]!;
    for (const ifMatch of ['abc', '"-1"', '"1.5"', '"1", "2"', '"12345678901234567890"']) {
      const answer = await expectRefusedCleanly(client(route).post(route.path(), route.body(), { 'if-match': ifMatch }), `If-Match ${ifMatch}`, before);
      expect(answer.status).toBe(400);
      expect((answer.body as { errors: { field: string }[] }).errors).toContainEqual(expect.objectContaining({ field: 'If-Match' }));
    }
    for (const key of ['x'.repeat(201), 'with space', 'tab\tinside']) {
      const answer = await expectRefusedCleanly(client(route).post(route.path(), route.body(), { 'idempotency-key': key }), `Idempotency-Key ${key}`, before);
      expect(answer.status).toBe(400);
      expect((answer.body as { errors: { field: string }[] }).errors).toContainEqual(expect.objectContaining({ field: 'Idempotency-Key' }));
    }
  }, T);
});

describe('generated input (fast-check)', () => {
  it('stores any well-formed text exactly, and refuses the rest with 400 (round trip through PostgreSQL)', async () => {
    const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));
    const unicode = fc.string({ unit: 'binary', maxLength: 40 });
    const tricky = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\ud83d', '\ud83d\ude00', ' ', '\u200b', '\\u0000', 'e\u0301', '\uffff');
    const text = fc.oneof(codeUnits, unicode, fc.tuple(unicode, tricky, unicode).map((parts) => parts.join('')));
    const wellFormed = (value: string): boolean => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
    await fc.assert(
      fc.asyncProperty(text, async (statement) => {
        const expectedValid = statement.length > 0 && !statement.includes('\u0000') && wellFormed(statement);
        const before = await historyOf(h.hospital, caseId);
        const answer = await h.office.post(`/cases/${caseId}/wishes`, sample.wish({ statement }));
        const after = await historyOf(h.hospital, caseId);
        if (answer.status >= 500) throw new Error(`500 for ${JSON.stringify(statement)}`);
        if (expectedValid) {
          expect(answer.status).toBe(200);
          expect(after).toHaveLength(before.length + 1);
          expect(after.at(-1)!.data.statement).toBe(statement);
        } else {
          expect(answer.status).toBe(400);
          expect((answer.body as { errors: { field: string }[] }).errors).toContainEqual(expect.objectContaining({ field: 'statement' }));
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 80, seed: 4242 },
    );
  }, 45_000);

  it('never answers 5xx to arbitrary JSON objects, and records exactly when it says it did', async () => {
    const knownKeys = [...new Set(ROUTES.flatMap((route) => Object.keys(route.body())))];
    const key = fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
        fc.boolean(),
        async (route, generated, mergeIntoValid) => {
          const body = mergeIntoValid ? { ...route.body(), ...generated } : generated;
          const before = await h.totalEvents();
          const answer = await client(route).post(route.path(), body);
          const after = await h.totalEvents();
          if (answer.status >= 500) throw new Error(`${route.name} ${JSON.stringify(body)}: ${answer.status}`);
          if (answer.status === 200 || answer.status === 201) {
            expect(after).toBe(before + 1);
          } else {
            expect(answer.headers.get('content-type')).toMatch(PROBLEM_JSON);
            expect(after).toBe(before);
            if (answer.status === 400) expect((answer.body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 150, seed: 20260301 },
    );
  }, 45_000);
});

describe('bounded values (domain.md, Invariants: Values)', () => {
  const INSTANT = /^\d{4}-\d{2}-\d{2}T/;
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  const PLANNED = new Set(['expectedReadyDate', 'plannedTransferDate', 'startDate', 'scheduledFor']);
  /** Two years after today in Europe/Oslo: the last day a planned date may name. */
  const lastDay = (): string => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
    const [year, month, day] = today.split('-').map(Number) as [number, number, number];
    const inTwoYears = new Date(Date.UTC(year + 2, month - 1, day));
    // 29 February two years on is the 28th.
    if (inTwoYears.getUTCDate() !== day) inTwoYears.setUTCDate(0);
    return inTwoYears.toISOString().slice(0, 10);
  };
  const dayAfter = (date: string): string => new Date(Date.parse(`${date}T12:00:00Z`) + 24 * 3600_000).toISOString().slice(0, 10);

  const timeFields = (route: RouteSpec): { path: string; kind: 'date' | 'instant' }[] => {
    const body = route.body();
    return leafPaths(body).flatMap((path): { path: string; kind: 'date' | 'instant' }[] => {
      const value = getAt(body, path);
      if (typeof value !== 'string') return [];
      if (DATE.test(value)) return [{ path, kind: 'date' }];
      return INSTANT.test(value) ? [{ path, kind: 'instant' }] : [];
    });
  };

  it('finds the dates and instants of every route', () => {
    const all = ROUTES.flatMap((route) => timeFields(route).map(({ path }) => path));
    for (const field of ['occurredAt', 'admittedAt', 'declaredAt', 'revokedAt', 'respondedAt', 'expectedReadyDate', 'plannedTransferDate', 'scheduledFor', 'presentedAt', 'decidedAt', 'startDate', 'appealedAt', 'transferredAt', 'reviewedAt']) {
      expect([field, all.includes(field)]).toEqual([field, true]);
    }
  });

  it.each(ROUTES.map((route) => [route.name, route] as const))('%s: refuses every date and instant outside 2000-01-01 … two years ahead, naming it', async (_, route) => {
    const after = dayAfter(lastDay());
    for (const { path, kind } of timeFields(route)) {
      const outside = kind === 'date' ? ['9999-12-31', '0000-01-01', '1999-12-31', after] : ['9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '1999-12-31T22:59:59Z', `${after}T00:00:00+01:00`];
      for (const value of outside) await expectInvalid(route, { label: `${path} = ${value}`, body: withAt(route.body(), path, value), field: path });
    }
  }, T);

  it('takes a planned date on the last allowed day (the stale If-Match answers 412, not 400)', async () => {
    const last = lastDay();
    for (const route of ROUTES) {
      for (const { path, kind } of timeFields(route).filter(({ path }) => PLANNED.has(path))) {
        const body = withAt(route.body(), path, kind === 'date' ? last : `${last}T12:00:00+01:00`);
        const answer = await client(route).post(route.path(), body, { 'if-match': '"999"' });
        if (answer.status !== 412) throw new Error(`${route.name} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
  }, T);
});

describe('text that is not valid Unicode', () => {
  const raw = (route: RouteSpec, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<ApiAnswer> =>
    client(route).send('POST', route.path(), body as string, { 'content-type': 'application/json', ...headers });
  /** The valid body's JSON with the bytes of `inside` spliced into its first text field. */
  const splice = (route: RouteSpec, inside: number[]): Uint8Array => {
    const json = Buffer.from(JSON.stringify(route.body()));
    const at = json.indexOf(Buffer.from('":"')) + 3;
    return Buffer.concat([json.subarray(0, at), Buffer.from(inside), json.subarray(at)]);
  };

  it.each(ROUTES.map((route) => [route.name, route] as const))('%s: refuses a body that is not UTF-8 (never stored as U+FFFD)', async (_, route) => {
    const before = await h.totalEvents();
    const historyBefore = await historyOf(h.hospital, caseId);
    // A stray byte, a truncated sequence, an overlong '/', a UTF-8-encoded surrogate (CESU-8), a code point past U+10FFFF.
    for (const bytes of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const answer = await expectRefusedCleanly(raw(route, splice(route, bytes)), `${route.name} ${bytes}`, before);
      expect(answer.status).toBe(400);
      expect((answer.body as { errors: unknown[] }).errors).toEqual([{ field: '', message: 'the body must be UTF-8' }]);
    }
    expect(await historyOf(h.hospital, caseId)).toEqual(historyBefore);
  }, T);

  it('refuses NUL and lone surrogates in keys as well as values, wherever they are, and a raw NUL byte in a string', async () => {
    const before = await h.totalEvents();
    const visit = ROUTES.find((route) => route.name === 'visits/{visitId}/conducted')!;
    const cases: [string, string][] = [
      [JSON.stringify(visit.body()).replace(/}$/, ',"nøkkel\\u0000":1}'), ''],
      [JSON.stringify(visit.body()).replace('"participants":[{', '"participants":[{"\\ud800":1,'), 'participants[0]'],
      [JSON.stringify(visit.body()).replace('"participants":[{', '"participants":[{"note":"\\udfff",'), 'participants[0].note'],
    ];
    for (const [body, field] of cases) {
      const answer = await expectRefusedCleanly(raw(visit, body), body.slice(0, 60), before);
      expect(answer.status).toBe(400);
      expect((answer.body as { errors: { field: string }[] }).errors).toEqual([expect.objectContaining({ field })]);
    }
    const rawNul = Buffer.from(JSON.stringify(visit.body()).replace('"informationGiven":"', '"informationGiven":"\u0000'));
    expect((await expectRefusedCleanly(raw(visit, rawNul), 'raw NUL', before)).status).toBe(400);
  }, T);
});

describe('query parameters and headers', () => {
  const get = (path: string, headers: Record<string, string> = {}): Promise<ApiAnswer> => h.admin.get(path, headers);
  const as = async (role: 'allocation_officer' | 'quality_auditor'): Promise<ApiClient> => (role === 'allocation_officer' ? h.office : h.auditorAll);

  it('refuses a NUL or percent-encoding that is not UTF-8 in any query parameter with 400 naming it (never a 500 from PostgreSQL)', async () => {
    const queries: [ApiClient, string, string][] = [
      [h.admin, '/admin/access-log?actor=a%00', 'actor'],
      [h.admin, '/admin/access-log?actor=%FF', 'actor'],
      [h.admin, '/admin/access-log?limit=5&caseId=%00', 'caseId'],
      [h.office, '/cases?status=open%00', 'status'],
      [h.office, '/cases?readyBefore=2026-01-01%00', 'readyBefore'],
      [h.office, '/audit/allocations?from=%ED%A0%80', 'from'],
      [h.auditorAll, '/audit/summary?groupBy=month&to=%E0%A4%A', 'to'],
      [h.auditorAll, '/liability?month=%002024-01', 'month'],
      [h.office, '/cases?unknown%00=1', 'unknown%00'],
    ];
    for (const [caller, path, field] of queries) {
      const answer = await caller.get(path);
      const context = `${path}: ${answer.status} ${JSON.stringify(answer.body)}`;
      if (answer.status !== 400) throw new Error(context);
      expect([context, (answer.body as { errors: { field: string }[] }).errors.map((error) => error.field)]).toEqual([context, [field]]);
    }
  }, T);

  it('refuses dates and months outside the bounds in every query with 400 naming them', async () => {
    const office = await as('allocation_officer');
    const auditor = await as('quality_auditor');
    const queries: [ApiClient, string, string][] = [
      [office, '/cases?readyBefore=9999-12-31', 'readyBefore'],
      [office, '/cases?readyBefore=0000-01-01T00:00:00Z', 'readyBefore'],
      [auditor, '/audit/allocations?from=1999-12-31', 'from'],
      [auditor, '/audit/allocations?to=9999-12-31T00:00:00Z', 'to'],
      [auditor, '/audit/allocations.csv?to=9999-12-31', 'to'],
      [auditor, '/audit/summary?groupBy=month&from=0000-01-01', 'from'],
      [auditor, '/liability?month=9999-12', 'month'],
      [auditor, '/liability?month=1999-12', 'month'],
    ];
    for (const [caller, path, field] of queries) {
      const answer = await caller.get(path);
      const context = `${path}: ${answer.status} ${JSON.stringify(answer.body)}`;
      if (answer.status !== 400) throw new Error(context);
      expect((answer.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([field]);
    }
  }, T);

  it('never answers 5xx to odd numbers, repeated parameters or odd headers', async () => {
    const office = await as('allocation_officer');
    const paths = [
      '/cases?limit=1e400', '/cases?limit=99999999999999999999', '/cases?limit=-0', '/cases?limit=0x10',
      '/cases?status=open&status=decided', '/cases?minPosition=99999999999999999999-99999999999999999999',
      '/cases?cursor=' + 'A'.repeat(400), `/cases/${caseId}?minPosition=18446744073709551616-1`,
      `/cases/${caseId}/history?minPosition=9223372036854775808-0`, '/admin/access-log?cursor=999999999999999999',
    ];
    for (const path of paths) {
      const answer = await (path.startsWith('/admin') ? h.admin : office).get(path);
      if (answer.status >= 500 && answer.status !== 503) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    const route = ROUTES[2]!;
    const before = await h.totalEvents();
    const headerSets: Record<string, string>[] = [
      { 'content-type': 'application/json; charset=utf-16' },
      { 'content-encoding': 'gzip' },
      { accept: '*/*;q=garbage' },
      { 'x-forwarded-for': 'not an address, 999.1.1.1' },
      { 'x-correlation-id': 'ø'.repeat(10) },
      { 'if-match': `"${'9'.repeat(5000)}"` },
      { 'if-match': 'W/"1"' },
      { 'idempotency-key': 'k'.repeat(200), 'if-match': '"999"' },
    ];
    for (const headers of headerSets) {
      const answer = await client(route).post(route.path(), route.body(), headers);
      if (answer.status >= 500) throw new Error(`${JSON.stringify(headers).slice(0, 80)}: ${answer.status} ${JSON.stringify(answer.body)}`);
      if (answer.status >= 400) expect(answer.headers.get('content-type')).toMatch(PROBLEM_JSON);
    }
    // Each of these may record at most the one wish it carries; none may fail on the server.
    expect(await h.totalEvents()).toBeLessThanOrEqual(before + headerSets.length);
  }, T);
});
