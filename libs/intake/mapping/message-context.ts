import { checkNationalId } from '#libs/domain/identifiers/national-id.js';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import type { Actor } from '#libs/event-store/event-store.port.js';
import { identOf, personName, type MsgHead } from '../messages/msghead.js';
import type { PloMessage } from '../messages/plo-message.js';
import { readPloTime } from '../messages/plo-time.js';
import type { IntakeDirectory } from '../receiving/directory.js';
import type { Sender } from '../receiving/receive.js';
import { parking, type Parking } from './parking.js';

/** The role of the actor of every fact a hospital message records. */
export const HOSPITAL_SYSTEM_ROLE = 'hospital_system';

export interface MessageHospital {
  readonly orgNumber: string;
  readonly name: string;
  readonly department: string;
}

/** Who and what a readable message is about, in the domain's terms. */
export interface MessageContext {
  readonly msgId: string;
  /** `MsgInfo/GenDate` as an instant (Oslo time when it has no offset). */
  readonly sentAt: string;
  readonly municipalityCode: string;
  readonly hospital: MessageHospital;
  readonly patient: { readonly nationalId: string; readonly name: string };
  readonly actor: Actor;
}

export type ContextResult =
  | { readonly ok: true; readonly context: MessageContext }
  | { readonly ok: false; readonly parking: Parking };

export interface ContextOptions {
  readonly allowSyntheticIds: boolean;
  /** `YYYY-MM-DD` in Oslo: a national ID born later is invalid. */
  readonly today: string;
}

/**
 * The hospital: an `ENH` ident of the top-level sender, else the hospitals table by its HER-id; the nested
 * organisation is the department. Undefined when neither names a valid organisation number.
 */
export const hospitalOf = (head: MsgHead, sender: Sender, directory: IntakeDirectory): MessageHospital | undefined => {
  const department = head.sender?.unit?.name ?? '';
  const enh = identOf(head.sender?.idents, 'ENH');
  const her = identOf(head.sender?.idents, 'HER');
  const listed = her === undefined ? undefined : directory.hospital(her);
  if (enh !== undefined && isValidOrganisationNumber(enh)) {
    return { orgNumber: enh, name: listed?.name ?? sender.party.name ?? enh, department };
  }
  return listed && { orgNumber: listed.orgNumber, name: head.sender?.name ?? listed.name, department };
};

/** The patient's fødselsnummer or D-number, when the message carries a valid one. */
export const nationalIdOf = (head: MsgHead, options: ContextOptions): string | undefined =>
  ['FNR', 'DNR']
    .map((type) => identOf(head.patient?.idents, type))
    .find(
      (id) => id !== undefined && checkNationalId(id, { allowSynthetic: options.allowSyntheticIds, today: options.today }).valid,
    );

export const patientNameOf = (head: MsgHead): string =>
  personName([head.patient?.givenName, head.patient?.middleName, head.patient?.familyName]) ?? '';

/** `MsgInfo/GenDate` as an instant (Oslo time when it has no offset); schema-valid messages always have one. */
export const sentAtOf = (head: MsgHead): string => {
  const sent = readPloTime(head.genDate);
  if (sent?.kind !== 'instant') throw new Error('A schema-valid message has a GenDate with a time');
  return sent.instant;
};

/** The checks that need no case: a message failing one is parked for an officer. */
export const messageContext = (
  head: MsgHead,
  sender: Sender,
  message: PloMessage | undefined,
  municipalityCode: string,
  directory: IntakeDirectory,
  options: ContextOptions,
): ContextResult => {
  if (!message) return { ok: false, parking: parking.noPayload() };
  if (head.type !== message.use) return { ok: false, parking: parking.typeMismatch(head.type ?? '(ingen)', message.use) };
  const hospital = hospitalOf(head, sender, directory);
  if (!hospital) return { ok: false, parking: parking.unknownHospital(sender.id) };
  const nationalId = nationalIdOf(head, options);
  if (!nationalId) return { ok: false, parking: parking.patientNotIdentified() };
  return {
    ok: true,
    context: {
      msgId: head.msgId!,
      sentAt: sentAtOf(head),
      municipalityCode,
      hospital,
      patient: { nationalId, name: patientNameOf(head) },
      actor: { id: sender.id, role: HOSPITAL_SYSTEM_ROLE, organisation: hospital.orgNumber },
    },
  };
};
