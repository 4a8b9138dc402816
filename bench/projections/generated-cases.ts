import { randomUUID } from 'node:crypto';
import type { NewEvent } from '#libs/event-store/event-store.port.js';
import { occurredAtOf } from '#libs/domain/transfer-case/event-times.js';
import type {
  ParticipantRole,
  ServiceType,
  TransferCaseEvent,
  TransferCaseEventMap,
  TransferCaseEventType,
} from '#libs/domain/transfer-case/events.js';
import { SCHEMA_VERSIONS } from '#libs/domain/transfer-case/upcasters.js';
import { SAMPLE_HOSPITALS, SAMPLE_MUNICIPALITIES } from '#libs/sample-data/identities.js';

/**
 * Plausible transfer cases as the store holds them, 6-13 events each (about 9.5 on average): admission, perhaps a
 * recommendation and a relayed wish, readiness, the municipality's answer, for about a third a visit with the user and
 * options presented in it and a choice, the decision, mostly a transfer, sometimes a follow-up or an appeal.
 */

const HOUR_MS = 3600_000;
const SERVICE_TYPES: readonly ServiceType[] = ['home_care', 'short_term_stay', 'long_term_stay', 'rehabilitation'];

export interface GeneratedEvent extends NewEvent {
  readonly streamName: string;
  readonly streamRevision: number;
}

export const generateCase = (random: () => number, index: number, yearStart: number): GeneratedEvent[] => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const caseId = randomUUID();
  const streamName = `case-${caseId}`;
  const hospital = pick(SAMPLE_HOSPITALS);
  const municipalityCode = pick(SAMPLE_MUNICIPALITIES).code;
  let clock = yearStart + Math.floor(random() * 360 * 24) * HOUR_MS;
  const events: GeneratedEvent[] = [];
  const at = (): string => new Date(clock).toISOString();
  /** The clock moves on by `hours`, then the fact happens; `data` is given the instant `hours` later than that. */
  const add = <K extends TransferCaseEventType>(
    type: K,
    data: (later: (hours: number) => string) => TransferCaseEventMap[K],
    actorRole: string,
    hours = 1 + random() * 12,
  ): void => {
    clock += hours * HOUR_MS;
    const now = clock;
    const event = { type, data: data((later) => new Date(now + later * HOUR_MS).toISOString()) } as TransferCaseEvent;
    events.push({
      streamName,
      streamRevision: events.length,
      eventId: randomUUID(),
      ...event,
      metadata: {
        // As the command path records it: at the fact's own time where the event has one.
        occurredAt: occurredAtOf(event, at()),
        actor: { id: `bench-${actorRole}`, role: actorRole, organisation: actorRole === 'hospital_staff' ? hospital.orgNumber : municipalityCode },
        correlationId: randomUUID(),
        causationId: null,
        schemaVersion: SCHEMA_VERSIONS[type],
      },
    });
  };

  add('AdmissionNotified', (later) => ({
    caseId,
    patient: { nationalId: String(10_000_000_000 + index).slice(0, 11), name: `Benk Pasient ${index}` },
    hospital: { ...hospital },
    municipalityCode,
    admittedAt: later(-2),
    expectedNeeds: 'Trenger hjelp til personlig stell og medisiner etter utskrivning',
    functionalAssessment: { personligHygiene: 3, bevegelse: 4, hukommelse: 2 },
  }), 'hospital_staff', 0);
  const recommended = pick(SERVICE_TYPES);
  if (random() < 0.5) add('HospitalRecommendationGiven', () => ({ serviceType: recommended, rationale: 'Vurdert ut fra funksjonsnivå' }), 'hospital_staff');
  if (random() < 0.4) {
    add('UserWishRelayed', () => ({
      source: pick(['user', 'relative', 'hospital_staff'] as const),
      channel: pick(['written', 'phone', 'in_person'] as const),
      serviceType: pick(SERVICE_TYPES),
      statement: 'Ønsker helst å komme hjem',
    }), 'hospital_staff');
  }
  add('DischargeReadinessDeclared', (later) => ({
    declaredAt: later(0),
    criteria: { admissionProblemsClarified: true, otherProblemsClarified: true, diagnosisAndPlanSettled: true, functionalLevelAssessed: true },
  }), 'hospital_staff');
  add('MunicipalResponseGiven', (later) => ({ respondedAt: later(1), canReceive: random() < 0.6 }), 'municipal_caseworker');

  let decided: ServiceType = random() < 0.5 ? recommended : pick(SERVICE_TYPES);
  if (random() < 0.35) {
    const visitId = `v-${index}`;
    add('MunicipalVisitScheduled', (later) => ({ visitId, scheduledFor: later(20), location: 'Sengepost 3' }), 'municipal_caseworker');
    const roles: ParticipantRole[] = ['user', 'municipal_caseworker', ...(random() < 0.4 ? (['relative'] as const) : []), ...(random() < 0.3 ? (['hospital_staff'] as const) : [])];
    add('MunicipalVisitConducted', (later) => ({
      visitId,
      occurredAt: later(0),
      mode: pick(['in_person', 'video', 'phone'] as const),
      participants: roles.map((role) => ({ role })),
      informationGiven: 'Forklarte hvilke tjenester kommunen kan tilby og hva de innebærer',
    }), 'municipal_caseworker', 20);
    const offered = [pick(SERVICE_TYPES), pick(SERVICE_TYPES)];
    add('OptionsPresented', (later) => ({
      presentationId: `p-${index}`,
      presentedAt: later(0),
      channel: 'in_dialogue',
      visitId,
      options: offered.map((serviceType, option) => ({ optionId: `o${option + 1}`, serviceType, description: `Tilbud: ${serviceType}`, consequences: 'Konsekvensene ble forklart' })),
    }), 'municipal_caseworker', 0.5);
    const chosen = Math.floor(random() * 2);
    add('UserChoiceRecorded', () => ({ presentationId: `p-${index}`, optionId: `o${chosen + 1}`, statedBy: 'user', statement: 'Dette vil jeg helst' }), 'municipal_caseworker', 0.5);
    decided = random() < 0.85 ? offered[chosen]! : decided;
  }
  add('AllocationDecided', (later) => ({
    decisionId: 'd1',
    serviceType: decided,
    startDate: later(24).slice(0, 10),
    decidedAt: later(0),
    decidedBy: { role: 'municipal_caseworker' },
    rationale: 'Vurdert ut fra funksjonsnivå og tilgjengelige tjenester',
  }), 'municipal_caseworker', 4);
  if (random() < 0.8) add('PatientTransferred', (later) => ({ transferredAt: later(0), decisionId: 'd1' }), 'hospital_staff', 24);
  if (random() < 0.3) add('FollowUpRecorded', (later) => ({ reviewedAt: later(0), outcome: pick(['service_fits', 'service_changed', 'readmitted'] as const) }), 'municipal_caseworker', 14 * 24);
  if (random() < 0.05) add('DecisionAppealed', (later) => ({ decisionId: 'd1', appealedAt: later(0), grounds: 'Uenig i vedtaket' }), 'municipal_caseworker', 48);
  return events;
};
