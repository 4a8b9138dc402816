import {
  VISIT_MODES,
  type MunicipalVisitConducted,
  type ParticipantRole,
  type VisitMode,
} from '#libs/domain/transfer-case/events.js';

const USER_SIDE: ReadonlySet<ParticipantRole> = new Set(['user', 'guardian']);
const MUNICIPALITY: ReadonlySet<ParticipantRole> = new Set(['municipal_caseworker', 'municipal_coordinator']);
/** Employed by the services. The peer worker is too (domain.md), so counts here as well as in `support`. */
const STAFF: ReadonlySet<ParticipantRole> = new Set([
  'municipal_caseworker',
  'municipal_coordinator',
  'hospital_staff',
  'peer_worker',
]);

/** Which supporters took part in a counted dialogue. */
export interface Support {
  relative: boolean;
  advocate: boolean;
  /** An advocate from outside the services (`independent: true`) took part. */
  advocateIndependent: boolean;
  peerWorker: boolean;
  interpreter: boolean;
}

const has = (visit: MunicipalVisitConducted, roles: ReadonlySet<ParticipantRole>): boolean =>
  visit.participants.some((participant) => roles.has(participant.role));

/** A visit counts as dialogue when the user (or their guardian) met the municipality. */
export const isCountedDialogue = (visit: MunicipalVisitConducted): boolean =>
  has(visit, USER_SIDE) && has(visit, MUNICIPALITY);

export const dialogueModes = (dialogues: readonly MunicipalVisitConducted[]): VisitMode[] =>
  VISIT_MODES.filter((mode) => dialogues.some((dialogue) => dialogue.mode === mode));

export const supportIn = (dialogues: readonly MunicipalVisitConducted[]): Support => {
  const participants = dialogues.flatMap((dialogue) => dialogue.participants);
  const tookPart = (role: ParticipantRole): boolean => participants.some((participant) => participant.role === role);
  return {
    relative: tookPart('relative'),
    advocate: tookPart('advocate'),
    advocateIndependent: participants.some(
      (participant) => participant.role === 'advocate' && participant.independent === true,
    ),
    peerWorker: tookPart('peer_worker'),
    interpreter: tookPart('interpreter'),
  };
};

const staffCount = (dialogue: MunicipalVisitConducted): number =>
  dialogue.participants.filter((participant) => STAFF.has(participant.role)).length;

/** Staff in the largest dialogue (most participants; of equally large ones, the most staff). */
export const professionalsPresent = (dialogues: readonly MunicipalVisitConducted[]): number =>
  dialogues.reduce(
    (best, dialogue) => {
      const size = dialogue.participants.length;
      const staff = staffCount(dialogue);
      return size > best.size || (size === best.size && staff > best.staff) ? { size, staff } : best;
    },
    { size: 0, staff: 0 },
  ).staff;
