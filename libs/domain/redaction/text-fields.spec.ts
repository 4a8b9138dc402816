import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import { TRANSFER_CASE_EVENT_TYPES, type TransferCaseEventMap, type TransferCaseEventType } from '#libs/domain/transfer-case/events.js';
import { ASSESSMENT_TEXT_FIELDS, EVENT_TEXT_FIELDS, assessmentForAuditors, redactEventText, redactStrings, type Shape } from './text-fields.js';

const CASE_ID = '9b2f6a3e-1c4d-4e8f-a1b2-c3d4e5f60718';
const T = '2026-03-02T09:00:00.000Z';

/** One event of every type with every field filled in, as the API would record it. */
const EVERY_EVENT: { [K in TransferCaseEventType]: Required<TransferCaseEventMap[K]> } = {
  AdmissionNotified: {
    caseId: CASE_ID,
    patient: { nationalId: '15833841383', name: 'Kari Nordmann' },
    hospital: { orgNumber: '974749025', name: 'St. Olavs hospital', department: 'Ortopedisk avdeling' },
    municipalityCode: '5001',
    admittedAt: T,
    needIdentifiedAt: T,
    expectedNeeds: 'Hjelp til stell',
    functionalAssessment: { bevegelse: 3 },
    expectedReadyDate: '2026-03-04',
    wantedServices: [{ code: '11', name: 'Hjemmesykepleie', description: 'Daglig' }],
  },
  HealthInformationGiven: {
    expectedNeeds: 'Trenger tilsyn',
    expectedReadyDate: '2026-03-04',
    functionalAssessment: { bevegelse: 3 },
    wantedServices: [{ code: '11', name: 'Hjemmesykepleie', description: 'Daglig' }],
  },
  HospitalRecommendationGiven: { serviceType: 'home_care', rationale: 'Klarer seg hjemme' },
  UserWishRelayed: { source: 'relative', channel: 'phone', serviceType: 'home_care', statement: 'Vil hjem' },
  DischargeReadinessDeclared: {
    declaredAt: T,
    criteria: { admissionProblemsClarified: true, otherProblemsClarified: true, diagnosisAndPlanSettled: true, functionalLevelAssessed: true },
    attestation: {
      source: 'plo',
      msgId: '2f6b0c1e-4d3a-11ec-8d3d-0242ac130003',
      clinician: { name: 'Lege Hansen', role: 'Behandlingsansvarlig lege', profession: 'Lege', hprNumber: '1234567' },
    },
  },
  DischargeReadinessRevoked: { revokedAt: T, reason: 'other', text: 'Ny feber' },
  MunicipalResponseGiven: { respondedAt: T, canReceive: false, expectedReadyDate: '2026-03-05', plannedTransferDate: '2026-03-06' },
  MunicipalVisitScheduled: { visitId: 'besok-1', scheduledFor: T, location: 'Rom 412' },
  MunicipalVisitConducted: {
    visitId: 'besok-1',
    occurredAt: T,
    mode: 'in_person',
    participants: [{ role: 'advocate', name: 'Ola', independent: true }],
    informationGiven: 'Forklarte tilbudene',
    notes: 'Datteren deltok',
  },
  OptionsPresented: {
    presentationId: 'tilbud-1',
    presentedAt: T,
    channel: 'in_dialogue',
    visitId: 'besok-1',
    options: [{ optionId: 'hjemme', serviceType: 'home_care', description: 'Hjemmesykepleie', consequences: 'Alene om natten', available: true }],
  },
  UserChoiceRecorded: { presentationId: 'tilbud-1', optionId: 'hjemme', statedBy: 'user', statement: 'Hjem' },
  UserDeclinedDialogue: { occurredAt: T, statement: 'Vil ikke' },
  AllocationDecided: {
    decisionId: 'vedtak-1',
    serviceType: 'other',
    serviceDescription: 'Dagtilbud',
    startDate: '2026-03-06',
    decidedAt: T,
    decidedBy: { role: 'municipal_caseworker' },
    rationale: 'Som ønsket',
    deviationReason: { category: 'capacity', text: 'Fullt' },
    appealInformationGiven: true,
  },
  DecisionAppealed: { decisionId: 'vedtak-1', appealedAt: T, grounds: 'For kort' },
  PatientTransferred: { transferredAt: T, decisionId: 'vedtak-1' },
  CaseWithdrawn: { reason: 'other', details: 'Flyttet', diedAt: '2026-03-03' },
  FollowUpRecorded: { reviewedAt: T, outcome: 'service_fits', notes: 'Trives' },
  DeadlineMissed: { deadline: 'visit', deadlineId: `${CASE_ID}.visit.0`, dueAt: T },
  NoticeCancelled: {
    msgId: '2f6b0c1e-4d3a-11ec-8d3d-0242ac130004',
    cancelledMsgId: '2f6b0c1e-4d3a-11ec-8d3d-0242ac130003',
    cancelledEvents: [{ revision: 1, type: 'DischargeReadinessDeclared' }],
    reason: 'Sendt på feil pasient',
  },
};

/** Each string in `value` with its path, arrays transparent. */
const stringsIn = (value: unknown, path = ''): [string, string][] => {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item) => stringsIn(item, path));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, path ? `${path}.${key}` : key));
  }
  return [];
};

const kindAt = (shape: Shape | undefined, path: string): Shape | undefined =>
  path.split('.').reduce<Shape | undefined>((at, key) => (typeof at === 'object' && Object.hasOwn(at, key) ? at[key] : undefined), shape);

const mark = (text: string) => `<${text}>`;

describe('the free-text fields of case events', () => {
  it('has a shape for every event type', () => {
    expect(Object.keys(EVENT_TEXT_FIELDS).sort()).toEqual([...TRANSFER_CASE_EVENT_TYPES].sort());
  });

  it.each(TRANSFER_CASE_EVENT_TYPES.map((type) => [type]))('knows every string of %s, and redacts its text and only that', (type) => {
    const data = EVERY_EVENT[type];
    const shape = EVENT_TEXT_FIELDS[type] as Shape;
    const redacted = redactEventText(type, data, mark);
    for (const [path, value] of stringsIn(data)) {
      const kind = kindAt(shape, path);
      expect({ path, kind }).toEqual({ path, kind: expect.stringMatching(/^(text|id|code)$/) });
      const after = stringsIn(redacted).filter(([p]) => p === path).map(([, v]) => v);
      expect(after).toContain(kind === 'code' ? value : mark(value));
    }
  });

  it('treats the free text the spec names as text', () => {
    const textPaths = TRANSFER_CASE_EVENT_TYPES.flatMap((type) =>
      stringsIn(EVERY_EVENT[type]).filter(([path]) => kindAt(EVENT_TEXT_FIELDS[type] as Shape, path) === 'text').map(([path]) => `${type}.${path}`),
    );
    expect(textPaths).toEqual(
      expect.arrayContaining([
        'AdmissionNotified.expectedNeeds',
        'HospitalRecommendationGiven.rationale',
        'UserWishRelayed.statement',
        'MunicipalVisitConducted.informationGiven',
        'MunicipalVisitConducted.notes',
        'OptionsPresented.options.description',
        'OptionsPresented.options.consequences',
        'UserChoiceRecorded.statement',
        'UserDeclinedDialogue.statement',
        'AllocationDecided.rationale',
        'AllocationDecided.deviationReason.text',
        'AllocationDecided.serviceDescription',
        'DecisionAppealed.grounds',
        'CaseWithdrawn.details',
        'FollowUpRecorded.notes',
        'MunicipalVisitScheduled.location',
      ]),
    );
  });

  it('redacts every string of an event type it does not know, and every field it does not know', () => {
    expect(redactEventText('SomethingNew', { a: 'x', b: [{ c: 'y' }], n: 1 }, mark)).toEqual({ a: '<x>', b: [{ c: '<y>' }], n: 1 });
    expect(redactEventText('CaseWithdrawn', { reason: 'other', details: 'd', extra: 'e' }, mark)).toEqual({
      reason: 'other',
      details: '<d>',
      extra: '<e>',
    });
  });

  it('leaves the data it is given alone', () => {
    const data = structuredClone(EVERY_EVENT.OptionsPresented);
    redactEventText('OptionsPresented', data, mark);
    expect(data).toEqual(EVERY_EVENT.OptionsPresented);
  });
});

describe('the strings of an AllocationAssessment', () => {
  const assessment: AllocationAssessment = {
    caseId: CASE_ID,
    decisionId: 'vedtak-1',
    decidedAt: T,
    serviceType: 'home_care',
    municipalityCode: '5001',
    hospitalOrgNumber: '974749025',
    patientPseudonym: 'P-0123456789abcdef',
    basis: 'direct_dialogue',
    level: 'innflytelse',
    ladderStep: 'brukerinnflytelse',
    conditions: { alternativesPresented: true, consequencesExplained: true, preferenceRecorded: true, decisionFollowsPreference: true },
    influenceQuality: 'full',
    missingConditions: ['consequencesExplained'],
    proxyChoice: false,
    dialogueModes: ['in_person'],
    support: { relative: true, advocate: false, advocateIndependent: false, peerWorker: false, interpreter: false },
    professionalsPresent: 1,
    followedHospitalRecommendation: null,
    deviationCategory: 'capacity',
    participationDeclined: false,
    daysFromReadinessToDecision: 2,
    appealed: false,
    appealLate: false,
    appealInformationGiven: null,
    unavailableOptionsPresented: 0,
    followUp: 'service_fits',
    lateRegistrations: [{ type: 'MunicipalVisitConducted', occurredAt: T, recordedAt: T }],
    ruleVersion: 1,
  };

  it('are codes and the client-chosen decision id: none is free text', () => {
    expect(redactStrings(assessment, ASSESSMENT_TEXT_FIELDS, mark)).toEqual({ ...assessment, decisionId: '<vedtak-1>' });
    for (const [path] of stringsIn(assessment)) {
      expect({ path, kind: kindAt(ASSESSMENT_TEXT_FIELDS, path) }).toEqual({ path, kind: path === 'decisionId' ? 'id' : 'code' });
    }
  });

  it('are cleared of national IDs for auditors', () => {
    expect(assessmentForAuditors({ ...assessment, decisionId: 'vedtak-15833841383' })).toEqual({ ...assessment, decisionId: 'vedtak-[fnr]' });
    expect(assessmentForAuditors(assessment)).toEqual(assessment);
  });
});
