import type { TransferCaseCommand } from '#libs/domain/transfer-case/commands.js';
import type { WantedService } from '#libs/domain/transfer-case/events.js';
import type { TransferCaseState } from '#libs/domain/transfer-case/state.js';
import {
  EVENT_CODE,
  type HealthInformationFacts,
  type PloMessage,
} from '../messages/plo-message.js';
import { instantOf, osloDayOf, type PloTime } from '../messages/plo-time.js';
import type { MessageContext } from './message-context.js';
import { parking, type Parking } from './parking.js';

/**
 * The mapping of intake.md: which commands a message's facts become on its case, as pure functions. The commands go
 * through the one command path (the decider and its invariants); a refusal there parks the message.
 */

/** An open case of the patient, with its state folded from the events that count. */
export interface CaseAtHand {
  readonly caseId: string;
  readonly state: TransferCaseState;
}

export type CaseChoice =
  | { readonly kind: 'case'; readonly target: CaseAtHand }
  | { readonly kind: 'none' }
  | { readonly kind: 'park'; readonly parking: Parking };

export type Plan =
  | { readonly kind: 'commands'; readonly caseId: string; readonly commands: readonly TransferCaseCommand[] }
  /** Received and understood, but nothing to record: e.g. LOG_INNLAGT for a stay that already has a case. */
  | { readonly kind: 'nothing'; readonly caseId: string }
  | { readonly kind: 'park'; readonly parking: Parking };

/** UtTil (8408) destinations that are a transfer to the municipality: home, nursing home / health house, KAD. */
const MUNICIPAL_DESTINATIONS = new Set(['1', '11', '21']);
/** Uttilstand (8431): dead, suicide. */
const DEAD = new Set(['2', '3']);

const admittedOf = (message: PloMessage): PloTime | undefined =>
  'admittedAt' in message.facts ? message.facts.admittedAt : undefined;

const byAdmission = (a: CaseAtHand, b: CaseAtHand): number =>
  Date.parse(b.state.admission!.admittedAt) - Date.parse(a.state.admission!.admittedAt);

/**
 * Which open case a message is about. LOG_UTSKRIVNINGSKLAR and LOG_AVMELDING repeat the admission time, which pins
 * the stay (same Oslo day); otherwise the most recently admitted open case. A death notice may come from another
 * sender than the hospital: any open case of the patient in the municipality, and only when there is one.
 */
export const chooseCase = (message: PloMessage, candidates: readonly CaseAtHand[]): CaseChoice => {
  const open = candidates.filter((candidate) => candidate.state.admission !== null && candidate.state.closure === null);
  if (open.length === 0) return { kind: 'none' };
  if (message.use === 'LOG_DOD') {
    return open.length === 1 ? { kind: 'case', target: open[0]! } : { kind: 'park', parking: parking.ambiguousCase(open.length) };
  }
  const admitted = admittedOf(message);
  const pins = message.use === 'LOG_UTSKRIVNINGSKLAR' || message.use === 'LOG_AVMELDING';
  if (pins && admitted !== undefined) {
    const day = osloDayOf(admitted);
    const same = open.filter((candidate) => osloDayOf({ kind: 'instant', instant: candidate.state.admission!.admittedAt }) === day);
    if (same.length === 0) return { kind: 'park', parking: parking.stayMismatch() };
    return { kind: 'case', target: [...same].sort(byAdmission)[0]! };
  }
  return { kind: 'case', target: [...open].sort(byAdmission)[0]! };
};

const isFunctionalScore = (score: number): boolean => Number.isInteger(score) && score >= 1 && score <= 5;

/** The hospital's health information as the domain records it; scores outside 1–5 (e.g. 9 "not relevant") are left out. */
export const healthInformationOf = (facts: HealthInformationFacts, sentAt: string) => {
  const expectedNeeds = [
    facts.patientStatus && `Pasientens status: ${facts.patientStatus}`,
    facts.expectedCourse && `Antatt forløp: ${facts.expectedCourse}`,
  ]
    .filter(Boolean)
    .join('\n');
  const scores = Object.entries(facts.functionalAssessment).filter(([, score]) => isFunctionalScore(score));
  const wantedServices: WantedService[] = facts.wantedServices.map((service) => ({ ...service }));
  return {
    expectedNeeds,
    ...(facts.expectedReadyOn ? { expectedReadyDate: osloDayOf(facts.expectedReadyOn) } : {}),
    ...(scores.length > 0 ? { functionalAssessment: Object.fromEntries(scores) } : {}),
    ...(wantedServices.length > 0 ? { wantedServices } : {}),
    ...(facts.admittedAt ? { admittedAt: instantOf(facts.admittedAt, sentAt) } : {}),
  };
};

const notifyAdmission = (
  context: MessageContext,
  caseId: string,
  admittedAt: string,
  more: { expectedNeeds?: string; functionalAssessment?: Record<string, number>; expectedReadyDate?: string; wantedServices?: WantedService[] } = {},
): TransferCaseCommand => ({
  type: 'NotifyAdmission',
  caseId,
  occurredAt: context.sentAt,
  patient: context.patient,
  hospital: context.hospital,
  municipalityCode: context.municipalityCode,
  admittedAt,
  ...more,
  expectedNeeds: more.expectedNeeds ?? '',
});

/** What a new (N, or M for Helseopplysninger) message records, given the case it is about (none: no open case). */
export const planFacts = (
  message: PloMessage,
  context: MessageContext,
  target: CaseAtHand | undefined,
  newCaseId: string,
): Plan => {
  const { facts } = message;
  const { sentAt } = context;
  const park = (reason: Parking): Plan => ({ kind: 'park', parking: reason });
  switch (facts.use) {
    case 'HELSEOPPL_SOKNAD': {
      const { admittedAt, ...information } = healthInformationOf(facts, sentAt);
      if (target) {
        return {
          kind: 'commands',
          caseId: target.caseId,
          commands: [{ type: 'GiveHealthInformation', caseId: target.caseId, occurredAt: sentAt, ...information }],
        };
      }
      return { kind: 'commands', caseId: newCaseId, commands: [notifyAdmission(context, newCaseId, admittedAt ?? sentAt, information)] };
    }
    case 'LOG_INNLAGT': {
      if (target) return { kind: 'nothing', caseId: target.caseId };
      if (!facts.admittedAt) return park(parking.eventMissing(EVENT_CODE.admitted));
      return { kind: 'commands', caseId: newCaseId, commands: [notifyAdmission(context, newCaseId, instantOf(facts.admittedAt, sentAt))] };
    }
    case 'LOG_UTSKRIVNINGSKLAR': {
      if (!facts.readyOn) return park(parking.eventMissing(EVENT_CODE.ready));
      const caseId = target?.caseId ?? newCaseId;
      const declare: TransferCaseCommand = {
        type: 'DeclareDischargeReadiness',
        caseId,
        occurredAt: sentAt,
        declaredAt: instantOf(facts.readyOn, sentAt),
        criteria: { admissionProblemsClarified: true, otherProblemsClarified: true, diagnosisAndPlanSettled: true, functionalLevelAssessed: true },
        attestation: { source: 'plo', msgId: context.msgId, ...(facts.clinician ? { clinician: facts.clinician } : {}) },
      };
      if (target) return { kind: 'commands', caseId, commands: [declare] };
      if (!facts.admittedAt) return park(parking.eventMissing(EVENT_CODE.admitted));
      return { kind: 'commands', caseId, commands: [notifyAdmission(context, caseId, instantOf(facts.admittedAt, sentAt)), declare] };
    }
    case 'LOG_AVMELDING': {
      if (!facts.revokedOn) return park(parking.eventMissing(EVENT_CODE.revoked));
      if (!target) return park(parking.noOpenCase());
      const revokedAt = instantOf(facts.revokedOn, sentAt);
      return {
        kind: 'commands',
        caseId: target.caseId,
        commands: [
          {
            type: 'RevokeDischargeReadiness',
            caseId: target.caseId,
            occurredAt: revokedAt,
            revokedAt,
            reason: 'other',
            ...(facts.text ? { text: facts.text } : {}),
          },
        ],
      };
    }
    case 'LOG_UTSKREVET': {
      if (!facts.dischargedOn) return park(parking.eventMissing(EVENT_CODE.discharged));
      if (!target) return park(parking.noOpenCase());
      const at = instantOf(facts.dischargedOn, sentAt);
      if (facts.condition !== undefined && DEAD.has(facts.condition)) {
        return { kind: 'commands', caseId: target.caseId, commands: [died(target.caseId, at, osloDayOf(facts.dischargedOn))] };
      }
      if (facts.destination === undefined || !MUNICIPAL_DESTINATIONS.has(facts.destination)) {
        return park(parking.destinationNotMunicipal(facts.destinationText ?? facts.destination));
      }
      const decision = target.state.decisions.at(-1);
      if (!decision) return park(parking.noDecision());
      return {
        kind: 'commands',
        caseId: target.caseId,
        commands: [{ type: 'TransferPatient', caseId: target.caseId, occurredAt: at, transferredAt: at, decisionId: decision.decisionId }],
      };
    }
    case 'LOG_DOD': {
      if (!facts.diedOn) return park(parking.eventMissing(EVENT_CODE.died));
      if (!target) return park(parking.noOpenCase());
      return {
        kind: 'commands',
        caseId: target.caseId,
        commands: [died(target.caseId, instantOf(facts.diedOn, sentAt), osloDayOf(facts.diedOn))],
      };
    }
  }
};

const died = (caseId: string, at: string, diedAt: string): TransferCaseCommand => ({
  type: 'WithdrawCase',
  caseId,
  occurredAt: at,
  reason: 'died',
  diedAt,
});
