import type {
  GiveHospitalRecommendation,
  PresentOptions,
  RecordDeclinedDialogue,
  RecordMunicipalVisit,
  RecordUserChoice,
  RelayUserWish,
  ScheduleMunicipalVisit,
} from './commands.js';
import { accept, definedOnly, refuse, type DecideResult, type ExistingCase } from './decide-result.js';
import type { ParticipantRole } from './events.js';
import { isBefore } from './time.js';

const MUNICIPAL_REPRESENTATIVES: readonly ParticipantRole[] = ['municipal_caseworker', 'municipal_coordinator'];

export const giveHospitalRecommendation = (command: GiveHospitalRecommendation): DecideResult =>
  accept({ type: 'HospitalRecommendationGiven', data: { serviceType: command.serviceType, rationale: command.rationale } });

export const relayUserWish = ({ source, channel, serviceType, statement }: RelayUserWish): DecideResult =>
  accept({ type: 'UserWishRelayed', data: definedOnly({ source, channel, serviceType, statement }) });

export const scheduleMunicipalVisit = (command: ScheduleMunicipalVisit, state: ExistingCase): DecideResult => {
  const { visitId, scheduledFor, location } = command;
  if (state.visits.some((visit) => visit.visitId === visitId)) {
    return refuse('duplicate-visit-id', `Visit ${visitId} is already recorded in this case`);
  }
  return accept({ type: 'MunicipalVisitScheduled', data: { visitId, scheduledFor, location } });
};

/** A visit need not be scheduled first: an unscheduled one is recorded under a new visitId. */
export const recordMunicipalVisit = (command: RecordMunicipalVisit, state: ExistingCase): DecideResult => {
  const { visitId, occurredAt, mode, participants, informationGiven, notes } = command;
  if (state.visits.some((visit) => visit.visitId === visitId && visit.conducted !== null)) {
    return refuse('visit-already-conducted', `Visit ${visitId} is already recorded as conducted`);
  }
  if (!participants.some((participant) => MUNICIPAL_REPRESENTATIVES.includes(participant.role))) {
    return refuse(
      'visit-needs-municipal-representative',
      `A municipal visit needs a ${MUNICIPAL_REPRESENTATIVES.join(' or ')} among its participants`,
    );
  }
  return accept({
    type: 'MunicipalVisitConducted',
    data: definedOnly({
      visitId,
      occurredAt,
      mode,
      participants: participants.map(({ role, name, independent }) => definedOnly({ role, name, independent })),
      informationGiven,
      notes,
    }),
  });
};

const duplicateOf = (ids: readonly string[]): string | undefined => ids.find((id, i) => ids.indexOf(id) !== i);

/**
 * Options presented in dialogue name a visit recorded as conducted in this case: the
 * participation audit ties them to that dialogue, so it must be on record first.
 */
export const presentOptions = (command: PresentOptions, state: ExistingCase): DecideResult => {
  const { presentationId, channel, visitId, options } = command;
  if (state.presentations.some((presentation) => presentation.presentationId === presentationId)) {
    return refuse('duplicate-presentation-id', `Presentation ${presentationId} is already recorded in this case`);
  }
  if (options.length === 0) {
    return refuse('options-required', 'A presentation offers at least one option');
  }
  const duplicate = duplicateOf(options.map((option) => option.optionId));
  if (duplicate !== undefined) {
    return refuse('duplicate-option-id', `Option ${duplicate} appears more than once`);
  }
  if (channel === 'in_dialogue') {
    if (visitId === undefined) {
      return refuse('in-dialogue-presentation-needs-visit', 'Options presented in dialogue name the visit of that dialogue');
    }
    if (!state.visits.some((visit) => visit.visitId === visitId && visit.conducted !== null)) {
      return refuse('in-dialogue-presentation-needs-visit', `Visit ${visitId} is not recorded as conducted in this case`);
    }
  } else if (visitId !== undefined) {
    return refuse('written-presentation-names-visit', 'Only options presented in dialogue name a visit');
  }
  return accept({
    type: 'OptionsPresented',
    data: definedOnly({
      presentationId,
      presentedAt: command.presentedAt ?? command.occurredAt,
      channel,
      visitId,
      options: options.map(({ optionId, serviceType, description, consequences, available }) =>
        definedOnly({ optionId, serviceType, description, consequences, available }),
      ),
    }),
  });
};

export const recordUserChoice = (command: RecordUserChoice, state: ExistingCase): DecideResult => {
  const { presentationId, optionId, statedBy, statement } = command;
  const presentation = state.presentations.find((candidate) => candidate.presentationId === presentationId);
  if (presentation === undefined) {
    return refuse('unknown-presentation', `Presentation ${presentationId} is not recorded in this case`);
  }
  if (!presentation.options.some((option) => option.optionId === optionId)) {
    return refuse('unknown-option', `Presentation ${presentationId} has no option ${optionId}`);
  }
  if (isBefore(command.occurredAt, presentation.presentedAt)) {
    return refuse(
      'choice-before-presentation',
      `occurredAt ${command.occurredAt} is before the options were presented at ${presentation.presentedAt}`,
    );
  }
  return accept({ type: 'UserChoiceRecorded', data: definedOnly({ presentationId, optionId, statedBy, statement }) });
};

export const recordDeclinedDialogue = ({ occurredAt, statement }: RecordDeclinedDialogue): DecideResult =>
  accept({ type: 'UserDeclinedDialogue', data: definedOnly({ occurredAt, statement }) });
