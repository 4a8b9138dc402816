import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import type { TransferCaseEventMap, TransferCaseEventType } from '#libs/domain/transfer-case/events.js';
import { textRedactor } from './free-text.js';

/**
 * Which strings of a recorded fact may hold what auditors must not read. `text`: anything a person or a client system
 * could write there (free text, names), redacted for auditors. `id`: an id the client chose (1–64 letters, digits,
 * `_`, `.`, `-`), which could still be made of a national ID or a name, so it is redacted too, the same way wherever it
 * appears. `code`: a value validated to a form that holds neither (an enum, an instant or date, a UUID, an organisation
 * number or municipality code), or made by overgang itself; kept as it is.
 */
export type StringKind = 'text' | 'id' | 'code';

/**
 * The kind of every string in a type, mirroring its shape. Every plain `string` field must be given a kind; a field
 * typed as a union of literals (an enum) can only be a `code`. So a new string field in an event cannot be added
 * without saying here whether it is free text: the type check fails until it is.
 */
export type TextShape<T> = {
  readonly [K in keyof T as [ShapeOf<NonNullable<T[K]>>] extends [never] ? never : K]-?: ShapeOf<NonNullable<T[K]>>;
};

type ShapeOf<V> = V extends readonly (infer Item)[]
  ? ShapeOf<Item>
  : V extends string
    ? string extends V
      ? StringKind
      : 'code'
    : V extends object
      ? [keyof TextShape<V>] extends [never]
        ? never
        : TextShape<V>
      : never;

/** The runtime form of a shape: what the walker below reads. */
export type Shape = StringKind | { readonly [field: string]: Shape };

/**
 * Every string field of every case event. The patient's name and national ID and the participants' names are `text`:
 * the auditors' view replaces or drops them anyway, and were one ever to reach it, it would be redacted.
 */
export const EVENT_TEXT_FIELDS: { readonly [K in TransferCaseEventType]: TextShape<TransferCaseEventMap[K]> } = {
  AdmissionNotified: {
    caseId: 'code',
    patient: { nationalId: 'text', name: 'text' },
    hospital: { orgNumber: 'code', name: 'text', department: 'text' },
    municipalityCode: 'code',
    admittedAt: 'code',
    needIdentifiedAt: 'code',
    expectedNeeds: 'text',
    expectedReadyDate: 'code',
    wantedServices: { code: 'text', name: 'text', description: 'text' },
  },
  HealthInformationGiven: { expectedNeeds: 'text', expectedReadyDate: 'code', wantedServices: { code: 'text', name: 'text', description: 'text' } },
  HospitalRecommendationGiven: { serviceType: 'code', rationale: 'text' },
  UserWishRelayed: { source: 'code', channel: 'code', serviceType: 'code', statement: 'text' },
  DischargeReadinessDeclared: {
    declaredAt: 'code',
    attestation: { source: 'code', msgId: 'code', clinician: { name: 'text', role: 'text', profession: 'text', hprNumber: 'text' } },
  },
  DischargeReadinessRevoked: { revokedAt: 'code', reason: 'code', text: 'text' },
  MunicipalResponseGiven: { respondedAt: 'code', expectedReadyDate: 'code', plannedTransferDate: 'code' },
  MunicipalVisitScheduled: { visitId: 'id', scheduledFor: 'code', location: 'text' },
  MunicipalVisitConducted: {
    visitId: 'id',
    occurredAt: 'code',
    mode: 'code',
    participants: { role: 'code', name: 'text' },
    informationGiven: 'text',
    notes: 'text',
  },
  OptionsPresented: {
    presentationId: 'id',
    presentedAt: 'code',
    channel: 'code',
    visitId: 'id',
    options: { optionId: 'id', serviceType: 'code', description: 'text', consequences: 'text' },
  },
  UserChoiceRecorded: { presentationId: 'id', optionId: 'id', statedBy: 'code', statement: 'text' },
  UserDeclinedDialogue: { occurredAt: 'code', statement: 'text' },
  AllocationDecided: {
    decisionId: 'id',
    serviceType: 'code',
    serviceDescription: 'text',
    startDate: 'code',
    decidedAt: 'code',
    decidedBy: { role: 'code' },
    rationale: 'text',
    deviationReason: { category: 'code', text: 'text' },
  },
  DecisionAppealed: { decisionId: 'id', appealedAt: 'code', grounds: 'text' },
  PatientTransferred: { transferredAt: 'code', decisionId: 'id' },
  CaseWithdrawn: { reason: 'code', details: 'text', diedAt: 'code' },
  FollowUpRecorded: { reviewedAt: 'code', outcome: 'code', notes: 'text' },
  DeadlineMissed: { deadline: 'code', deadlineId: 'code', dueAt: 'code' },
  NoticeCancelled: { msgId: 'code', cancelledMsgId: 'code', cancelledEvents: { type: 'code' }, reason: 'text' },
};

/**
 * Every string field of an AllocationAssessment. The assessment must carry no free text: it is read without its case's
 * events, so the patient's names are not at hand to redact it. A text field added to it fails the type check here (see
 * `NoText`); put such text in the case history instead, where it is redacted.
 */
export const ASSESSMENT_TEXT_FIELDS = {
  caseId: 'code',
  decisionId: 'id',
  decidedAt: 'code',
  serviceType: 'code',
  municipalityCode: 'code',
  hospitalOrgNumber: 'code',
  patientPseudonym: 'code',
  basis: 'code',
  level: 'code',
  ladderStep: 'code',
  influenceQuality: 'code',
  missingConditions: 'code',
  dialogueModes: 'code',
  deviationCategory: 'code',
  followUp: 'code',
  lateRegistrations: { type: 'code', occurredAt: 'code', recordedAt: 'code' },
} as const satisfies TextShape<AllocationAssessment> & NoText<TextShape<AllocationAssessment>>;

/** A shape without `text`. */
type NoText<S> = S extends StringKind ? Exclude<StringKind, 'text'> : { readonly [K in keyof S]: NoText<S[K]> };

/**
 * Every string in `value` that `shape` does not name a `code` goes through `redact`: free text and client-chosen ids,
 * and (failing closed) any field the shape does not know, such as a field of an event type this version has no shape
 * for.
 */
export const redactStrings = (value: unknown, shape: Shape | undefined, redact: (text: string) => string): unknown => {
  if (typeof value === 'string') return shape === 'code' ? value : redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, shape, redact));
  if (value !== null && typeof value === 'object') {
    const fields = typeof shape === 'object' ? shape : undefined;
    return Object.fromEntries(
      Object.entries(value).map(([field, item]) => [field, redactStrings(item, fields && Object.hasOwn(fields, field) ? fields[field] : undefined, redact)]),
    );
  }
  return value;
};

/** A case event's data with its free text redacted; an unknown event type has every string redacted. */
export const redactEventText = (type: string, data: unknown, redact: (text: string) => string): unknown =>
  redactStrings(data, Object.hasOwn(EVENT_TEXT_FIELDS, type) ? EVENT_TEXT_FIELDS[type as TransferCaseEventType] : undefined, redact);

const nationalIdsOnly = textRedactor([]);

/**
 * An assessment as auditors read it (JSON and CSV). It holds no free text; its client-chosen decision id, and any
 * string the shape does not know (failing closed), are cleared of national IDs. The patient's names are not at hand
 * here: an id made of them stays (the case history, where the names are known, redacts them).
 */
export const assessmentForAuditors = (assessment: AllocationAssessment): AllocationAssessment =>
  redactStrings(assessment, ASSESSMENT_TEXT_FIELDS, nationalIdsOnly) as AllocationAssessment;
