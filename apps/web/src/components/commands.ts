import type { CaseRead } from '../api/types';
import type { Role } from '../auth/session';
import { instantToOsloLocal, osloToday } from '../format/format';
import {
  CHANNEL,
  DECIDED_BY,
  DEVIATION,
  FOLLOW_UP,
  PARTICIPANT_ROLE,
  PRESENTATION_CHANNEL,
  REVOCATION,
  SERVICE_TYPE,
  STATED_BY,
  VISIT_MODE,
  WISH_SOURCE,
  WITHDRAWAL,
  label,
} from '../format/labels';
import { instant, optional, text, type CommandSpec, type FieldSpec, type Values } from './command-form-model';

export interface CommandContext {
  readonly view: CaseRead;
  readonly role: Role;
}

type Spec = CommandSpec<CommandContext>;

/** The groups the case page lists its actions in, in this order. */
export const GROUPS = ['Meldinger fra sykehuset', 'Svar og dialog med brukeren', 'Vedtak', 'Overføring og avslutning'] as const;
const [HOSPITAL_NOTICES, DIALOGUE, DECISION, CLOSING] = GROUPS;

const now = (): string => instantToOsloLocal(new Date());
const OCCURRED: FieldSpec = {
  kind: 'datetime',
  name: 'occurredAt',
  label: 'Tidspunkt (norsk tid)',
  description: 'Når det skjedde. Tom: nå.',
};
const open = (view: CaseRead): boolean => view.status !== 'transferred' && view.status !== 'withdrawn';

/**
 * Whether a decision on this service type needs a deviation reason: it differs from the deciding choice (the user's
 * latest, else the guardian's, else a relative's or advocate's).
 */
export const needsDeviationReason = (view: Pick<CaseRead, 'decidingChoice'>, serviceType: string): boolean =>
  view.decidingChoice !== null && serviceType !== '' && serviceType !== view.decidingChoice.serviceType;

const OPTION_SLOTS = [0, 1, 2] as const;

const recommendation: Spec = {
  id: 'recommendation',
  group: HOSPITAL_NOTICES,
  recorded: 'Sykehusets anbefaling',
  title: 'Sykehusets anbefaling',
  submitLabel: 'Send anbefaling',
  path: () => 'recommendation',
  initial: () => ({ serviceType: '', rationale: '', occurredAt: '' }),
  fields: () => [
    { kind: 'select', name: 'serviceType', label: 'Anbefalt tjeneste', options: SERVICE_TYPE, required: true },
    { kind: 'textarea', name: 'rationale', label: 'Begrunnelse', required: true },
    OCCURRED,
  ],
  body: (v) => ({ serviceType: text(v, 'serviceType'), rationale: text(v, 'rationale'), occurredAt: instant(v, 'occurredAt') }),
};

const wish: Spec = {
  id: 'wish',
  group: DIALOGUE,
  recorded: 'Brukerens ønske',
  title: 'Formidle brukerens ønske',
  submitLabel: 'Registrer ønske',
  path: () => 'wishes',
  initial: () => ({ source: '', channel: '', serviceType: '', statement: '', occurredAt: '' }),
  fields: () => [
    { kind: 'select', name: 'source', label: 'Hvem ønsket kommer fra', options: WISH_SOURCE, required: true, missing: 'Velg hvem ønsket kommer fra' },
    { kind: 'select', name: 'channel', label: 'Kanal', options: CHANNEL, required: true },
    { kind: 'select', name: 'serviceType', label: 'Ønsket tjeneste (valgfritt)', options: SERVICE_TYPE },
    { kind: 'textarea', name: 'statement', label: 'Hva ble sagt', required: true, missing: 'Skriv hva som ble sagt' },
    OCCURRED,
  ],
  body: (v) => ({
    source: text(v, 'source'),
    channel: text(v, 'channel'),
    serviceType: optional(v, 'serviceType'),
    statement: text(v, 'statement'),
    occurredAt: instant(v, 'occurredAt'),
  }),
};

const CRITERIA: Record<string, string> = {
  admissionProblemsClarified: 'a) Problemstillingene ved innleggelsen er avklart',
  otherProblemsClarified: 'b) Andre problemstillinger under oppholdet er avklart',
  diagnosisAndPlanSettled: 'c) Det er tatt stilling til diagnoser og plan for videre oppfølging',
  functionalLevelAssessed: 'd) Funksjonsnivå, endring og forventet utvikling er vurdert',
};

const readiness: Spec = {
  id: 'readiness',
  group: HOSPITAL_NOTICES,
  recorded: 'Pasienten meldt utskrivningsklar',
  title: 'Melde utskrivningsklar (§ 9)',
  submitLabel: 'Meld utskrivningsklar',
  path: () => 'discharge-readiness',
  initial: () => ({ criteria: [], occurredAt: '' }),
  fields: () => [
    {
      kind: 'checkgroup',
      name: 'criteria',
      label: 'Vilkårene i § 9',
      description: 'Pasienten kan meldes utskrivningsklar når alle fire er oppfylt.',
      options: CRITERIA,
    },
    OCCURRED,
  ],
  // One problem, said once, on the fieldset: not one message under each box.
  validate: (v) => {
    const ticked = Array.isArray(v.criteria) ? v.criteria : [];
    return Object.keys(CRITERIA).every((key) => ticked.includes(key))
      ? ({} as Record<string, string>)
      : { criteria: 'Alle fire vilkårene i § 9 må være oppfylt før pasienten kan meldes utskrivningsklar' };
  },
  body: (v) => ({
    criteria: Object.fromEntries(Object.keys(CRITERIA).map((key) => [key, Array.isArray(v.criteria) && v.criteria.includes(key)])),
    occurredAt: instant(v, 'occurredAt'),
  }),
};

const revoke: Spec = {
  id: 'revoke',
  group: HOSPITAL_NOTICES,
  recorded: 'Utskrivningsklar trukket tilbake',
  title: 'Trekke tilbake utskrivningsklar',
  submitLabel: 'Trekk tilbake',
  path: () => 'discharge-readiness/revocation',
  initial: () => ({ reason: '', occurredAt: '' }),
  fields: () => [{ kind: 'select', name: 'reason', label: 'Årsak', options: REVOCATION, required: true }, OCCURRED],
  body: (v) => ({ reason: text(v, 'reason'), occurredAt: instant(v, 'occurredAt') }),
};

const withdraw: Spec = {
  id: 'withdraw',
  group: CLOSING,
  recorded: 'Saken avmeldt',
  title: 'Avmelde saken',
  submitLabel: 'Avmeld',
  path: () => 'withdrawal',
  initial: () => ({ reason: '', details: '', occurredAt: '' }),
  fields: () => [
    { kind: 'select', name: 'reason', label: 'Årsak', options: WITHDRAWAL, required: true },
    { kind: 'textarea', name: 'details', label: 'Utdyping (valgfritt)' },
    OCCURRED,
  ],
  body: (v) => ({ reason: text(v, 'reason'), details: optional(v, 'details'), occurredAt: instant(v, 'occurredAt') }),
};

const response: Spec = {
  id: 'response',
  group: DIALOGUE,
  recorded: 'Kommunens svar',
  title: 'Kommunens svar',
  submitLabel: 'Send svar',
  path: () => 'municipal-response',
  initial: () => ({ canReceive: '', expectedReadyDate: '', plannedTransferDate: '', occurredAt: '' }),
  fields: (_ctx, v) => [
    { kind: 'select', name: 'canReceive', label: 'Kan kommunen ta imot pasienten?', options: { yes: 'Ja, kan ta imot', no: 'Nei, kan ikke ta imot ennå' }, required: true, missing: 'Svar på om kommunen kan ta imot pasienten' },
    ...(v.canReceive === 'no' ? [{ kind: 'date', name: 'expectedReadyDate', label: 'Forventet klar dato', description: '§ 11: når tjenesten ventes å være klar' } as FieldSpec] : []),
    { kind: 'date', name: 'plannedTransferDate', label: 'Planlagt overføringsdato (valgfritt)' },
    OCCURRED,
  ],
  body: (v) => ({
    canReceive: v.canReceive === 'yes',
    expectedReadyDate: v.canReceive === 'no' ? optional(v, 'expectedReadyDate') : undefined,
    plannedTransferDate: optional(v, 'plannedTransferDate'),
    occurredAt: instant(v, 'occurredAt'),
  }),
};

const scheduleVisit: Spec = {
  id: 'schedule-visit',
  group: DIALOGUE,
  recorded: 'Besøket planlagt',
  title: 'Planlegge besøk på sykehuset',
  submitLabel: 'Planlegg besøk',
  path: () => 'visits',
  initial: () => ({ scheduledFor: '', location: '' }),
  fields: () => [
    { kind: 'datetime', name: 'scheduledFor', label: 'Tidspunkt (norsk tid)', required: true, missing: 'Velg tidspunkt for besøket' },
    { kind: 'text', name: 'location', label: 'Sted', required: true },
  ],
  body: (v) => ({ scheduledFor: instant(v, 'scheduledFor'), location: text(v, 'location') }),
};

const PARTICIPANT_ROLES = Object.keys(PARTICIPANT_ROLE);

const recordVisit: Spec = {
  id: 'record-visit',
  group: DIALOGUE,
  recorded: 'Besøket registrert som gjennomført',
  title: 'Registrere gjennomført besøk',
  submitLabel: 'Registrer besøk',
  path: (ctx, v) => `visits/${text(v, 'visitId') || crypto.randomUUID()}/conducted`,
  initial: (ctx) => ({
    visitId: ctx.view.visits.find((visit) => visit.conductedAt === null)?.visitId ?? '',
    mode: 'in_person',
    participants: ['municipal_caseworker'],
    informationGiven: '',
    notes: '',
    occurredAt: now(),
  }),
  fields: (ctx) => [
    {
      kind: 'select',
      name: 'visitId',
      label: 'Besøk',
      options: Object.fromEntries(
        ctx.view.visits.filter((visit) => visit.conductedAt === null).map((visit) => [visit.visitId, `Planlagt ${visit.location ?? ''}`.trim()]),
      ),
      description: 'Tom: et besøk som ikke var planlagt',
    },
    { kind: 'select', name: 'mode', label: 'Form', options: VISIT_MODE, required: true },
    { kind: 'checkgroup', name: 'participants', label: 'Deltakere (etter rolle)', options: PARTICIPANT_ROLE },
    { kind: 'textarea', name: 'informationGiven', label: 'Informasjon som ble gitt', required: true, missing: 'Skriv hvilken informasjon som ble gitt' },
    { kind: 'textarea', name: 'notes', label: 'Notater (valgfritt)' },
    { ...OCCURRED, label: 'Når besøket fant sted (norsk tid)', description: undefined, required: true, missing: 'Velg når besøket fant sted' },
  ],
  validate: (v) => {
    const roles = Array.isArray(v.participants) ? v.participants : [];
    return roles.some((role) => role === 'municipal_caseworker' || role === 'municipal_coordinator')
      ? ({} as Record<string, string>)
      : { participants: 'Minst én fra kommunen (saksbehandler eller koordinator) må være med' };
  },
  body: (v) => ({
    mode: text(v, 'mode'),
    participants: (Array.isArray(v.participants) ? v.participants : []).filter((role) => PARTICIPANT_ROLES.includes(role)).map((role) => ({ role })),
    informationGiven: text(v, 'informationGiven'),
    notes: optional(v, 'notes'),
    occurredAt: instant(v, 'occurredAt'),
  }),
};

const presentOptions: Spec = {
  id: 'options',
  group: DIALOGUE,
  recorded: 'Alternativene lagt fram',
  title: 'Legge fram alternativer',
  submitLabel: 'Legg fram alternativene',
  path: () => 'options',
  initial: (ctx) => ({
    channel: ctx.view.visits.some((visit) => visit.conductedAt) ? 'in_dialogue' : 'written',
    visitId: ctx.view.visits.findLast((visit) => visit.conductedAt)?.visitId ?? '',
    ...Object.fromEntries(OPTION_SLOTS.flatMap((i) => [[`serviceType${i}`, ''], [`description${i}`, ''], [`consequences${i}`, '']])),
    occurredAt: '',
  }),
  fields: (ctx, v) => [
    { kind: 'select', name: 'channel', label: 'Hvordan alternativene ble lagt fram', options: PRESENTATION_CHANNEL, required: true, missing: 'Velg hvordan alternativene ble lagt fram' },
    ...(v.channel === 'in_dialogue'
      ? [{
          kind: 'select',
          name: 'visitId',
          label: 'I hvilket besøk',
          required: true,
          options: Object.fromEntries(ctx.view.visits.filter((visit) => visit.conductedAt).map((visit) => [visit.visitId, `Besøk ${visit.conductedAt?.slice(0, 10)}`])),
        } as FieldSpec]
      : []),
    ...OPTION_SLOTS.flatMap((i): FieldSpec[] => [
      { kind: 'select', name: `serviceType${i}`, label: `Alternativ ${i + 1}: tjeneste`, options: SERVICE_TYPE, required: i === 0, apiField: `options[${i}].serviceType` },
      { kind: 'text', name: `description${i}`, label: `Alternativ ${i + 1}: beskrivelse`, apiField: `options[${i}].description` },
      { kind: 'textarea', name: `consequences${i}`, label: `Alternativ ${i + 1}: konsekvenser for brukeren`, apiField: `options[${i}].consequences` },
    ]),
    OCCURRED,
  ],
  validate: (v) => {
    const errors: Record<string, string> = {};
    for (const i of OPTION_SLOTS) {
      if (!text(v, `serviceType${i}`)) continue;
      if (!text(v, `description${i}`)) errors[`description${i}`] = 'Beskriv alternativet';
      if (!text(v, `consequences${i}`)) errors[`consequences${i}`] = 'Forklar hva alternativet betyr for brukeren';
    }
    return errors;
  },
  body: (v) => ({
    channel: text(v, 'channel'),
    visitId: v.channel === 'in_dialogue' ? optional(v, 'visitId') : undefined,
    options: OPTION_SLOTS.filter((i) => text(v, `serviceType${i}`)).map((i) => ({
      optionId: `alt-${i + 1}`,
      serviceType: text(v, `serviceType${i}`),
      description: text(v, `description${i}`),
      consequences: text(v, `consequences${i}`),
    })),
    occurredAt: instant(v, 'occurredAt'),
  }),
};

const choice: Spec = {
  id: 'choice',
  group: DIALOGUE,
  recorded: 'Brukerens valg',
  title: 'Registrere brukerens valg',
  submitLabel: 'Registrer valget',
  path: () => 'choice',
  initial: () => ({ optionId: '', statedBy: 'user', statement: '', occurredAt: '' }),
  fields: (ctx) => [
    {
      kind: 'select',
      name: 'optionId',
      label: 'Valgt alternativ',
      required: true,
      options: Object.fromEntries(
        (ctx.view.openPresentation?.options ?? []).map((option) => [option.optionId, `${label(SERVICE_TYPE, option.serviceType)}: ${option.description}`]),
      ),
    },
    { kind: 'select', name: 'statedBy', label: 'Hvem uttrykte valget', options: STATED_BY, required: true, missing: 'Velg hvem som uttrykte valget' },
    { kind: 'textarea', name: 'statement', label: 'Med egne ord (valgfritt)' },
    OCCURRED,
  ],
  body: (v, ctx) => ({
    presentationId: ctx.view.openPresentation?.presentationId,
    optionId: text(v, 'optionId'),
    statedBy: text(v, 'statedBy'),
    statement: optional(v, 'statement'),
    occurredAt: instant(v, 'occurredAt'),
  }),
};

const declined: Spec = {
  id: 'declined',
  group: DIALOGUE,
  recorded: 'At brukeren ikke ønsker samtale',
  title: 'Brukeren ønsker ikke samtale',
  submitLabel: 'Registrer',
  path: () => 'declined-dialogue',
  initial: () => ({ statement: '', occurredAt: '' }),
  fields: () => [{ kind: 'textarea', name: 'statement', label: 'Brukerens begrunnelse (valgfritt)' }, OCCURRED],
  body: (v) => ({ statement: optional(v, 'statement'), occurredAt: instant(v, 'occurredAt') }),
};

const decide: Spec = {
  id: 'decide',
  group: DECISION,
  recorded: 'Vedtaket',
  title: 'Fatte vedtak',
  submitLabel: 'Fatt vedtak',
  path: () => 'decisions',
  initial: (ctx) => ({
    serviceType: ctx.view.decidingChoice?.serviceType ?? '',
    serviceDescription: '',
    startDate: osloToday(),
    decidedBy: 'municipal_caseworker',
    rationale: '',
    deviationCategory: '',
    deviationText: '',
    occurredAt: '',
  }),
  fields: (ctx, v) => [
    {
      kind: 'select',
      name: 'serviceType',
      label: 'Tjeneste',
      options: SERVICE_TYPE,
      required: true,
      description: ctx.view.decidingChoice ? `Brukerens valg: ${label(SERVICE_TYPE, ctx.view.decidingChoice.serviceType)}` : undefined,
    },
    ...(v.serviceType === 'other' ? [{ kind: 'text', name: 'serviceDescription', label: 'Beskriv tjenesten', required: true } as FieldSpec] : []),
    { kind: 'date', name: 'startDate', label: 'Oppstartsdato', required: true },
    { kind: 'select', name: 'decidedBy', label: 'Hvem bestemte', options: DECIDED_BY, required: true, apiField: 'decidedBy.role', missing: 'Velg hvem som bestemte' },
    { kind: 'textarea', name: 'rationale', label: 'Begrunnelse', required: true },
    ...(needsDeviationReason(ctx.view, text(v, 'serviceType'))
      ? ([
          { kind: 'select', name: 'deviationCategory', label: 'Hvorfor vedtaket avviker fra brukerens valg', options: DEVIATION, required: true, apiField: 'deviationReason.category', missing: 'Velg hvorfor vedtaket avviker fra brukerens valg' },
          { kind: 'textarea', name: 'deviationText', label: 'Forklaring av avviket', required: true, apiField: 'deviationReason.text' },
        ] as FieldSpec[])
      : []),
    OCCURRED,
  ],
  body: (v, ctx) => ({
    serviceType: text(v, 'serviceType'),
    serviceDescription: v.serviceType === 'other' ? optional(v, 'serviceDescription') : undefined,
    startDate: text(v, 'startDate'),
    decidedBy: { role: text(v, 'decidedBy') },
    rationale: text(v, 'rationale'),
    deviationReason: needsDeviationReason(ctx.view, text(v, 'serviceType'))
      ? { category: text(v, 'deviationCategory'), text: text(v, 'deviationText') }
      : undefined,
    occurredAt: instant(v, 'occurredAt'),
  }),
};

const appeal: Spec = {
  id: 'appeal',
  group: DECISION,
  recorded: 'Klagen på vedtaket',
  title: 'Registrere klage på vedtaket',
  submitLabel: 'Registrer klage',
  path: (ctx) => `decisions/${ctx.view.latestDecision?.decisionId}/appeal`,
  initial: () => ({ grounds: '', occurredAt: '' }),
  fields: () => [{ kind: 'textarea', name: 'grounds', label: 'Klagegrunnlag', required: true, missing: 'Skriv hva klagen gjelder' }, OCCURRED],
  body: (v) => ({ grounds: text(v, 'grounds'), occurredAt: instant(v, 'occurredAt') }),
};

const transfer: Spec = {
  id: 'transfer',
  group: CLOSING,
  recorded: 'Overføringen',
  title: 'Registrere overføring',
  submitLabel: 'Registrer overføring',
  path: () => 'transfer',
  initial: () => ({ occurredAt: '' }),
  fields: () => [{ ...OCCURRED, label: 'Når pasienten ble overført (norsk tid)' }],
  body: (v, ctx) => ({ decisionId: ctx.view.latestDecision?.decisionId, occurredAt: instant(v, 'occurredAt') }),
};

const followUp: Spec = {
  id: 'follow-up',
  group: CLOSING,
  recorded: 'Oppfølgingen etter overføring',
  title: 'Registrere oppfølging etter overføring',
  submitLabel: 'Registrer oppfølging',
  path: () => 'follow-up',
  initial: () => ({ outcome: '', notes: '', occurredAt: '' }),
  fields: () => [
    { kind: 'select', name: 'outcome', label: 'Passet tjenesten?', options: FOLLOW_UP, required: true, missing: 'Svar på om tjenesten passet' },
    { kind: 'textarea', name: 'notes', label: 'Notater (valgfritt)' },
    OCCURRED,
  ],
  body: (v) => ({ outcome: text(v, 'outcome'), notes: optional(v, 'notes'), occurredAt: instant(v, 'occurredAt') }),
};

/** The commands this role may send on the case as it stands (api.md roles, domain.md invariants). */
export const availableCommands = ({ view, role }: CommandContext): Spec[] => {
  const isOpen = open(view);
  const decided = view.latestDecision !== null;
  if (role === 'hospital_staff') {
    if (!isOpen) return [];
    return [
      ...(view.readySince ? [revoke] : [readiness]),
      recommendation,
      wish,
      ...(decided ? [transfer] : []),
      withdraw,
    ];
  }
  if (role === 'allocation_officer') {
    // After the transfer the four weeks to appeal normally still run.
    if (!isOpen) return view.transfer ? [followUp, ...(decided && !view.latestDecision?.appealed ? [appeal] : [])] : [];
    return [
      response,
      scheduleVisit,
      recordVisit,
      presentOptions,
      ...(view.openPresentation ? [choice] : []),
      declined,
      wish,
      decide,
      ...(decided && !view.latestDecision?.appealed ? [appeal] : []),
      ...(decided ? [transfer] : []),
    ];
  }
  return [];
};

