import type { AppealDecision, DecideAllocation } from './commands.js';
import { decidingChoice } from './deciding-choice.js';
import { accept, definedOnly, refuse, type DecideResult, type ExistingCase } from './decide-result.js';
import { isBefore } from './time.js';

const isBlank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

export const decideAllocation = (command: DecideAllocation, state: ExistingCase): DecideResult => {
  const { decisionId, serviceType, serviceDescription, startDate, decidedBy, rationale, deviationReason, appealInformationGiven } =
    command;
  if (state.decisions.some((decision) => decision.decisionId === decisionId)) {
    return refuse('duplicate-decision-id', `Decision ${decisionId} is already recorded in this case`);
  }
  if (serviceType === 'other' && isBlank(serviceDescription)) {
    return refuse('service-description-required', 'A decision for service type other describes it in serviceDescription');
  }
  const choice = decidingChoice(state.choices);
  if (choice !== undefined && choice.serviceType !== serviceType && isBlank(deviationReason?.text)) {
    return refuse(
      'deviation-reason-required',
      `The deciding choice (stated by the ${choice.statedBy}) is ${choice.serviceType}; a decision for ${serviceType} needs a deviationReason with a text`,
    );
  }
  return accept({
    type: 'AllocationDecided',
    data: definedOnly({
      decisionId,
      serviceType,
      serviceDescription,
      startDate,
      decidedAt: command.decidedAt ?? command.occurredAt,
      decidedBy: { role: decidedBy.role },
      rationale,
      deviationReason: deviationReason && { category: deviationReason.category, text: deviationReason.text },
      appealInformationGiven,
    }),
  });
};

export const appealDecision = (command: AppealDecision, state: ExistingCase): DecideResult => {
  const { decisionId, grounds } = command;
  const decision = state.decisions.find((candidate) => candidate.decisionId === decisionId);
  if (decision === undefined) {
    return refuse('unknown-decision', `Decision ${decisionId} is not recorded in this case`);
  }
  if (decision.appealed) {
    return refuse('decision-already-appealed', `Decision ${decisionId} is already appealed`);
  }
  const appealedAt = command.appealedAt ?? command.occurredAt;
  if (isBefore(appealedAt, decision.decidedAt)) {
    return refuse('appeal-before-decision', `appealedAt ${appealedAt} is before the decision at ${decision.decidedAt}`);
  }
  return accept({ type: 'DecisionAppealed', data: { decisionId, appealedAt, grounds } });
};
