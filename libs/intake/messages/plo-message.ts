import { attrOf, childOf, childrenOf, descendantsOf, textOf, type XmlElement } from '../xml/xml-element.js';
import type { MsgHead } from './msghead.js';
import { NS } from './namespaces.js';
import {
  allTextOf,
  eventWithCode,
  readContactClinician,
  readResponsibleClinician,
  readSendingStatus,
  readTimedEvents,
  type Clinician,
  type TimedEvent,
} from './payload-parts.js';
import { readPloTime, type PloTime } from './plo-time.js';

/**
 * The facts of each message use, read from a schema-valid payload: one reader per use, pure. A reader leaves out
 * what the message does not say; what the domain needs but the message lacks is the mapping's concern.
 */

export const PLO_USES = [
  'LOG_INNLAGT',
  'LOG_UTSKRIVNINGSKLAR',
  'LOG_AVMELDING',
  'LOG_UTSKREVET',
  'LOG_DOD',
  'HELSEOPPL_SOKNAD',
] as const;
export type PloUse = (typeof PLO_USES)[number];

/** 9121: the event codes the facts are read from. */
export const EVENT_CODE = { admitted: '1', discharged: '2', ready: '3', revoked: '4', died: '13' } as const;

export interface AdmissionFacts {
  readonly use: 'LOG_INNLAGT';
  readonly admittedAt: PloTime | undefined;
}

export interface ReadinessFacts {
  readonly use: 'LOG_UTSKRIVNINGSKLAR';
  readonly admittedAt: PloTime | undefined;
  readonly readyOn: PloTime | undefined;
  /** `Anslag` on code 3: both official examples send `true`; it changes nothing. */
  readonly estimate: boolean;
  readonly clinician: Clinician | undefined;
}

export interface RevocationFacts {
  readonly use: 'LOG_AVMELDING';
  readonly admittedAt: PloTime | undefined;
  readonly revokedOn: PloTime | undefined;
  /** The revocation's `Merknad`, else its `BeskrivelseAvHendelse`. */
  readonly text: string | undefined;
  readonly clinician: Clinician | undefined;
}

export interface DischargeFacts {
  readonly use: 'LOG_UTSKREVET';
  readonly dischargedOn: PloTime | undefined;
  /** `Uttilstand/@V` (8431): 1 alive, 2 dead, 3 suicide; absent means alive. */
  readonly condition: string | undefined;
  /** `UtTil/@V` (8408): where the patient went. */
  readonly destination: string | undefined;
  readonly destinationText: string | undefined;
  readonly text: string | undefined;
}

export interface DeathFacts {
  readonly use: 'LOG_DOD';
  readonly diedOn: PloTime | undefined;
  readonly text: string | undefined;
}

export interface WantedService {
  /** `IPLOStjenestetype/@V`, when coded. */
  readonly code?: string;
  readonly name: string;
  readonly description?: string;
}

export interface HealthInformationFacts {
  readonly use: 'HELSEOPPL_SOKNAD';
  /** `TypeInnhold/@V` (9140): 1 "Varsel om innlagt pasient" (the § 8 notice), 2 "Oppdaterte opplysninger". */
  readonly contentType: string | undefined;
  readonly admittedAt: PloTime | undefined;
  /** Code 3, normally with `Anslag=true`: when the patient is expected to be discharge-ready. */
  readonly expectedReadyOn: PloTime | undefined;
  /** Journaltekst 9145 heading 1 "Pasientens status". */
  readonly patientStatus: string | undefined;
  /** Journaltekst 9145 heading 2 "Antatt forløp". */
  readonly expectedCourse: string | undefined;
  /** `InfoKartleggingFunksjonsniva/KartlagtFunksjon`: variable code → score, as sent. */
  readonly functionalAssessment: Readonly<Record<string, number>>;
  readonly wantedServices: readonly WantedService[];
  readonly clinician: Clinician | undefined;
}

export type PloFacts =
  | AdmissionFacts
  | ReadinessFacts
  | RevocationFacts
  | DischargeFacts
  | DeathFacts
  | HealthInformationFacts;

export interface PloMessage {
  /** The use the payload carries (which may disagree with `MsgInfo/Type`). */
  readonly use: PloUse;
  /** `Forsendelsesstatus/@V`: N, M (Helseopplysninger only) or C. */
  readonly status: string | undefined;
  readonly facts: PloFacts;
  /** Every dated event of the payload, as sent. */
  readonly events: readonly TimedEvent[];
  /** Whether some dated event carries no code (an officer reads it). */
  readonly hasUncodedEvent: boolean;
}

const timeOf = (events: readonly TimedEvent[], code: string): PloTime | undefined => readPloTime(eventWithCode(events, code)?.time);

const PASIENTLOGISTIKK_USES = {
  MeldingInnlagtPasient: 'LOG_INNLAGT',
  MeldingUtskrivningsklarPasient: 'LOG_UTSKRIVNINGSKLAR',
  AvmeldingUtskrivningsklarPasient: 'LOG_AVMELDING',
  MeldingOmUtskrevetPasient: 'LOG_UTSKREVET',
  OrienteringOmDod: 'LOG_DOD',
} as const satisfies Record<string, PloUse>;

type LogisticsElement = keyof typeof PASIENTLOGISTIKK_USES;

export const readAdmission = (events: readonly TimedEvent[]): AdmissionFacts => ({
  use: 'LOG_INNLAGT',
  admittedAt: timeOf(events, EVENT_CODE.admitted),
});

export const readReadiness = (events: readonly TimedEvent[], payload: XmlElement): ReadinessFacts => ({
  use: 'LOG_UTSKRIVNINGSKLAR',
  admittedAt: timeOf(events, EVENT_CODE.admitted),
  readyOn: timeOf(events, EVENT_CODE.ready),
  estimate: eventWithCode(events, EVENT_CODE.ready)?.estimate ?? false,
  clinician: readResponsibleClinician(payload),
});

export const readRevocation = (events: readonly TimedEvent[], payload: XmlElement): RevocationFacts => {
  const revocation = eventWithCode(events, EVENT_CODE.revoked);
  return {
    use: 'LOG_AVMELDING',
    admittedAt: timeOf(events, EVENT_CODE.admitted),
    revokedOn: readPloTime(revocation?.time),
    text: revocation?.note ?? revocation?.description,
    clinician: readResponsibleClinician(payload),
  };
};

export const readDischarge = (events: readonly TimedEvent[], useElement: XmlElement): DischargeFacts => {
  const dischargedTo = childOf(useElement, NS.poKomponent, 'UtskrevetTil');
  const discharge = eventWithCode(events, EVENT_CODE.discharged);
  const destination = childOf(dischargedTo, NS.poKomponent, 'UtTil');
  return {
    use: 'LOG_UTSKREVET',
    dischargedOn: readPloTime(discharge?.time),
    condition: attrOf(childOf(dischargedTo, NS.poKomponent, 'Uttilstand'), 'V'),
    destination: attrOf(destination, 'V'),
    destinationText: attrOf(destination, 'DN'),
    text: textOf(childOf(dischargedTo, NS.poKomponent, 'Merknad')) ?? discharge?.note ?? discharge?.description,
  };
};

export const readDeath = (events: readonly TimedEvent[]): DeathFacts => {
  const death = eventWithCode(events, EVENT_CODE.died);
  return { use: 'LOG_DOD', diedOn: readPloTime(death?.time), text: death?.description ?? death?.note };
};

const JOURNAL_HEADINGS = '2.16.578.1.12.4.1.1.9145';

const journalText = (payload: XmlElement, heading: string): string | undefined => {
  const texts = [...descendantsOf(payload)]
    .filter((element) => element.ns === NS.epjJournal && element.name === 'Journaltekst')
    .filter((element) => {
      const code = childOf(element, NS.epjJournal, 'Overskriftskode');
      return attrOf(code, 'V') === heading && (attrOf(code, 'S') ?? JOURNAL_HEADINGS) === JOURNAL_HEADINGS;
    })
    .map((element) => allTextOf(childOf(element, NS.epjJournal, 'Notat')))
    .filter((text): text is string => text !== undefined);
  return texts.length > 0 ? texts.join('\n') : undefined;
};

const readFunctionalAssessment = (payload: XmlElement): Record<string, number> => {
  const mapping = childOf(payload, NS.poKomponent, 'InfoKartleggingFunksjonsniva');
  const scores: Record<string, number> = {};
  for (const assessed of childrenOf(mapping, NS.poKomponent, 'KartlagtFunksjon')) {
    const variable = attrOf(childOf(assessed, NS.poKomponent, 'Funksjonsvariabel'), 'V');
    const score = Number(textOf(childOf(assessed, NS.poKomponent, 'Vurdering')));
    if (variable && Number.isFinite(score)) scores[variable] = score;
  }
  return scores;
};

const readWantedServices = (payload: XmlElement): WantedService[] =>
  childrenOf(payload, NS.poKomponent, 'TjenesteBehov').flatMap((need) => {
    const type = childOf(need, NS.poKomponent, 'IPLOStjenestetype');
    const code = attrOf(type, 'V');
    const name = textOf(childOf(need, NS.poKomponent, 'BetegnelseTjeneste')) ?? attrOf(type, 'DN') ?? code;
    const description = textOf(childOf(need, NS.poKomponent, 'BeskrivelseAvTjeneste'));
    return name ? [{ name, ...(code ? { code } : {}), ...(description ? { description } : {}) }] : [];
  });

export const readHealthInformation = (events: readonly TimedEvent[], payload: XmlElement): HealthInformationFacts => ({
  use: 'HELSEOPPL_SOKNAD',
  contentType: attrOf(childOf(childOf(payload, NS.poKomponent, 'TypeInnholdIMelding'), NS.poKomponent, 'TypeInnhold'), 'V'),
  admittedAt: timeOf(events, EVENT_CODE.admitted),
  expectedReadyOn: timeOf(events, EVENT_CODE.ready),
  patientStatus: journalText(payload, '1'),
  expectedCourse: journalText(payload, '2'),
  functionalAssessment: readFunctionalAssessment(payload),
  wantedServices: readWantedServices(payload),
  clinician: readResponsibleClinician(payload) ?? readContactClinician(payload),
});

const messageOf = (use: PloUse, payload: XmlElement, events: TimedEvent[], facts: PloFacts): PloMessage => ({
  use,
  status: readSendingStatus(payload),
  facts,
  events,
  hasUncodedEvent: events.some((event) => event.code === undefined),
});

/** The message a schema-valid MsgHead carries, or undefined when its payload is no PLO use we read. */
export const readPloMessage = (head: MsgHead): PloMessage | undefined => {
  const { payload } = head;
  if (!payload) return undefined;
  if (payload.ns === NS.helseopplysninger && payload.name === 'HelseopplysningerVedSoknad') {
    const events = childrenOf(payload, NS.poKomponent, 'OpplysningOpphold').flatMap((stay) => readTimedEvents(stay));
    return messageOf('HELSEOPPL_SOKNAD', payload, events, readHealthInformation(events, payload));
  }
  if (payload.ns !== NS.pasientlogistikk || payload.name !== 'Pasientlogistikk') return undefined;
  const useElement = payload.children.find((child) => child.ns === NS.pasientlogistikk && child.name in PASIENTLOGISTIKK_USES);
  if (!useElement) return undefined;
  const use = PASIENTLOGISTIKK_USES[useElement.name as LogisticsElement];
  const events = readTimedEvents(useElement);
  switch (use) {
    case 'LOG_INNLAGT':
      return messageOf(use, payload, events, readAdmission(events));
    case 'LOG_UTSKRIVNINGSKLAR':
      return messageOf(use, payload, events, readReadiness(events, payload));
    case 'LOG_AVMELDING':
      return messageOf(use, payload, events, readRevocation(events, payload));
    case 'LOG_UTSKREVET':
      return messageOf(use, payload, events, readDischarge(events, useElement));
    case 'LOG_DOD':
      return messageOf(use, payload, events, readDeath(events));
  }
};
