import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import type * as C from './commands.js';
import { definedOnly } from './decide-result.js';
import { decide, type DecideContext } from './decide.js';
import type * as E from './events.js';
import type { DomainRule } from './rules.js';
import { evolve, initialState, type TransferCaseState } from './state.js';

/** Fixtures and the given/when/then helper for the transfer case's specs. */

export const CASE_ID = '6f0c2a7e-1b4d-4c8e-9f3a-2d5b7e9c1a40';
export const ADMITTED_AT = '2026-03-01T08:00:00.000Z';
const HOUR = 3_600_000;
/** `hours` after admission, as an instant. */
export const at = (hours: number): E.Instant => new Date(Date.parse(ADMITTED_AT) + hours * HOUR).toISOString();
export const NOW = new Date(at(52));
export const CONTEXT: DecideContext = { now: NOW, allowSyntheticIds: true };

export const NATIONAL_ID = syntheticNationalId({ birthDate: '1941-06-12', individualNumber: 123 });

export const admission: E.AdmissionNotified = {
  caseId: CASE_ID,
  patient: { nationalId: NATIONAL_ID, name: 'Kari Nordmann' },
  hospital: { orgNumber: '993467049', name: 'Oslo universitetssykehus HF', department: 'Geriatrisk avdeling' },
  municipalityCode: '0301',
  admittedAt: ADMITTED_AT,
  expectedNeeds: 'Help with personal care after a hip fracture',
};

const ALL_CRITERIA: E.DischargeReadinessCriteria = {
  admissionProblemsClarified: true,
  otherProblemsClarified: true,
  diagnosisAndPlanSettled: true,
  functionalLevelAssessed: true,
};

const OPTIONS: E.PresentedOption[] = [
  { optionId: 'o1', serviceType: 'home_care', description: 'Home care twice a day', consequences: 'Alone at night' },
  { optionId: 'o2', serviceType: 'short_term_stay', description: 'Four weeks at Lindeberg', consequences: 'Away from home' },
];

const PARTICIPANTS: E.VisitParticipant[] = [
  { role: 'user', name: 'Kari Nordmann' },
  { role: 'municipal_caseworker', name: 'Per Hansen' },
];

type Overrides<T> = Partial<Omit<T, 'type'>>;

/** Valid commands with the data of `ev` below, happening at the times shown. */
export const cmd = {
  notifyAdmission: (o: Overrides<C.NotifyAdmission> = {}): C.NotifyAdmission => {
    const { caseId: _caseId, ...data } = admission;
    return { type: 'NotifyAdmission', caseId: CASE_ID, occurredAt: at(2), ...data, ...o };
  },
  giveHospitalRecommendation: (o: Overrides<C.GiveHospitalRecommendation> = {}): C.GiveHospitalRecommendation => ({
    type: 'GiveHospitalRecommendation',
    caseId: CASE_ID,
    occurredAt: at(3),
    serviceType: 'short_term_stay',
    rationale: 'Needs rehabilitation before going home',
    ...o,
  }),
  relayUserWish: (o: Overrides<C.RelayUserWish> = {}): C.RelayUserWish => ({
    type: 'RelayUserWish',
    caseId: CASE_ID,
    occurredAt: at(4),
    source: 'relative',
    channel: 'phone',
    statement: 'She wants to go home',
    ...o,
  }),
  declareDischargeReadiness: (o: Overrides<C.DeclareDischargeReadiness> = {}): C.DeclareDischargeReadiness => ({
    type: 'DeclareDischargeReadiness',
    caseId: CASE_ID,
    occurredAt: at(24),
    criteria: ALL_CRITERIA,
    ...o,
  }),
  revokeDischargeReadiness: (o: Overrides<C.RevokeDischargeReadiness> = {}): C.RevokeDischargeReadiness => ({
    type: 'RevokeDischargeReadiness',
    caseId: CASE_ID,
    occurredAt: at(26),
    reason: 'complication',
    ...o,
  }),
  giveMunicipalResponse: (o: Overrides<C.GiveMunicipalResponse> = {}): C.GiveMunicipalResponse => ({
    type: 'GiveMunicipalResponse',
    caseId: CASE_ID,
    occurredAt: at(25),
    canReceive: false,
    expectedReadyDate: '2026-03-05',
    ...o,
  }),
  scheduleMunicipalVisit: (o: Overrides<C.ScheduleMunicipalVisit> = {}): C.ScheduleMunicipalVisit => ({
    type: 'ScheduleMunicipalVisit',
    caseId: CASE_ID,
    occurredAt: at(25),
    visitId: 'v1',
    scheduledFor: at(28),
    location: 'Ward 4, room 12',
    ...o,
  }),
  recordMunicipalVisit: (o: Overrides<C.RecordMunicipalVisit> = {}): C.RecordMunicipalVisit => ({
    type: 'RecordMunicipalVisit',
    caseId: CASE_ID,
    occurredAt: at(28),
    visitId: 'v1',
    mode: 'in_person',
    participants: PARTICIPANTS,
    informationGiven: 'What home care and a short-term stay would mean',
    ...o,
  }),
  presentOptions: (o: Overrides<C.PresentOptions> = {}): C.PresentOptions => ({
    type: 'PresentOptions',
    caseId: CASE_ID,
    occurredAt: at(28.5),
    presentationId: 'p1',
    channel: 'in_dialogue',
    visitId: 'v1',
    options: OPTIONS,
    ...o,
  }),
  recordUserChoice: (o: Overrides<C.RecordUserChoice> = {}): C.RecordUserChoice => ({
    type: 'RecordUserChoice',
    caseId: CASE_ID,
    occurredAt: at(29),
    presentationId: 'p1',
    optionId: 'o2',
    statedBy: 'user',
    ...o,
  }),
  recordDeclinedDialogue: (o: Overrides<C.RecordDeclinedDialogue> = {}): C.RecordDeclinedDialogue => ({
    type: 'RecordDeclinedDialogue',
    caseId: CASE_ID,
    occurredAt: at(27),
    ...o,
  }),
  decideAllocation: (o: Overrides<C.DecideAllocation> = {}): C.DecideAllocation => ({
    type: 'DecideAllocation',
    caseId: CASE_ID,
    occurredAt: at(30),
    decisionId: 'd1',
    serviceType: 'short_term_stay',
    startDate: '2026-03-04',
    decidedBy: { role: 'municipal_caseworker' },
    rationale: 'As chosen in the meeting',
    ...o,
  }),
  appealDecision: (o: Overrides<C.AppealDecision> = {}): C.AppealDecision => ({
    type: 'AppealDecision',
    caseId: CASE_ID,
    occurredAt: at(40),
    decisionId: 'd1',
    grounds: 'Four weeks is too short',
    ...o,
  }),
  transferPatient: (o: Overrides<C.TransferPatient> = {}): C.TransferPatient => ({
    type: 'TransferPatient',
    caseId: CASE_ID,
    occurredAt: at(45),
    decisionId: 'd1',
    ...o,
  }),
  withdrawCase: (o: Overrides<C.WithdrawCase> = {}): C.WithdrawCase => ({
    type: 'WithdrawCase',
    caseId: CASE_ID,
    occurredAt: at(26),
    reason: 'no_longer_needs_services',
    ...o,
  }),
  recordFollowUp: (o: Overrides<C.RecordFollowUp> = {}): C.RecordFollowUp => ({
    type: 'RecordFollowUp',
    caseId: CASE_ID,
    occurredAt: at(50),
    outcome: 'service_fits',
    ...o,
  }),
  giveHealthInformation: (o: Overrides<C.GiveHealthInformation> = {}): C.GiveHealthInformation => ({
    type: 'GiveHealthInformation',
    caseId: CASE_ID,
    occurredAt: at(6),
    expectedNeeds: 'Pasientens status: brudd i lårhalsen. Antatt forløp: rehabilitering.',
    expectedReadyDate: '2026-03-05',
    ...o,
  }),
  cancelNotice: (o: Overrides<C.CancelNotice> = {}): C.CancelNotice => ({
    type: 'CancelNotice',
    caseId: CASE_ID,
    occurredAt: at(25),
    msgId: 'c0a80001-0000-4000-8000-00000000000c',
    cancelledMsgId: 'c0a80001-0000-4000-8000-00000000000a',
    cancelledEvents: [{ revision: 1, type: 'DischargeReadinessDeclared' }],
    reason: 'Meldingen ble sendt på feil pasient',
    ...o,
  }),
  recordDeadlineMiss: (o: Overrides<C.RecordDeadlineMiss> = {}): C.RecordDeadlineMiss => ({
    type: 'RecordDeadlineMiss',
    caseId: CASE_ID,
    occurredAt: at(40),
    deadline: 'municipal_response',
    deadlineId: 'municipal_response:1',
    dueAt: at(39),
    ...o,
  }),
} satisfies { [K in C.TransferCaseCommandType as Uncapitalize<K>]: (o?: never) => Extract<C.TransferCaseCommand, { type: K }> };

/** The events the default commands record. */
export const ev = {
  admitted: (o: Partial<E.AdmissionNotified> = {}): E.TransferCaseEvent => ({ type: 'AdmissionNotified', data: { ...admission, ...o } }),
  recommended: (): E.TransferCaseEvent => ({
    type: 'HospitalRecommendationGiven',
    data: { serviceType: 'short_term_stay', rationale: 'Needs rehabilitation before going home' },
  }),
  wishRelayed: (): E.TransferCaseEvent => ({
    type: 'UserWishRelayed',
    data: { source: 'relative', channel: 'phone', statement: 'She wants to go home' },
  }),
  readinessDeclared: (declaredAt = at(24)): E.TransferCaseEvent => ({
    type: 'DischargeReadinessDeclared',
    data: { declaredAt, criteria: ALL_CRITERIA },
  }),
  readinessRevoked: (revokedAt = at(26)): E.TransferCaseEvent => ({
    type: 'DischargeReadinessRevoked',
    data: { revokedAt, reason: 'complication' },
  }),
  responded: (o: Partial<E.MunicipalResponseGiven> = {}): E.TransferCaseEvent => ({
    type: 'MunicipalResponseGiven',
    data: definedOnly({ respondedAt: at(25), canReceive: false, expectedReadyDate: '2026-03-05', ...o }),
  }),
  visitScheduled: (visitId = 'v1'): E.TransferCaseEvent => ({
    type: 'MunicipalVisitScheduled',
    data: { visitId, scheduledFor: at(28), location: 'Ward 4, room 12' },
  }),
  visitConducted: (o: Partial<E.MunicipalVisitConducted> = {}): E.TransferCaseEvent => ({
    type: 'MunicipalVisitConducted',
    data: {
      visitId: 'v1',
      occurredAt: at(28),
      mode: 'in_person',
      participants: PARTICIPANTS,
      informationGiven: 'What home care and a short-term stay would mean',
      ...o,
    },
  }),
  optionsPresented: (o: Partial<E.OptionsPresented> = {}): E.TransferCaseEvent => ({
    type: 'OptionsPresented',
    data: definedOnly({ presentationId: 'p1', presentedAt: at(28.5), channel: 'in_dialogue', visitId: 'v1', options: OPTIONS, ...o }),
  }),
  choiceRecorded: (o: Partial<E.UserChoiceRecorded> = {}): E.TransferCaseEvent => ({
    type: 'UserChoiceRecorded',
    data: { presentationId: 'p1', optionId: 'o2', statedBy: 'user', ...o },
  }),
  declinedDialogue: (): E.TransferCaseEvent => ({ type: 'UserDeclinedDialogue', data: { occurredAt: at(27) } }),
  decided: (o: Partial<E.AllocationDecided> = {}): E.TransferCaseEvent => ({
    type: 'AllocationDecided',
    data: {
      decisionId: 'd1',
      serviceType: 'short_term_stay',
      startDate: '2026-03-04',
      decidedAt: at(30),
      decidedBy: { role: 'municipal_caseworker' },
      rationale: 'As chosen in the meeting',
      ...o,
    },
  }),
  appealed: (decisionId = 'd1'): E.TransferCaseEvent => ({
    type: 'DecisionAppealed',
    data: { decisionId, appealedAt: at(40), grounds: 'Four weeks is too short' },
  }),
  transferred: (o: Partial<E.PatientTransferred> = {}): E.TransferCaseEvent => ({
    type: 'PatientTransferred',
    data: { transferredAt: at(45), decisionId: 'd1', ...o },
  }),
  withdrawn: (): E.TransferCaseEvent => ({ type: 'CaseWithdrawn', data: { reason: 'no_longer_needs_services' } }),
  followedUp: (): E.TransferCaseEvent => ({ type: 'FollowUpRecorded', data: { reviewedAt: at(50), outcome: 'service_fits' } }),
  healthInformationGiven: (o: Partial<E.HealthInformationGiven> = {}): E.TransferCaseEvent => ({
    type: 'HealthInformationGiven',
    data: {
      expectedNeeds: 'Pasientens status: brudd i lårhalsen. Antatt forløp: rehabilitering.',
      expectedReadyDate: '2026-03-05',
      ...o,
    },
  }),
  noticeCancelled: (o: Partial<E.NoticeCancelled> = {}): E.TransferCaseEvent => ({
    type: 'NoticeCancelled',
    data: {
      msgId: 'c0a80001-0000-4000-8000-00000000000c',
      cancelledMsgId: 'c0a80001-0000-4000-8000-00000000000a',
      cancelledEvents: [{ revision: 1, type: 'DischargeReadinessDeclared' }],
      reason: 'Meldingen ble sendt på feil pasient',
      ...o,
    },
  }),
  deadlineMissed: (deadlineId = 'municipal_response:1'): E.TransferCaseEvent => ({
    type: 'DeadlineMissed',
    data: { deadline: 'municipal_response', deadlineId, dueAt: at(39) },
  }),
};

/** Histories the specs start from. */
export const histories = {
  admitted: [ev.admitted()],
  ready: [ev.admitted(), ev.readinessDeclared()],
  visited: [ev.admitted(), ev.readinessDeclared(), ev.visitScheduled(), ev.visitConducted()],
  presented: [ev.admitted(), ev.readinessDeclared(), ev.visitScheduled(), ev.visitConducted(), ev.optionsPresented()],
  chosen: [
    ev.admitted(),
    ev.readinessDeclared(),
    ev.visitScheduled(),
    ev.visitConducted(),
    ev.optionsPresented(),
    ev.choiceRecorded(),
  ],
  decided: [
    ev.admitted(),
    ev.readinessDeclared(),
    ev.visitScheduled(),
    ev.visitConducted(),
    ev.optionsPresented(),
    ev.choiceRecorded(),
    ev.decided(),
  ],
  transferred: [
    ev.admitted(),
    ev.readinessDeclared(),
    ev.visitScheduled(),
    ev.visitConducted(),
    ev.optionsPresented(),
    ev.choiceRecorded(),
    ev.decided(),
    ev.transferred(),
  ],
  withdrawn: [ev.admitted(), ev.readinessDeclared(), ev.withdrawn()],
} satisfies Record<string, E.TransferCaseEvent[]>;

export const fold = (events: readonly E.TransferCaseEvent[]): TransferCaseState => events.reduce(evolve, initialState);

// `thenEmits`/`thenRefuses` rather than one `then`: an object with a `then` method is a thenable, which `await` would call.
export const given = (history: readonly E.TransferCaseEvent[], context: DecideContext = CONTEXT) => ({
  when: (command: C.TransferCaseCommand) => {
    const result = decide(command, fold(history), context);
    return {
      thenEmits: (expected: E.TransferCaseEvent[]): void => {
        expect(result).toStrictEqual({ ok: true, events: expected });
      },
      thenRefuses: (rule: DomainRule): void => {
        expect(result).toStrictEqual({ ok: false, error: expect.objectContaining({ rule, message: expect.any(String) }) });
      },
    };
  },
});
