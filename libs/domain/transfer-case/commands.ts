import type {
  AdmissionNotified,
  AllocationDecided,
  CaseWithdrawn,
  DeadlineMissed,
  DecisionAppealed,
  DischargeReadinessDeclared,
  DischargeReadinessRevoked,
  FollowUpRecorded,
  HealthInformationGiven,
  HospitalRecommendationGiven,
  Instant,
  MunicipalResponseGiven,
  MunicipalVisitConducted,
  MunicipalVisitScheduled,
  NoticeCancelled,
  OptionsPresented,
  PatientTransferred,
  UserChoiceRecorded,
  UserDeclinedDialogue,
  UserWishRelayed,
} from './events.js';

/**
 * What callers ask of a case: one command per API command, each carrying the data of the
 * event it records. A time field of the event (`declaredAt`, `decidedAt`, ...) is optional
 * and defaults to the command's `occurredAt`; where it is the event's own time (event-times.ts)
 * the two must be the same instant when both are given.
 */

interface CaseCommand {
  caseId: string;
  /** When it happened in the world (the API defaults it to the event's own time field, else to now). */
  occurredAt: Instant;
}

type WithOptional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export interface NotifyAdmission extends CaseCommand, Omit<AdmissionNotified, 'caseId'> {
  type: 'NotifyAdmission';
}

export interface GiveHospitalRecommendation extends CaseCommand, HospitalRecommendationGiven {
  type: 'GiveHospitalRecommendation';
}

export interface RelayUserWish extends CaseCommand, UserWishRelayed {
  type: 'RelayUserWish';
}

export interface DeclareDischargeReadiness extends CaseCommand, WithOptional<DischargeReadinessDeclared, 'declaredAt'> {
  type: 'DeclareDischargeReadiness';
}

export interface RevokeDischargeReadiness extends CaseCommand, WithOptional<DischargeReadinessRevoked, 'revokedAt'> {
  type: 'RevokeDischargeReadiness';
}

export interface GiveMunicipalResponse extends CaseCommand, WithOptional<MunicipalResponseGiven, 'respondedAt'> {
  type: 'GiveMunicipalResponse';
}

export interface ScheduleMunicipalVisit extends CaseCommand, MunicipalVisitScheduled {
  type: 'ScheduleMunicipalVisit';
}

/** Records `MunicipalVisitConducted`; the visit took place at `occurredAt`. */
export interface RecordMunicipalVisit extends CaseCommand, Omit<MunicipalVisitConducted, 'occurredAt'> {
  type: 'RecordMunicipalVisit';
}

export interface PresentOptions extends CaseCommand, WithOptional<OptionsPresented, 'presentedAt'> {
  type: 'PresentOptions';
}

export interface RecordUserChoice extends CaseCommand, UserChoiceRecorded {
  type: 'RecordUserChoice';
}

/** Records `UserDeclinedDialogue`; the user declined at `occurredAt`. */
export interface RecordDeclinedDialogue extends CaseCommand, Omit<UserDeclinedDialogue, 'occurredAt'> {
  type: 'RecordDeclinedDialogue';
}

export interface DecideAllocation extends CaseCommand, WithOptional<AllocationDecided, 'decidedAt'> {
  type: 'DecideAllocation';
}

export interface AppealDecision extends CaseCommand, WithOptional<DecisionAppealed, 'appealedAt'> {
  type: 'AppealDecision';
}

export interface TransferPatient extends CaseCommand, WithOptional<PatientTransferred, 'transferredAt'> {
  type: 'TransferPatient';
}

export interface WithdrawCase extends CaseCommand, CaseWithdrawn {
  type: 'WithdrawCase';
}

export interface RecordFollowUp extends CaseCommand, WithOptional<FollowUpRecorded, 'reviewedAt'> {
  type: 'RecordFollowUp';
}

export interface GiveHealthInformation extends CaseCommand, HealthInformationGiven {
  type: 'GiveHealthInformation';
}

/**
 * Sent by the intake when a hospital cancels a message that recorded events on this case; the intake names those
 * events (it reads them from the stream by the message's MsgId). Recorded on a closed case too: the cancelled
 * message may be the one that closed it.
 */
export interface CancelNotice extends CaseCommand, NoticeCancelled {
  type: 'CancelNotice';
}

/** Sent by the deadline scheduler; recording the same `deadlineId` again records nothing. */
export interface RecordDeadlineMiss extends CaseCommand, DeadlineMissed {
  type: 'RecordDeadlineMiss';
}

export type TransferCaseCommand =
  | NotifyAdmission
  | GiveHospitalRecommendation
  | RelayUserWish
  | DeclareDischargeReadiness
  | RevokeDischargeReadiness
  | GiveMunicipalResponse
  | ScheduleMunicipalVisit
  | RecordMunicipalVisit
  | PresentOptions
  | RecordUserChoice
  | RecordDeclinedDialogue
  | DecideAllocation
  | AppealDecision
  | TransferPatient
  | WithdrawCase
  | RecordFollowUp
  | RecordDeadlineMiss
  | GiveHealthInformation
  | CancelNotice;

export type TransferCaseCommandType = TransferCaseCommand['type'];
