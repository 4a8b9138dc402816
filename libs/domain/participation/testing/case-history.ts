import type {
  CaseEventRecord,
  ChoiceStatedBy,
  DecidedByRole,
  DeviationCategory,
  FollowUpOutcome,
  Instant,
  ParticipantRole,
  PresentationChannel,
  PresentedOption,
  RevocationReason,
  ServiceType,
  TransferCaseEvent,
  VisitMode,
  VisitParticipant,
  WishChannel,
  WishSource,
} from '#libs/domain/transfer-case/events.js';

/** Synthetic (Tenor: month + 80), so never a real person's. */
export const SAMPLE_NATIONAL_ID = '15833841383';
export const SAMPLE_HOSPITAL_ORG_NUMBER = '983974805';
export const SAMPLE_MUNICIPALITY_CODE = '0301';

const HOUR_MS = 60 * 60 * 1000;

export interface CaseHistoryOptions {
  caseId?: string;
  /** When the admission is notified. */
  start?: Instant;
  /** How far the clock moves after each event. */
  spacingMinutes?: number;
  nationalId?: string;
}

/** An option as a service type, with its consequences spelt out unless given; `available: false` if it cannot be had. */
export type OptionSpec = ServiceType | { serviceType: ServiceType; consequences?: string; available?: boolean };

export interface PresentationSpec {
  /** Default `in_dialogue`. */
  channel?: PresentationChannel;
  /** For `in_dialogue`: default the latest visit. */
  visitId?: string;
}

export interface DecisionSpec {
  decisionId?: string;
  by?: DecidedByRole;
  deviation?: DeviationCategory;
  appealInformationGiven?: boolean;
}

/**
 * A case's stream told as a story, e.g.
 * `caseHistory().admitted().visited(['user', 'municipal_caseworker']).decided('home_care').build()`.
 * Each event happens on the clock and is recorded at once, then the clock moves on by the spacing;
 * `backdated(hours)` makes the next event happen that much earlier than it is recorded.
 */
export class CaseHistoryBuilder {
  readonly caseId: string;
  private readonly records: CaseEventRecord[] = [];
  private readonly spacingMs: number;
  private readonly nationalId: string;
  private clock: number;
  private backdateNextMs = 0;
  private autoVisits = 0;
  private presentationCount = 0;
  private decisionCount = 0;
  private readonly visits: string[] = [];
  private latestOptions: PresentedOption[] = [];
  private latestPresentationId: string | undefined;
  private readonly decisions: string[] = [];

  constructor(options: CaseHistoryOptions = {}) {
    this.caseId = options.caseId ?? '5b0c8a52-7f6e-4d1a-9c3b-2e8f1a6d4c70';
    this.clock = Date.parse(options.start ?? '2026-03-02T08:00:00.000Z');
    this.spacingMs = (options.spacingMinutes ?? 60) * 60 * 1000;
    this.nationalId = options.nationalId ?? SAMPLE_NATIONAL_ID;
  }

  /** The visit ids so far, in order. */
  get visitIds(): readonly string[] {
    return this.visits;
  }

  get decisionIds(): readonly string[] {
    return this.decisions;
  }

  /** The service types offered by the latest presentation. */
  get latestServiceTypesOffered(): ServiceType[] {
    return this.latestOptions.map((option) => option.serviceType);
  }

  /** Moves the clock to a later instant. */
  at(instant: Instant): this {
    const to = Date.parse(instant);
    if (to < this.clock) throw new Error(`The clock cannot go back to ${instant}; use backdated()`);
    this.clock = to;
    return this;
  }

  wait(hours: number): this {
    this.clock += hours * HOUR_MS;
    return this;
  }

  /** The next event happened `hours` before it is recorded. */
  backdated(hours: number): this {
    this.backdateNextMs = hours * HOUR_MS;
    return this;
  }

  admitted(): this {
    return this.happen((at) => ({
      type: 'AdmissionNotified',
      data: {
        caseId: this.caseId,
        patient: { nationalId: this.nationalId, name: 'Kari Nordmann' },
        hospital: { orgNumber: SAMPLE_HOSPITAL_ORG_NUMBER, name: 'Sykehuset', department: 'Medisinsk avdeling' },
        municipalityCode: SAMPLE_MUNICIPALITY_CODE,
        admittedAt: at,
        expectedNeeds: 'Help with daily activities after a hip fracture',
      },
    }));
  }

  hospitalRecommended(serviceType: ServiceType): this {
    return this.happen(() => ({
      type: 'HospitalRecommendationGiven',
      data: { serviceType, rationale: `The ward recommends ${serviceType}` },
    }));
  }

  wishRelayed(source: WishSource, channel: WishChannel, serviceType?: ServiceType): this {
    return this.happen(() => ({
      type: 'UserWishRelayed',
      data: { source, channel, ...(serviceType && { serviceType }), statement: `Wishes for ${serviceType ?? 'help'}` },
    }));
  }

  readyForDischarge(): this {
    return this.happen((at) => ({
      type: 'DischargeReadinessDeclared',
      data: {
        declaredAt: at,
        criteria: {
          admissionProblemsClarified: true,
          otherProblemsClarified: true,
          diagnosisAndPlanSettled: true,
          functionalLevelAssessed: true,
        },
      },
    }));
  }

  readinessRevoked(reason: RevocationReason = 'complication'): this {
    return this.happen((at) => ({ type: 'DischargeReadinessRevoked', data: { revokedAt: at, reason } }));
  }

  visited(
    participants: readonly (ParticipantRole | VisitParticipant)[],
    options: { mode?: VisitMode; visitId?: string } = {},
  ): this {
    const visitId = options.visitId ?? `visit-${++this.autoVisits}`;
    this.visits.push(visitId);
    return this.happen((at) => ({
      type: 'MunicipalVisitConducted',
      data: {
        visitId,
        occurredAt: at,
        mode: options.mode ?? 'in_person',
        participants: participants.map((participant) =>
          typeof participant === 'string' ? { role: participant } : participant,
        ),
        informationGiven: 'What the municipality can offer',
      },
    }));
  }

  optionsPresented(options: readonly OptionSpec[], spec: PresentationSpec = {}): this {
    const presentationId = `presentation-${++this.presentationCount}`;
    const channel = spec.channel ?? 'in_dialogue';
    const visitId = channel === 'in_dialogue' ? (spec.visitId ?? this.visits.at(-1)) : undefined;
    if (channel === 'in_dialogue' && visitId === undefined) throw new Error('Options in dialogue need a visit');
    this.latestPresentationId = presentationId;
    this.latestOptions = options.map((option, index) => {
      const { serviceType, consequences = `What ${serviceType} means day to day`, available } =
        typeof option === 'string' ? { serviceType: option } : option;
      return {
        optionId: `${presentationId}-${index + 1}`,
        serviceType,
        description: serviceType,
        consequences,
        ...(available !== undefined && { available }),
      };
    });
    const presented = this.latestOptions;
    return this.happen((at) => ({
      type: 'OptionsPresented',
      data: { presentationId, presentedAt: at, channel, ...(visitId && { visitId }), options: presented },
    }));
  }

  /** Chooses the option of that service type in the latest presentation. */
  chose(serviceType: ServiceType, statedBy: ChoiceStatedBy = 'user'): this {
    const option = this.latestOptions.find((candidate) => candidate.serviceType === serviceType);
    const presentationId = this.latestPresentationId;
    if (option === undefined || presentationId === undefined) throw new Error(`No ${serviceType} option presented`);
    return this.happen(() => ({
      type: 'UserChoiceRecorded',
      data: { presentationId, optionId: option.optionId, statedBy },
    }));
  }

  declinedDialogue(): this {
    return this.happen((at) => ({ type: 'UserDeclinedDialogue', data: { occurredAt: at, statement: 'No meeting' } }));
  }

  decided(serviceType: ServiceType, spec: DecisionSpec = {}): this {
    const decisionId = spec.decisionId ?? `decision-${++this.decisionCount}`;
    this.decisions.push(decisionId);
    return this.happen((at) => ({
      type: 'AllocationDecided',
      data: {
        decisionId,
        serviceType,
        startDate: at.slice(0, 10),
        decidedAt: at,
        decidedBy: { role: spec.by ?? 'municipal_caseworker' },
        rationale: `Granted ${serviceType}`,
        ...(spec.deviation && { deviationReason: { category: spec.deviation, text: 'Why not the choice' } }),
        ...(spec.appealInformationGiven !== undefined && { appealInformationGiven: spec.appealInformationGiven }),
      },
    }));
  }

  /** Appeals the latest decision unless told which. */
  appealed(decisionId = this.latestDecisionId()): this {
    return this.happen((at) => ({
      type: 'DecisionAppealed',
      data: { decisionId, appealedAt: at, grounds: 'Wants another service' },
    }));
  }

  transferred(decisionId = this.latestDecisionId()): this {
    return this.happen((at) => ({ type: 'PatientTransferred', data: { transferredAt: at, decisionId } }));
  }

  followedUp(outcome: FollowUpOutcome): this {
    return this.happen((at) => ({ type: 'FollowUpRecorded', data: { reviewedAt: at, outcome } }));
  }

  build(): CaseEventRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  private latestDecisionId(): string {
    const decisionId = this.decisions.at(-1);
    if (decisionId === undefined) throw new Error('No decision yet');
    return decisionId;
  }

  private happen(event: (occurredAt: Instant) => TransferCaseEvent): this {
    const occurredAt = new Date(this.clock - this.backdateNextMs).toISOString();
    this.records.push({
      ...event(occurredAt),
      occurredAt,
      recordedAt: new Date(this.clock).toISOString(),
      revision: this.records.length,
    });
    this.backdateNextMs = 0;
    this.clock += this.spacingMs;
    return this;
  }
}

export const caseHistory = (options?: CaseHistoryOptions): CaseHistoryBuilder => new CaseHistoryBuilder(options);
