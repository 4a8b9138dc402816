import type { NotifyAdmission, TransferCaseCommand } from './commands.js';
import { notifyAdmission } from './decide-admission.js';
import { appealDecision, decideAllocation } from './decide-allocation.js';
import { checkOpen, recordFollowUp, transferPatient, withdrawCase } from './decide-closure.js';
import { isMissAlreadyRecorded, recordDeadlineMiss } from './decide-deadline.js';
import {
  giveHospitalRecommendation,
  presentOptions,
  recordDeclinedDialogue,
  recordMunicipalVisit,
  recordUserChoice,
  relayUserWish,
  scheduleMunicipalVisit,
} from './decide-dialogue.js';
import { cancelNotice, giveHealthInformation } from './decide-hospital-message.js';
import { declareDischargeReadiness, giveMunicipalResponse, revokeDischargeReadiness } from './decide-readiness.js';
import { accept, refuse, type DecideContext, type DecideResult, type ExistingCase } from './decide-result.js';
import type { TransferCaseState } from './state.js';
import { checkTexts } from './text-rules.js';
import { checkFactTime, checkTimes } from './time-rules.js';

export type { DecideContext, DecideResult } from './decide-result.js';

const decideOnCase = (command: Exclude<TransferCaseCommand, NotifyAdmission>, state: ExistingCase): DecideResult => {
  switch (command.type) {
    case 'GiveHospitalRecommendation':
      return giveHospitalRecommendation(command);
    case 'RelayUserWish':
      return relayUserWish(command);
    case 'DeclareDischargeReadiness':
      return declareDischargeReadiness(command, state);
    case 'RevokeDischargeReadiness':
      return revokeDischargeReadiness(command, state);
    case 'GiveMunicipalResponse':
      return giveMunicipalResponse(command);
    case 'ScheduleMunicipalVisit':
      return scheduleMunicipalVisit(command, state);
    case 'RecordMunicipalVisit':
      return recordMunicipalVisit(command, state);
    case 'PresentOptions':
      return presentOptions(command, state);
    case 'RecordUserChoice':
      return recordUserChoice(command, state);
    case 'RecordDeclinedDialogue':
      return recordDeclinedDialogue(command);
    case 'DecideAllocation':
      return decideAllocation(command, state);
    case 'AppealDecision':
      return appealDecision(command, state);
    case 'TransferPatient':
      return transferPatient(command, state);
    case 'WithdrawCase':
      return withdrawCase(command);
    case 'RecordFollowUp':
      return recordFollowUp(command, state);
    case 'RecordDeadlineMiss':
      return recordDeadlineMiss(command);
    case 'GiveHealthInformation':
      return giveHealthInformation(command);
    case 'CancelNotice':
      return cancelNotice(command, state);
  }
};

/**
 * The events a command records on a case, or the rule that refuses it (nothing recorded).
 * Checked in order: the command's `occurredAt` agrees with its own time field, the case exists, an idempotent retry
 * records nothing, the case is open, the command's own rules, then the times of the command and of every event it
 * would record, and their texts.
 */
export const decide = (command: TransferCaseCommand, state: TransferCaseState, context: DecideContext): DecideResult => {
  const factTimeViolation = checkFactTime(command);
  if (factTimeViolation !== null) return { ok: false, error: factTimeViolation };
  if (command.type === 'NotifyAdmission') return notifyAdmission(command, state, context);

  const { admission } = state;
  if (admission === null || admission.caseId !== command.caseId) {
    return refuse('case-not-found', `There is no case ${command.caseId}`);
  }
  if (command.type === 'RecordDeadlineMiss' && isMissAlreadyRecorded(command, state)) return accept();

  const existing: ExistingCase = { ...state, admission };
  const result = checkOpen(command.type, existing) ?? decideOnCase(command, existing);
  if (!result.ok) return result;
  const violation = checkTimes(command.occurredAt, result.events, admission.admittedAt, context.now) ?? checkTexts(result.events);
  return violation === null ? result : { ok: false, error: violation };
};
