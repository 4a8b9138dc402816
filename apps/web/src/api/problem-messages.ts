import type { DomainRule } from '#libs/domain/transfer-case/rules.js';
import { ApiError, type FieldError, type Problem } from './problem';

/**
 * What an API problem means, in bokmål. The API's `title`, `detail` and field `message`s are English and for
 * developers: none of them reaches the screen. People read a message chosen by the problem's `rule`, its status,
 * or (for a field) the kind of check that failed.
 */
const RULES: Record<DomainRule, string> = {
  'case-not-found': 'Saken finnes ikke.',
  'case-already-exists': 'Det finnes allerede en sak med denne identiteten, med andre opplysninger.',
  'case-closed': 'Saken er avsluttet (overført eller avmeldt). Det kan ikke registreres mer på den.',
  'invalid-time': 'Et tidspunkt er ikke gyldig.',
  'invalid-date': 'En dato er ikke gyldig.',
  'time-out-of-bounds': 'Datoen eller tidspunktet må ligge mellom 1. januar 2000 og to år fram i tid.',
  'invalid-text': 'Teksten inneholder tegn som ikke kan lagres.',
  'died-at-requires-death': 'Dødsdato kan bare oppgis når saken avsluttes fordi pasienten er død.',
  'nothing-to-cancel': 'Meldingen som skal kanselleres, har ikke registrert noe på saken.',
  'occurred-at-differs-from-fact-time': 'Tidspunktet for hendelsen og «skjedde» er ulike. Oppgi bare ett av dem, eller det samme tidspunktet i begge.',
  'declaration-before-revocation': 'Ny melding om utskrivningsklar kan ikke gjelde et tidspunkt før forrige melding ble trukket tilbake.',
  'occurred-in-future': 'Tidspunktet kan ikke være fram i tid.',
  'occurred-before-admission': 'Tidspunktet kan ikke være før pasienten ble innlagt.',
  'invalid-national-id': 'Fødselsnummeret eller D-nummeret er ikke gyldig.',
  'invalid-org-number': 'Organisasjonsnummeret er ikke gyldig.',
  'invalid-municipality-code': 'Kommunenummeret er ikke gyldig.',
  'functional-score-out-of-range': 'Funksjonsvurderingen må ha hele tall fra 1 til 5.',
  'readiness-criteria-incomplete': 'Alle fire vilkårene i § 9 må være oppfylt før pasienten kan meldes utskrivningsklar.',
  'readiness-already-declared': 'Pasienten er allerede meldt utskrivningsklar.',
  'readiness-not-declared': 'Pasienten er ikke meldt utskrivningsklar, så det er ingenting å trekke tilbake.',
  'revocation-before-declaration': 'Tilbaketrekkingen kan ikke være før meldingen om utskrivningsklar.',
  'expected-ready-date-requires-cannot-receive': 'Forventet klar dato hører bare til et svar om at kommunen ikke kan ta imot ennå.',
  'duplicate-visit-id': 'Besøket er allerede registrert.',
  'visit-already-conducted': 'Besøket er allerede registrert som gjennomført.',
  'visit-needs-municipal-representative': 'Minst én fra kommunen (saksbehandler eller koordinator) må ha vært med på besøket.',
  'duplicate-presentation-id': 'Alternativene er allerede registrert.',
  'options-required': 'Legg fram minst ett alternativ.',
  'duplicate-option-id': 'To alternativer har samme identitet.',
  'in-dialogue-presentation-needs-visit': 'Alternativer lagt fram i samtale må knyttes til et gjennomført besøk.',
  'written-presentation-names-visit': 'Skriftlig framlagte alternativer knyttes ikke til et besøk.',
  'unknown-presentation': 'Valget må gjelde alternativer som er lagt fram i denne saken.',
  'unknown-option': 'Det valgte alternativet finnes ikke blant de framlagte.',
  'choice-before-presentation': 'Valget kan ikke være før alternativene ble lagt fram.',
  'duplicate-decision-id': 'Vedtaket er allerede registrert.',
  'service-description-required': 'Beskriv tjenesten når tjenestetypen er «Annet».',
  'deviation-reason-required': 'Vedtaket avviker fra brukerens valg. Oppgi hvorfor.',
  'unknown-decision': 'Vedtaket finnes ikke i denne saken.',
  'decision-already-appealed': 'Vedtaket er allerede påklaget.',
  'appeal-before-decision': 'Klagen kan ikke være før vedtaket.',
  'transfer-requires-decision': 'Pasienten kan først overføres når det er fattet vedtak.',
  'transfer-before-decision': 'Overføringen kan ikke være før vedtaket.',
  'withdrawal-details-required': 'Utdyp årsaken når den er «Annet».',
  'follow-up-requires-transfer': 'Oppfølging registreres først etter at pasienten er overført.',
  'follow-up-before-transfer': 'Oppfølgingen kan ikke være før overføringen.',
  'deadline-not-yet-due': 'Fristen er ikke passert ennå.',
};

const STATUS: Record<number, string> = {
  0: 'Får ikke kontakt med serveren. Sjekk nettverket og prøv igjen.',
  400: 'Noen opplysninger må rettes.',
  401: 'Du er logget ut. Logg inn igjen.',
  403: 'Du har ikke tilgang til å gjøre dette.',
  404: 'Fant ikke saken. Den finnes ikke, eller du har ikke tilgang til den.',
  408: 'Serveren ventet for lenge på svar fra nettleseren. Prøv igjen.',
  409: 'Saken tillater ikke dette nå. Se over saken og prøv igjen.',
  412: 'Noen andre har endret saken mens du skrev. Saken er lastet på nytt, og det du skrev er tatt vare på. Se over og send igjen.',
  413: 'Det er for mye tekst i skjemaet. Kort ned og prøv igjen.',
  415: 'Nettleseren sendte skjemaet i et format serveren ikke tar imot. Last siden på nytt.',
  422: 'Dette er allerede sendt med annet innhold. Last siden på nytt og se om det er registrert.',
  429: 'Det er sendt for mange forespørsler på kort tid. Vent litt og prøv igjen.',
  503: 'Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.',
};

const SERVER_ERROR = 'Noe gikk galt hos oss. Prøv igjen om litt; vedvarer feilen, kontakt driften.';

const isRule = (rule: string | undefined): rule is DomainRule => rule !== undefined && Object.hasOwn(RULES, rule);

/** The one message for a problem as a whole. */
export const problemMessage = (problem: Pick<Problem, 'status' | 'rule'>): string => {
  if (problem.status === 409 && isRule(problem.rule)) return RULES[problem.rule];
  if (problem.status === 409 && problem.rule === 'concurrent-modification') {
    return 'Saken ble endret av andre samtidig. Saken er lastet på nytt; send igjen.';
  }
  return STATUS[problem.status] ?? (problem.status >= 500 ? SERVER_ERROR : 'Forespørselen ble avvist. Last siden på nytt og prøv igjen.');
};

/** Any error a query or command throws, as a message (network failures and programming errors included). */
export const errorMessage = (error: unknown): string =>
  error instanceof ApiError ? problemMessage(error.problem) : STATUS[0]!;

/** One field's problem, in bokmål, by the kind of check the API's (English) message names. */
export const fieldMessage = (error: FieldError, label: string): string => {
  const message = error.message;
  if (/must not be empty|should not be empty/.test(message)) return `${label} må fylles ut`;
  if (/must be one of/.test(message)) return `Velg ${label.toLowerCase()}`;
  if (/calendar date|YYYY-MM-DD\b(?!T)/.test(message)) return `${label}: skriv en gyldig dato`;
  if (/instant|date-time|time zone|ISO 8601/.test(message)) return `${label}: skriv et gyldig tidspunkt`;
  if (/2000-01-01|years? (after|ahead)|between/.test(message)) return `${label} må ligge mellom 1. januar 2000 og to år fram i tid`;
  if (/NUL|surrogate/.test(message)) return `${label} inneholder tegn som ikke kan lagres`;
  if (/shorter than|longer than|characters/.test(message)) return `${label} er for lang`;
  if (/municipality code/.test(message)) return 'Velg kommune';
  return `${label} er ikke gyldig`;
};

/** Field errors the form could not place beside a field: one general line, never the API's own text. */
export const UNPLACED_FIELDS = 'Noen opplysninger ble avvist av serveren. Kontroller skjemaet og prøv igjen.';
