import { appRecError, type AppRecError, type AppRecRole } from '../apprec/apprec.js';
import { identOf, readMsgHead, type MsgHead, type Organisation, type Patient } from '../messages/msghead.js';
import { PLO_USES, readPloMessage, type PloMessage } from '../messages/plo-message.js';
import { validateMessage } from '../validation/schema-validator.js';
import { readXml, type XmlProblem } from '../xml/read-xml.js';
import type { IntakeDirectory } from './directory.js';

/**
 * The receiving rules of HIS 80415:2012 and HITS 1168:2016, before any fact is looked at: who sent it, which of
 * its receivers are ours, and whether it must be rejected. One AppRec is due per receiver of ours, none when the
 * sender cannot be identified or no receiver is ours. Semantic problems never reject: they go to an officer.
 */

export interface ReceivingSettings {
  /** `INTAKE_REJECT_UNKNOWN_RECEIVER`: reject (E21) a message for a service of ours that is not in the table. */
  readonly rejectUnknownReceiver: boolean;
}

/** One receiver of ours that the message names, and so one AppRec. */
export interface OurReceiver {
  readonly role: AppRecRole;
  /** The HER-id the AppRec speaks for: the service (or person) the message names, else the organisation. */
  readonly herId: string;
  readonly municipalityCode: string;
  /** The receiver as the message names it, mirrored in the AppRec. */
  readonly party: Organisation;
  /** Set when this receiver's AppRec is a rejection while others accept (E21 for an unknown service). */
  readonly refusal?: AppRecError;
}

export interface Sender {
  /** The sender's HER-id (or `ENH:<orgNumber>` when it gives only its organisation number): the actor's id. */
  readonly id: string;
  readonly party: Organisation;
}

export type Reception =
  | { readonly outcome: 'ignored'; readonly reason: 'sender_unknown' | 'not_ours'; readonly head: MsgHead | undefined }
  | {
      readonly outcome: 'rejected';
      readonly head: MsgHead;
      readonly sender: Sender;
      readonly receivers: readonly OurReceiver[];
      readonly error: AppRecError;
    }
  | {
      readonly outcome: 'accepted';
      readonly head: MsgHead;
      readonly sender: Sender;
      /** Every receiver of ours; those with a `refusal` get a rejection, the rest OK. */
      readonly receivers: readonly OurReceiver[];
      /** Undefined when the payload is none of the PLO uses. */
      readonly message: PloMessage | undefined;
    };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The longest MsgId kept as a key; a longer one is not a UUID anyway. */
export const MAX_MSG_ID_LENGTH = 100;

const XML_PROBLEM_ERRORS: Record<XmlProblem, 'T01' | 'T10'> = {
  not_well_formed: 'T01',
  doctype_refused: 'T01',
  unsupported_encoding: 'T10',
};

export const receive = (
  bytes: Uint8Array,
  directory: IntakeDirectory,
  settings: ReceivingSettings,
  /** Told how long schema validation took, in seconds. */
  onValidated?: (seconds: number) => void,
): Reception => {
  const read = readXml(bytes);
  if (!read.ok) {
    return refuseUnreadable(readMsgHead(read.recovered ?? undefined), directory, appRecError(XML_PROBLEM_ERRORS[read.problem], read.detail));
  }
  try {
    const head = readMsgHead(read.document.root);
    if (!head) return refuseUnreadable(undefined, directory, appRecError('T10', 'Not a MsgHead v1.2 document'));
    if (!(PLO_USES as readonly string[]).includes(head.type ?? '')) {
      return refuseUnreadable(head, directory, appRecError('T10', `Message type ${head.type ?? '(none)'} is not received here`));
    }
    const started = performance.now();
    const verdict = validateMessage(read.document.native);
    onValidated?.((performance.now() - started) / 1000);
    if (!verdict.valid) return refuseUnreadable(head, directory, appRecError('T02', verdict.errors.join('; ')));
    return receiveValid(head, directory, settings);
  } finally {
    read.document.native.dispose();
  }
};

const refuseUnreadable = (head: MsgHead | undefined, directory: IntakeDirectory, error: AppRecError): Reception => {
  const parties = head && partiesOf(head, directory, { rejectUnknownReceiver: false });
  if (!parties || parties.outcome === 'ignored') return parties ?? { outcome: 'ignored', reason: 'sender_unknown', head };
  return { outcome: 'rejected', head: head!, sender: parties.sender, receivers: parties.receivers, error };
};

const receiveValid = (head: MsgHead, directory: IntakeDirectory, settings: ReceivingSettings): Reception => {
  const parties = partiesOf(head, directory, settings);
  if (parties.outcome === 'ignored') return parties;
  const { sender, receivers } = parties;
  const reject = (error: AppRecError): Reception => ({ outcome: 'rejected', head, sender, receivers, error });
  if (!head.msgId || !UUID.test(head.msgId)) return reject(appRecError('E10', 'MsgId is not a UUID'));
  const identification = patientIdentification(head.patient);
  if (identification !== null) return reject(appRecError('E36', identification));
  if (receivers.every((receiver) => receiver.refusal)) return reject(receivers[0]!.refusal!);
  return { outcome: 'accepted', head, sender, receivers, message: readPloMessage(head) };
};

type Parties =
  | { readonly outcome: 'ignored'; readonly reason: 'sender_unknown' | 'not_ours'; readonly head: MsgHead }
  | { readonly outcome: 'parties'; readonly sender: Sender; readonly receivers: OurReceiver[] };

const partiesOf = (head: MsgHead, directory: IntakeDirectory, settings: ReceivingSettings): Parties => {
  const sender = senderOf(head.sender);
  if (!sender) return { outcome: 'ignored', reason: 'sender_unknown', head };
  const named: [AppRecRole, Organisation | undefined][] = [
    ['PRIM', head.receiver],
    ...head.otherReceivers.map((other): [AppRecRole, Organisation | undefined] => ['COP', other.organisation]),
  ];
  const receivers: OurReceiver[] = [];
  for (const [role, party] of named) {
    const ours = party && ourReceiver(role, party, directory, settings);
    if (ours && !receivers.some((known) => known.role === ours.role && known.herId === ours.herId)) receivers.push(ours);
  }
  if (receivers.length === 0) return { outcome: 'ignored', reason: 'not_ours', head };
  return { outcome: 'parties', sender, receivers };
};

const senderOf = (party: Organisation | undefined): Sender | undefined => {
  const her = identOf(party?.idents, 'HER');
  const enh = identOf(party?.idents, 'ENH');
  if (!party || (!her && !enh)) return undefined;
  return { id: her ?? `ENH:${enh}`, party };
};

const ourReceiver = (
  role: AppRecRole,
  party: Organisation,
  directory: IntakeDirectory,
  settings: ReceivingSettings,
): OurReceiver | undefined => {
  const organisation = identOf(party.idents, 'HER');
  const inner = identOf(party.unit?.idents, 'HER') ?? identOf(party.professional?.idents, 'HER');
  const service = inner === undefined ? undefined : directory.receiver(inner);
  const known = service ?? (organisation === undefined ? undefined : directory.receiver(organisation));
  if (!known) return undefined;
  const herId = inner ?? organisation!;
  const unknownService = inner !== undefined && service === undefined;
  return {
    role,
    herId,
    municipalityCode: known.municipalityCode,
    party,
    ...(unknownService && settings.rejectUnknownReceiver
      ? { refusal: appRecError('E21', `The service or person ${inner} is not a receiver here`) }
      : {}),
  };
};

/**
 * Null when the patient is identified as HIS 80415 requires (name and FNR, DNR or FHN, or name, date of birth and
 * sex), else what is missing.
 */
export const patientIdentification = (patient: Patient | undefined): string | null => {
  if (!patient) return 'The message names no patient';
  if (!patient.familyName && !patient.givenName) return "The patient's name is missing";
  if (['FNR', 'DNR', 'FHN'].some((type) => identOf(patient.idents, type) !== undefined)) return null;
  if (patient.dateOfBirth && patient.sex) return null;
  return 'The patient has no FNR, DNR or FHN, nor date of birth and sex';
};

