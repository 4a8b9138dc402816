import type { DomainRule } from '#libs/domain/transfer-case/rules.js';

/**
 * Why a message waits for an officer: a code for programs, and a reason in bokmål for the officers' inbox.
 * A parked message is received and readable (its AppRec is OK); nothing of it is recorded on a case until an
 * officer resolves it (or, for a cancellation that came first, until its original arrives).
 */
export const PARK_REASON_CODES = [
  'patient_not_identified',
  'unknown_hospital',
  'type_mismatch',
  'no_payload',
  'event_without_code',
  'event_missing',
  'unsupported_status',
  'no_open_case',
  'ambiguous_case',
  'stay_mismatch',
  'no_decision',
  'destination_not_municipal',
  'rule_refused',
  'original_not_received',
  'cancellation_conflict',
] as const;
export type ParkReasonCode = (typeof PARK_REASON_CODES)[number];

export interface Parking {
  readonly code: ParkReasonCode;
  /** Bokmål, for the officer. */
  readonly reason: string;
}

const EVENT_NAMES: Readonly<Record<string, string>> = {
  '1': 'innleggelse',
  '2': 'utskrivning',
  '3': 'utskrivningsklar',
  '4': 'avmelding av utskrivningsklar pasient',
  '13': 'dødsfall',
};

const RULE_REASONS: Partial<Record<DomainRule, string>> = {
  'readiness-already-declared': 'pasienten er allerede meldt utskrivningsklar, og det er ikke kommet noen avmelding siden',
  'readiness-not-declared': 'pasienten er ikke meldt utskrivningsklar i saken',
  'revocation-before-declaration': 'avmeldingen er datert før pasienten ble meldt utskrivningsklar',
  'case-closed': 'saken er avsluttet',
  'occurred-in-future': 'tidspunktet i meldingen ligger fram i tid',
  'occurred-before-admission': 'tidspunktet i meldingen ligger før innleggelsen',
  'transfer-before-decision': 'utskrivningen er datert før vedtaket',
  'invalid-national-id': 'fødselsnummeret er ikke gyldig',
  'invalid-org-number': 'sykehusets organisasjonsnummer er ikke gyldig',
  'functional-score-out-of-range': 'funksjonsvurderingen har en skår utenfor 1–5',
};

export const parking = {
  patientNotIdentified: (): Parking => ({
    code: 'patient_not_identified',
    reason:
      'Pasienten er ikke identifisert med gyldig fødselsnummer eller D-nummer (bare hjelpenummer eller et ugyldig nummer). Finn pasienten og knytt meldingen til riktig sak.',
  }),
  unknownHospital: (herId: string): Parking => ({
    code: 'unknown_hospital',
    reason: `Avsenderen (HER-id ${herId}) står ikke i listen over sykehus. Be administrator legge den til, eller knytt meldingen til en sak.`,
  }),
  typeMismatch: (declared: string, carried: string): Parking => ({
    code: 'type_mismatch',
    reason: `Meldingshodet sier ${declared}, men innholdet er ${carried}. Les meldingen og registrer det den gjelder.`,
  }),
  noPayload: (): Parking => ({ code: 'no_payload', reason: 'Meldingen har ikke noe innhold som kan leses automatisk.' }),
  eventWithoutCode: (): Parking => ({
    code: 'event_without_code',
    reason: 'Meldingen har en hendelse uten hendelseskode. Les beskrivelsen og registrer det som skjedde.',
  }),
  eventMissing: (code: string): Parking => ({
    code: 'event_missing',
    reason: `Meldingen mangler tidspunkt for ${EVENT_NAMES[code] ?? `hendelse ${code}`} (hendelseskode ${code}).`,
  }),
  unsupportedStatus: (status: string | undefined): Parking => ({
    code: 'unsupported_status',
    reason: `Forsendelsesstatus «${status ?? 'mangler'}» brukes ikke for denne meldingen.`,
  }),
  noOpenCase: (): Parking => ({
    code: 'no_open_case',
    reason: 'Ingen åpen sak for pasienten passer til meldingen. Knytt den til en sak, opprett en sak eller avvis den.',
  }),
  ambiguousCase: (count: number): Parking => ({
    code: 'ambiguous_case',
    reason: `${count} åpne saker kan gjelde pasienten. Velg saken meldingen hører til.`,
  }),
  stayMismatch: (): Parking => ({
    code: 'stay_mismatch',
    reason: 'Pasienten har en åpen sak, men med et annet innleggelsestidspunkt enn meldingen oppgir. Velg riktig sak.',
  }),
  noDecision: (): Parking => ({
    code: 'no_decision',
    reason: 'Sykehuset melder pasienten utskrevet, men saken har ikke noe vedtak ennå. Vurder saken.',
  }),
  destinationNotMunicipal: (destination: string | undefined): Parking => ({
    code: 'destination_not_municipal',
    reason: `Pasienten er utskrevet til ${destination ?? 'et ukjent sted'}, ikke til kommunale tjenester eller hjemmet. Vurder om saken skal avsluttes.`,
  }),
  ruleRefused: (rule: DomainRule): Parking => ({
    code: 'rule_refused',
    reason: `Saken kunne ikke ta imot opplysningen: ${RULE_REASONS[rule] ?? `regelen ${rule}`}.`,
  }),
  originalNotReceived: (msgId: string): Parking => ({
    code: 'original_not_received',
    reason: `Kanselleringen gjelder melding ${msgId}, som ikke er mottatt ennå. Den løses av seg selv når meldingen kommer.`,
  }),
  cancellationConflict: (detail: string): Parking => ({
    code: 'cancellation_conflict',
    reason: `Kanselleringen kan ikke gjennomføres automatisk: ${detail}.`,
  }),
} as const;
