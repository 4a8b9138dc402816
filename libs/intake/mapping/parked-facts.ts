import { codeText } from '../messages/codes.js';
import { identOf, type MsgHead } from '../messages/msghead.js';
import type { PloMessage } from '../messages/plo-message.js';
import { readPloTime } from '../messages/plo-time.js';
import { patientNameOf } from './message-context.js';

/**
 * What the officers' inbox shows of a parked message (texts in bokmål from the code lists): the kind of message,
 * the patient by name and a masked identity number, the sending hospital, and its dated events. Stored with the
 * parked item; the raw message stays in the message log.
 */
export interface ParkedFacts {
  readonly msgType: string | null;
  /** e.g. "Melding om utskrivningsklar pasient" (list 8279). */
  readonly kind: string | null;
  /** For Helseopplysninger: "Varsel om innlagt pasient" or "Oppdaterte opplysninger" (list 9140). */
  readonly contentType: string | null;
  /** N, M or C, and its text (list 7309). */
  readonly status: string | null;
  readonly statusText: string | null;
  /** `MsgInfo/GenDate` as an instant. */
  readonly sentAt: string | null;
  readonly patient: {
    readonly name: string;
    /** FNR, DNR, FHN, HNR, ... or null when none. */
    readonly idType: string | null;
    /** The first six digits and the rest masked, e.g. `150765*****`. */
    readonly maskedId: string | null;
    readonly dateOfBirth: string | null;
  };
  readonly hospital: { readonly herId: string | null; readonly name: string | null; readonly department: string | null };
  readonly events: readonly {
    readonly code: string | null;
    /** e.g. "Pasient utskrivningsklar" (list 9121). */
    readonly text: string | null;
    /** As sent: a date or a date and time. */
    readonly time: string | null;
    readonly estimate: boolean;
    readonly description: string | null;
    readonly note: string | null;
  }[];
  /** For a cancellation: the MsgId of the message it cancels. */
  readonly cancelsMsgId: string | null;
}

const PATIENT_ID_TYPES = ['FNR', 'DNR', 'FHN', 'HNR'];

export const maskIdentity = (id: string): string => (id.length > 6 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 6)}` : '*'.repeat(id.length));

export const parkedFacts = (head: MsgHead, message: PloMessage | undefined): ParkedFacts => {
  const idType = PATIENT_ID_TYPES.find((type) => identOf(head.patient?.idents, type) !== undefined) ?? null;
  const id = idType ? identOf(head.patient?.idents, idType)! : null;
  const sent = readPloTime(head.genDate);
  const contentType = message?.facts.use === 'HELSEOPPL_SOKNAD' ? message.facts.contentType : undefined;
  return {
    msgType: head.type ?? null,
    kind: head.type ? (codeText('8279', head.type) ?? null) : null,
    contentType: contentType ? (codeText('9140', contentType) ?? contentType) : null,
    status: message?.status ?? null,
    statusText: message?.status ? (codeText('7309', message.status) ?? null) : null,
    sentAt: sent?.kind === 'instant' ? sent.instant : null,
    patient: { name: patientNameOf(head), idType, maskedId: id ? maskIdentity(id) : null, dateOfBirth: head.patient?.dateOfBirth ?? null },
    hospital: {
      herId: identOf(head.sender?.idents, 'HER') ?? null,
      name: head.sender?.name ?? null,
      department: head.sender?.unit?.name ?? null,
    },
    events: (message?.events ?? []).map((event) => ({
      code: event.code ?? null,
      text: event.code ? (codeText('9121', event.code) ?? null) : null,
      time: event.time ?? null,
      estimate: event.estimate,
      description: event.description ?? null,
      note: event.note ?? null,
    })),
    cancelsMsgId: message?.status === 'C' ? (head.refToParent ?? head.refToConversation ?? null) : null,
  };
};
