import type { RecordFollowUp, TransferCaseCommandType, TransferPatient, WithdrawCase } from './commands.js';
import { accept, definedOnly, refuse, type DecideResult, type ExistingCase } from './decide-result.js';
import { isBefore } from './time.js';

/** What is still recorded after a transfer: the follow-up, and an appeal, whose four weeks normally run past discharge. */
const AFTER_TRANSFER: readonly TransferCaseCommandType[] = ['RecordFollowUp', 'AppealDecision'];

/**
 * A case closes once, by transfer or withdrawal; after a transfer only follow-up and appeals are recorded. A hospital's
 * cancellation of its own message is recorded whatever the state: the message it takes back may be the one that closed
 * the case.
 */
export const checkOpen = (commandType: TransferCaseCommandType, state: ExistingCase): DecideResult | null => {
  const { closure } = state;
  if (commandType === 'CancelNotice') return null;
  if (closure?.kind === 'withdrawn') {
    return refuse('case-closed', 'The case is withdrawn; nothing more is recorded on it');
  }
  if (closure?.kind === 'transferred' && !AFTER_TRANSFER.includes(commandType)) {
    return refuse('case-closed', 'The patient is transferred; only follow-up and appeals are recorded after that');
  }
  if (closure === null && commandType === 'RecordFollowUp') {
    return refuse('follow-up-requires-transfer', 'Follow-up is recorded only after the patient is transferred');
  }
  return null;
};

export const transferPatient = (command: TransferPatient, state: ExistingCase): DecideResult => {
  const { decisionId } = command;
  if (state.decisions.length === 0) {
    return refuse('transfer-requires-decision', 'A patient is transferred only after an allocation decision');
  }
  const decision = state.decisions.find((candidate) => candidate.decisionId === decisionId);
  if (decision === undefined) {
    return refuse('unknown-decision', `Decision ${decisionId} is not recorded in this case`);
  }
  const transferredAt = command.transferredAt ?? command.occurredAt;
  if (isBefore(transferredAt, decision.decidedAt)) {
    return refuse('transfer-before-decision', `transferredAt ${transferredAt} is before the decision at ${decision.decidedAt}`);
  }
  return accept({ type: 'PatientTransferred', data: { transferredAt, decisionId } });
};

export const withdrawCase = ({ reason, details, diedAt }: WithdrawCase): DecideResult => {
  if (reason === 'other' && (details === undefined || details.trim() === '')) {
    return refuse('withdrawal-details-required', 'A withdrawal for reason other explains it in details');
  }
  if (diedAt !== undefined && reason !== 'died') {
    return refuse('died-at-requires-death', 'diedAt belongs to a withdrawal for reason died');
  }
  return accept({ type: 'CaseWithdrawn', data: definedOnly({ reason, details, diedAt }) });
};

export const recordFollowUp = (command: RecordFollowUp, state: ExistingCase): DecideResult => {
  const reviewedAt = command.reviewedAt ?? command.occurredAt;
  const { closure } = state;
  if (closure?.kind === 'transferred' && isBefore(reviewedAt, closure.transferredAt)) {
    return refuse('follow-up-before-transfer', `reviewedAt ${reviewedAt} is before the transfer at ${closure.transferredAt}`);
  }
  return accept({ type: 'FollowUpRecorded', data: definedOnly({ reviewedAt, outcome: command.outcome, notes: command.notes }) });
};
