import { attrOf, childOf, childrenOf, descendantsOf, textOf, type XmlElement } from '../xml/xml-element.js';
import { personName } from './msghead.js';
import { NS } from './namespaces.js';

/** The parts every PLO v1.6 payload shares (poKomponent and felleskomponent1). */

/** `InformasjonOmForsendelsen/Forsendelsesstatus/@V`: N new, M change (Helseopplysninger), C cancellation. */
export const readSendingStatus = (payload: XmlElement): string | undefined =>
  attrOf(childOf(childOf(payload, NS.poKomponent, 'InformasjonOmForsendelsen'), NS.poKomponent, 'Forsendelsesstatus'), 'V');

/** One `TidsfestetHendelse`: a dated event of the stay. */
export interface TimedEvent {
  /** `Hendelsekode/@V` (list 9121), when given. */
  readonly code: string | undefined;
  readonly description: string | undefined;
  /** `TidspunktForHendelse/@V` as written. */
  readonly time: string | undefined;
  /** `Anslag`: the time is only an estimate. */
  readonly estimate: boolean;
  readonly note: string | undefined;
}

const po = (element: XmlElement | undefined, name: string) => childOf(element, NS.poKomponent, name);

export const readTimedEvents = (container: XmlElement | undefined): TimedEvent[] =>
  childrenOf(container, NS.poKomponent, 'TidsfestetHendelse').map((event) => ({
    code: attrOf(po(event, 'Hendelsekode'), 'V'),
    description: textOf(po(event, 'BeskrivelseAvHendelse')),
    time: attrOf(po(event, 'TidspunktForHendelse'), 'V'),
    estimate: textOf(po(event, 'Anslag')) === 'true' || textOf(po(event, 'Anslag')) === '1',
    note: textOf(po(event, 'Merknad')),
  }));

/** The event with this code (9121), the first when several. */
export const eventWithCode = (events: readonly TimedEvent[], code: string): TimedEvent | undefined =>
  events.find((event) => event.code === code);

/** A named health professional of the payload (felleskomponent1 `HealthcareProfessional`). */
export interface Clinician {
  readonly name: string;
  /** `RoleToPatient/@DN` (list 9034), e.g. "Primærkontakt", "Kontaktlege". */
  readonly role?: string;
  /** `TypeHealthcareProfessional/@DN` (list 9060), e.g. "Lege", "Sykepleier". */
  readonly profession?: string;
  readonly hprNumber?: string;
}

const fk = (element: XmlElement | undefined, name: string) => childOf(element, NS.felleskomponent, name);

const readClinician = (person: XmlElement | undefined): Clinician | undefined => {
  const name = personName([textOf(fk(person, 'GivenName')), textOf(fk(person, 'MiddleName')), textOf(fk(person, 'FamilyName'))]);
  if (!person || !name) return undefined;
  const role = attrOf(fk(person, 'RoleToPatient'), 'DN') ?? attrOf(fk(person, 'RoleToPatient'), 'V');
  const profession = attrOf(fk(person, 'TypeHealthcareProfessional'), 'DN') ?? attrOf(fk(person, 'TypeHealthcareProfessional'), 'V');
  const hprNumber = childrenOf(person, NS.felleskomponent, 'Ident')
    .filter((ident) => attrOf(fk(ident, 'TypeId'), 'V') === 'HPR')
    .map((ident) => textOf(fk(ident, 'Id')))
    .find((id) => id !== undefined);
  return {
    name,
    ...(role ? { role } : {}),
    ...(profession ? { profession } : {}),
    ...(hprNumber ? { hprNumber } : {}),
  };
};

/** The clinician responsible for the report (`AnsvarForRapport/AnsvarligRapport`), the deciding clinician of a § 10 notice. */
export const readResponsibleClinician = (payload: XmlElement): Clinician | undefined =>
  childrenOf(payload, NS.poKomponent, 'AnsvarForRapport')
    .map((responsibility) => readClinician(po(responsibility, 'AnsvarligRapport')))
    .find((clinician) => clinician !== undefined);

/** The contact clinician (`KontaktpersonHelsepersonell/Kontaktperson`). */
export const readContactClinician = (payload: XmlElement): Clinician | undefined =>
  childrenOf(payload, NS.poKomponent, 'KontaktpersonHelsepersonell')
    .map((contact) => readClinician(po(contact, 'Kontaktperson')))
    .find((clinician) => clinician !== undefined);

/** All text below an element, for free-text fields that may be split by markup. */
export const allTextOf = (element: XmlElement | undefined): string | undefined => {
  if (!element) return undefined;
  const text = [element.text, ...[...descendantsOf(element)].map((child) => child.text)].join(' ').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
};
