import { attrOf, childrenOf, pathOf, textOf, type XmlElement } from '../xml/xml-element.js';
import { NS } from './namespaces.js';

/**
 * The envelope (MsgHead v1.2) as read: every field optional, because the same reader serves valid messages and
 * whatever a forgiving parse recovered from a broken one (to know whom to answer).
 */

export interface Ident {
  readonly id: string;
  /** `TypeId/@V`: HER, ENH, FNR, DNR, HNR, FHN, HPR, ... */
  readonly type: string;
}

export interface HealthcareProfessional {
  readonly name: string | undefined;
  readonly idents: readonly Ident[];
}

export interface Organisation {
  readonly name: string | undefined;
  readonly idents: readonly Ident[];
  /** The nested organisation: a department of the sender, a service of the receiver. */
  readonly unit: Organisation | undefined;
  readonly professional: HealthcareProfessional | undefined;
}

export interface Patient {
  readonly familyName: string | undefined;
  readonly middleName: string | undefined;
  readonly givenName: string | undefined;
  /** `YYYY-MM-DD` as written. */
  readonly dateOfBirth: string | undefined;
  /** `Sex/@V`. */
  readonly sex: string | undefined;
  readonly idents: readonly Ident[];
}

export interface CopyReceiver {
  /** `RoleReceiver/@V`, usually `COP`. */
  readonly role: string | undefined;
  readonly organisation: Organisation | undefined;
}

export interface MsgHead {
  /** `MsgInfo/Type/@V`: LOG_INNLAGT, HELSEOPPL_SOKNAD, ... */
  readonly type: string | undefined;
  /** `MsgInfo/GenDate` as written (usually Oslo time without an offset). */
  readonly genDate: string | undefined;
  readonly msgId: string | undefined;
  readonly refToParent: string | undefined;
  readonly refToConversation: string | undefined;
  readonly sender: Organisation | undefined;
  readonly receiver: Organisation | undefined;
  readonly otherReceivers: readonly CopyReceiver[];
  readonly patient: Patient | undefined;
  /** The PLO payload: the first element of a `Document/RefDoc/Content` in a PLO payload namespace. */
  readonly payload: XmlElement | undefined;
}

const PAYLOAD_NAMESPACES: readonly string[] = [NS.pasientlogistikk, NS.helseopplysninger];

const mh = (element: XmlElement | undefined, ...names: string[]) => pathOf(element, NS.msgHead, ...names);
const mhText = (element: XmlElement | undefined, ...names: string[]) => textOf(mh(element, ...names));

const readIdents = (element: XmlElement | undefined): Ident[] =>
  childrenOf(element, NS.msgHead, 'Ident').flatMap((ident) => {
    const id = mhText(ident, 'Id');
    const type = attrOf(mh(ident, 'TypeId'), 'V');
    return id && type ? [{ id, type: type.toUpperCase() }] : [];
  });

export const personName = (parts: readonly (string | undefined)[]): string | undefined => {
  const name = parts.filter((part): part is string => part !== undefined).join(' ').trim();
  return name === '' ? undefined : name;
};

const readProfessional = (element: XmlElement | undefined): HealthcareProfessional | undefined =>
  element && {
    name: personName([mhText(element, 'GivenName'), mhText(element, 'MiddleName'), mhText(element, 'FamilyName')]),
    idents: readIdents(element),
  };

const readOrganisation = (element: XmlElement | undefined, depth = 0): Organisation | undefined =>
  element && {
    name: mhText(element, 'OrganisationName'),
    idents: readIdents(element),
    unit: depth < 4 ? readOrganisation(mh(element, 'Organisation'), depth + 1) : undefined,
    professional: readProfessional(mh(element, 'HealthcareProfessional')),
  };

const readPatient = (element: XmlElement | undefined): Patient | undefined =>
  element && {
    familyName: mhText(element, 'FamilyName'),
    middleName: mhText(element, 'MiddleName'),
    givenName: mhText(element, 'GivenName'),
    dateOfBirth: mhText(element, 'DateOfBirth'),
    sex: attrOf(mh(element, 'Sex'), 'V'),
    idents: readIdents(element),
  };

const readPayload = (root: XmlElement): XmlElement | undefined => {
  for (const document of childrenOf(root, NS.msgHead, 'Document')) {
    const content = mh(document, 'RefDoc', 'Content');
    const payload = content?.children.find((child) => PAYLOAD_NAMESPACES.includes(child.ns));
    if (payload) return payload;
  }
  return undefined;
};

/** Reads what the envelope says; never throws, whatever the tree. */
export const readMsgHead = (root: XmlElement | undefined): MsgHead | undefined => {
  if (!root || root.ns !== NS.msgHead || root.name !== 'MsgHead') return undefined;
  const info = mh(root, 'MsgInfo');
  return {
    type: attrOf(mh(info, 'Type'), 'V'),
    genDate: mhText(info, 'GenDate'),
    msgId: mhText(info, 'MsgId'),
    refToParent: mhText(info, 'ConversationRef', 'RefToParent'),
    refToConversation: mhText(info, 'ConversationRef', 'RefToConversation'),
    sender: readOrganisation(mh(info, 'Sender', 'Organisation')),
    receiver: readOrganisation(mh(info, 'Receiver', 'Organisation')),
    otherReceivers: childrenOf(info, NS.msgHead, 'OtherReceiver').map((other) => ({
      role: attrOf(mh(other, 'RoleReceiver'), 'V'),
      organisation: readOrganisation(mh(other, 'Organisation')),
    })),
    patient: readPatient(mh(info, 'Patient')),
    payload: readPayload(root),
  };
};

export const identOf = (idents: readonly Ident[] | undefined, type: string): string | undefined =>
  idents?.find((ident) => ident.type === type)?.id;

