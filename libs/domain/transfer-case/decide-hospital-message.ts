import type { CancelNotice, GiveHealthInformation } from './commands.js';
import { accept, definedOnly, refuse, type DecideResult, type ExistingCase } from './decide-result.js';
import type { TransferCaseEvent } from './events.js';
import { checkFunctionalAssessment } from './decide-admission.js';

/** Facts that only the hospitals' e-messages (PLO) bring: later health information, and cancelled messages. */

export const giveHealthInformation = (command: GiveHealthInformation): DecideResult => {
  const { expectedNeeds, expectedReadyDate, functionalAssessment, wantedServices } = command;
  const badScore = checkFunctionalAssessment(functionalAssessment);
  if (badScore) return badScore;
  return accept({
    type: 'HealthInformationGiven',
    data: definedOnly({ expectedNeeds, expectedReadyDate, functionalAssessment, wantedServices }),
  });
};

/**
 * The cancelled message's events stop counting; when it opened the case, the case is withdrawn as well (unless it is
 * already closed), so nothing of a notice the hospital took back stays in anyone's work.
 */
export const cancelNotice = (command: CancelNotice, state: ExistingCase): DecideResult => {
  const { msgId, cancelledMsgId, cancelledEvents, reason } = command;
  if (cancelledEvents.length === 0) {
    return refuse('nothing-to-cancel', `Message ${cancelledMsgId} recorded no event on this case`);
  }
  const events: TransferCaseEvent[] = [
    { type: 'NoticeCancelled', data: definedOnly({ msgId, cancelledMsgId, cancelledEvents, reason }) },
  ];
  const openedTheCase = cancelledEvents.some((event) => event.type === 'AdmissionNotified');
  if (openedTheCase && state.closure === null) {
    events.push({ type: 'CaseWithdrawn', data: { reason: 'notice_cancelled' } });
  }
  return accept(...events);
};
