import { randomUUID } from 'node:crypto';
import { officialExample } from './official-examples.js';

/**
 * Test messages made from the official examples, as the receiving acceptance tests describe them (their files are
 * not in the reference pack): each method returns a changed copy of the text, keeping the example's CRLF line ends.
 */

interface Party {
  readonly herId: string;
  readonly name: string;
  readonly unit?: { readonly herId: string; readonly name: string };
}

const ident = (id: string, type: string, list = '9051', text = 'HER-id'): string =>
  `<Ident><Id>${id}</Id><TypeId V="${type}" DN="${text}" S="2.16.578.1.12.4.1.1.${list}"/></Ident>`;

const organisation = (party: Party): string =>
  `<Organisation><OrganisationName>${party.name}</OrganisationName>${ident(party.herId, 'HER')}` +
  (party.unit ? `<Organisation><OrganisationName>${party.unit.name}</OrganisationName>${ident(party.unit.herId, 'HER')}</Organisation>` : '') +
  '</Organisation>';

/** Replaces the first `<name ...>...</name>` element (or empty element) in the text. */
const replaceElement = (xml: string, name: string, replacement: string): string => {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</${name}>)`);
  if (!pattern.test(xml)) throw new Error(`no <${name}> to replace`);
  return xml.replace(pattern, replacement);
};

export interface PatientIdent {
  readonly id: string;
  readonly type: 'FNR' | 'DNR' | 'FHN' | 'HNR';
}

export class TestMessage {
  private constructor(readonly xml: string) {}

  static official(name: string): TestMessage {
    return new TestMessage(officialExample(name).toString('utf8'));
  }

  /** A fresh MsgId (the official examples' ids are fixed), so every test has its own message. */
  fresh(): TestMessage {
    return this.withMsgId(randomUUID());
  }

  get msgId(): string {
    return /<MsgId>([^<]*)<\/MsgId>/.exec(this.xml)![1]!;
  }

  withMsgId(msgId: string): TestMessage {
    return new TestMessage(this.xml.replace(/<MsgId>[^<]*<\/MsgId>/, `<MsgId>${msgId}</MsgId>`));
  }

  withGenDate(genDate: string): TestMessage {
    return new TestMessage(this.xml.replace(/<GenDate>[^<]*<\/GenDate>/, `<GenDate>${genDate}</GenDate>`));
  }

  /** The patient with these names and identifiers (date of birth and sex kept unless `bornOnly` drops the ids). */
  withPatient(patient: { familyName?: string; givenName?: string; idents?: readonly PatientIdent[]; dateOfBirth?: string | null; sex?: string | null }): TestMessage {
    const names =
      (patient.familyName === undefined ? '' : `<FamilyName>${patient.familyName}</FamilyName>`) +
      (patient.givenName === undefined ? '' : `<GivenName>${patient.givenName}</GivenName>`);
    const born = patient.dateOfBirth === null ? '' : `<DateOfBirth>${patient.dateOfBirth ?? '1965-07-15'}</DateOfBirth>`;
    const sex = patient.sex === null ? '' : `<Sex V="${patient.sex ?? '1'}" DN="Mann"/>`;
    const idents = (patient.idents ?? []).map((entry) => ident(entry.id, entry.type, '8116', entry.type)).join('');
    return new TestMessage(replaceElement(this.xml, 'Patient', `<Patient>${names}${born}${sex}${idents}</Patient>`));
  }

  withoutPatient(): TestMessage {
    return new TestMessage(replaceElement(this.xml, 'Patient', ''));
  }

  withSender(sender: Party): TestMessage {
    return new TestMessage(this.xml.replace(/<Sender>[\s\S]*?<\/Sender>/, `<Sender>${organisation(sender)}</Sender>`));
  }

  /** Sender emptied, still schema-valid (Case1_manglende-avsenderinfo-a). */
  withSenderEmptied(): TestMessage {
    return new TestMessage(
      this.xml.replace(/<Sender>[\s\S]*?<\/Sender>/, '<Sender><Organisation><OrganisationName></OrganisationName><Ident><Id></Id><TypeId V="HER"/></Ident></Organisation></Sender>'),
    );
  }

  /** No sender at all, so also schema-invalid (Case1_manglende-avsenderinfo-b). */
  withoutSender(): TestMessage {
    return new TestMessage(this.xml.replace(/<Sender>[\s\S]*?<\/Sender>/, ''));
  }

  withReceiver(receiver: Party): TestMessage {
    return new TestMessage(this.xml.replace(/<Receiver>[\s\S]*?<\/Receiver>/, `<Receiver>${organisation(receiver)}</Receiver>`));
  }

  withCopyReceiver(receiver: Party): TestMessage {
    const copy = `<OtherReceiver><RoleReceiver V="COP" DN="Kopimottaker"/>${organisation(receiver)}</OtherReceiver>`;
    return new TestMessage(this.xml.replace('</Receiver>', `</Receiver>${copy}`));
  }

  /** A cancellation (Forsendelsesstatus C) of the message with this MsgId. */
  cancelling(msgId: string): TestMessage {
    const ref = `<ConversationRef><RefToParent>${msgId}</RefToParent><RefToConversation>${msgId}</RefToConversation></ConversationRef>`;
    const withRef = this.xml.includes('<ConversationRef>')
      ? this.xml.replace(/<ConversationRef>[\s\S]*?<\/ConversationRef>/, ref)
      : this.xml.replace(/(<MsgId>[^<]*<\/MsgId>)/, `$1${ref}`);
    return new TestMessage(withRef.replace(/<Forsendelsesstatus [^>]*\/>/, '<Forsendelsesstatus V="C" DN="Kansellering"/>'));
  }

  /** The time of the dated event with this code (9121). */
  withEventTime(code: string, time: string): TestMessage {
    const pattern = new RegExp(`(<Hendelsekode V="${code}"[^>]*/>[\\s\\S]*?<TidspunktForHendelse V=")[^"]*(")`);
    if (!pattern.test(this.xml)) throw new Error(`no event with code ${code}`);
    return new TestMessage(this.xml.replace(pattern, `$1${time}$2`));
  }

  /** Replaces text anywhere (for the odd variant). */
  replacing(search: string | RegExp, replacement: string): TestMessage {
    return new TestMessage(this.xml.replace(search, replacement));
  }

  /** Schema-invalid: an element the payload schema does not allow. */
  schemaInvalid(): TestMessage {
    return new TestMessage(this.xml.replace('</InformasjonOmForsendelsen>', '</InformasjonOmForsendelsen><Ukjent>x</Ukjent>'));
  }

  /** Not well-formed: cut in the middle of the payload, after the envelope. */
  truncated(): TestMessage {
    return new TestMessage(this.xml.slice(0, this.xml.indexOf('<Document>') + 200));
  }

  /** With CR line ends (old Mac style), which XML reads as line ends too. */
  withCrLineEnds(): TestMessage {
    return new TestMessage(this.xml.replace(/\r\n/g, '\r'));
  }

  /** The text as sent: UTF-8, or ISO-8859-1 with the declaration saying so. */
  bytes(encoding: 'utf8' | 'latin1' = 'utf8'): Buffer {
    if (encoding === 'utf8') return Buffer.from(this.xml, 'utf8');
    return Buffer.from(this.xml.replace(/encoding="UTF-8"/, 'encoding="ISO-8859-1"'), 'latin1');
  }
}
