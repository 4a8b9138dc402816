import { DateTime } from 'luxon';
import type {
  CaseEventRecord,
  DeadlineKind,
  DischargeReadinessCriteria,
  Instant,
  LocalDate,
  TransferCaseEvent,
} from '#libs/domain/transfer-case/events.js';

/** Builds case streams for the regulation's tests; times are written as Oslo wall-clock time. */

export const CASE_ID = '6f1d2a4e-8c1b-4a57-9d3e-2b7f0c9e5a11';
export const OSLO_MUNICIPALITY = '0301';

export const ALL_CRITERIA: DischargeReadinessCriteria = {
  admissionProblemsClarified: true,
  otherProblemsClarified: true,
  diagnosisAndPlanSettled: true,
  functionalLevelAssessed: true,
};

/** `2024-03-30T23:30` in Europe/Oslo as a UTC instant. */
export function oslo(local: string): Instant {
  const parsed = DateTime.fromISO(local, { zone: 'Europe/Oslo' });
  if (!parsed.isValid) throw new Error(`bad Oslo time ${local}`);
  return new Date(parsed.toMillis()).toISOString();
}

interface Options {
  /** Oslo time the event happened in the world. */
  readonly at: string;
  /** Oslo time it was recorded; defaults to `at`. */
  readonly recordedAt?: string;
}

export class CaseStream {
  readonly events: CaseEventRecord[] = [];

  static admitted(
    admittedAt: string,
    options: Partial<Options> & { municipalityCode?: string; needIdentifiedAt?: string } = {},
  ): CaseStream {
    return new CaseStream().add(
      {
        type: 'AdmissionNotified',
        data: {
          caseId: CASE_ID,
          patient: { nationalId: '01017012345', name: 'Kari Nordmann' },
          hospital: { orgNumber: '974589095', name: 'Sykehuset', department: 'Medisinsk' },
          municipalityCode: options.municipalityCode ?? OSLO_MUNICIPALITY,
          admittedAt: oslo(admittedAt),
          ...(options.needIdentifiedAt ? { needIdentifiedAt: oslo(options.needIdentifiedAt) } : {}),
          expectedNeeds: 'home care',
        },
      },
      { at: options.at ?? admittedAt, ...(options.recordedAt ? { recordedAt: options.recordedAt } : {}) },
    );
  }

  get lastRevision(): number {
    return this.events.length - 1;
  }

  declare(
    at: string,
    more: { declaredAt?: string; criteria?: Partial<DischargeReadinessCriteria> } & Partial<Options> = {},
  ) {
    const criteria = { ...ALL_CRITERIA, ...more.criteria };
    return this.add(
      { type: 'DischargeReadinessDeclared', data: { declaredAt: oslo(more.declaredAt ?? at), criteria } },
      { at, ...more },
    );
  }

  respond(at: string, canReceive: boolean, more: { expectedReadyDate?: LocalDate } & Partial<Options> = {}) {
    const expected = more.expectedReadyDate ? { expectedReadyDate: more.expectedReadyDate } : {};
    const data = { respondedAt: oslo(at), canReceive, ...expected };
    return this.add({ type: 'MunicipalResponseGiven', data }, { at, ...more });
  }

  revoke(at: string, more: Partial<Options> = {}) {
    const data = { revokedAt: oslo(at), reason: 'complication' } as const;
    return this.add({ type: 'DischargeReadinessRevoked', data }, { at, ...more });
  }

  transfer(at: string, more: Partial<Options> = {}) {
    return this.add({ type: 'PatientTransferred', data: { transferredAt: oslo(at), decisionId: 'd-1' } }, { at, ...more });
  }

  withdraw(at: string) {
    return this.add({ type: 'CaseWithdrawn', data: { reason: 'died' } }, { at });
  }

  visit(at: string) {
    return this.add(
      {
        type: 'MunicipalVisitConducted',
        data: {
          visitId: `v-${this.events.length}`,
          occurredAt: oslo(at),
          mode: 'in_person',
          participants: [{ role: 'municipal_caseworker' }],
          informationGiven: 'the options',
        },
      },
      { at },
    );
  }

  declineDialogue(at: string, more: Partial<Options> = {}) {
    return this.add({ type: 'UserDeclinedDialogue', data: { occurredAt: oslo(at) } }, { at, ...more });
  }

  /** The scheduler's record that a deadline passed unmet. */
  missed(deadline: { deadlineId: string; kind: DeadlineKind; dueAt: Instant }, at: string) {
    const data = { deadline: deadline.kind, deadlineId: deadline.deadlineId, dueAt: deadline.dueAt };
    return this.add({ type: 'DeadlineMissed', data }, { at });
  }

  private add(event: TransferCaseEvent, options: Options): this {
    this.events.push({
      ...event,
      occurredAt: oslo(options.at),
      recordedAt: oslo(options.recordedAt ?? options.at),
      revision: this.events.length,
    });
    return this;
  }
}
