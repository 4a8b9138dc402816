import {
  DEADLINE_KINDS,
  type CaseEventRecord,
  type DeadlineKind,
  type DischargeReadinessCriteria,
  type Instant,
  type LocalDate,
} from '#libs/domain/transfer-case/events.js';
import { factTime, inWorldOrder } from '#libs/domain/transfer-case/event-times.js';
import { isBefore } from '#libs/domain/transfer-case/time.js';
import {
  caseTimeline,
  type CaseTimeline,
  type Ending,
  type EpisodeEndReason,
  type ReadinessEpisode,
} from './case-timeline.js';
import {
  addCalendarDays,
  addHours,
  addWorkingDays,
  endOfOsloDay,
  osloDateOf,
  toUtcInstant,
  type WorkingDayCalendar,
} from './oslo-calendar.js';
import {
  effectiveRules,
  type DayRule,
  type DeadlineRule,
  type EffectiveRules,
  type RegulationConfig,
} from './regulation-config.js';

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'cancelled';
export type CancelReason = EpisodeEndReason | 'dialogue_declined';

export interface Deadline {
  /** `<caseId>.<kind>.<triggerRevision>`: the same on every replay, and usable as a BullMQ job id (no ':'). */
  readonly deadlineId: string;
  readonly caseId: string;
  readonly kind: DeadlineKind;
  /** Revision of the event that opened the deadline. */
  readonly triggerRevision: number;
  readonly startsAt: Instant;
  /** Exclusive: an act at or after this instant is late. */
  readonly dueAt: Instant;
  readonly status: DeadlineStatus;
  /** When the required act occurred: in time when `met`, late when `missed`. */
  readonly metAt?: Instant;
  readonly cancelledAt?: Instant;
  readonly cancelReason?: CancelReason;
}

/** The hospital's §§ 8–10 compliance on a case. */
export interface CaseCompliance {
  /** § 8: the admission notice came 24 hours (as configured) or more after `admittedAt`. */
  readonly noticeLate: boolean;
  /** § 10: a readiness notice reached the municipality after the day of its `declaredAt`. */
  readonly readinessNoticeLate: boolean;
  /** § 9: readiness was declared without all four criteria. */
  readonly readinessCriteriaIncomplete: boolean;
}

/** A deadline as opened, before it is judged against what happened. */
interface Opened {
  readonly kind: DeadlineKind;
  readonly trigger: CaseEventRecord;
  readonly startsAt: Instant;
  readonly dueAt: Instant;
  /** When the required act occurred, if it did. */
  readonly actedAt?: Instant;
  /** What ended the deadline's reason to exist, if anything did; an act takes precedence. */
  readonly end?: { readonly reason: CancelReason; readonly at: Instant };
}

/**
 * Every deadline of a case, in the order they were opened. Each is judged on when things happened in the world
 * (`factTime`; the notices on their `occurredAt`), never on when or in which order they were recorded:
 * - acted before `dueAt`: `met` (even if a `DeadlineMissed` was recorded meanwhile: the act was backdated);
 *   acted at or after `dueAt`: `missed`, with `metAt` the late act;
 * - no act, but its reason to exist ended (revocation, transfer, withdrawal, declined dialogue): `cancelled`
 *   when that happened before `dueAt`, else `missed`;
 * - otherwise `missed` once a `DeadlineMissed` names it, else `open` (an overdue deadline stays `open` until
 *   the scheduler records the miss: the answer depends on the events only, never on a clock).
 * `admission_notice` and `readiness_notice` are acted on by the very event that reveals them, so they are
 * never open: they are the hospital's compliance, summed up by `caseCompliance`.
 */
export function computeDeadlines(events: readonly CaseEventRecord[], config: RegulationConfig): Deadline[] {
  const timeline = caseTimeline(events);
  const rules = effectiveRules(config, timeline.admission.data.municipalityCode);
  const opened = [
    ...(timeline.admissionCancelled ? [] : [admissionNotice(timeline, rules), ...visit(timeline, rules)]),
    ...timeline.episodes.flatMap((episode) => [
      readinessNotice(episode, rules),
      municipalResponse(episode, rules),
      ...expectedReady(episode, rules),
    ]),
  ];
  return opened
    .map((deadline) => judge(timeline.admission.data.caseId, deadline, timeline.missedDeadlineIds))
    .sort((a, b) => a.triggerRevision - b.triggerRevision || kindOrder(a.kind) - kindOrder(b.kind));
}

export function caseCompliance(events: readonly CaseEventRecord[], config: RegulationConfig): CaseCompliance {
  const deadlines = computeDeadlines(events, config);
  const missed = (kind: DeadlineKind) =>
    deadlines.some((deadline) => deadline.kind === kind && deadline.status === 'missed');
  return {
    noticeLate: missed('admission_notice'),
    readinessNoticeLate: missed('readiness_notice'),
    readinessCriteriaIncomplete: caseTimeline(events).episodes.some(
      (episode) => !readinessCriteriaComplete(episode.declaration.data.criteria),
    ),
  };
}

/** § 9 a–d: all four must hold. */
export function readinessCriteriaComplete(criteria: DischargeReadinessCriteria): boolean {
  return (
    criteria.admissionProblemsClarified &&
    criteria.otherProblemsClarified &&
    criteria.diagnosisAndPlanSettled &&
    criteria.functionalLevelAssessed
  );
}

/** The open deadline due first (ties broken by id, so the answer is stable), if any. */
export function nextOpenDeadline(deadlines: readonly Deadline[]): Deadline | undefined {
  return deadlines
    .filter((deadline) => deadline.status === 'open')
    .reduce<Deadline | undefined>((first, deadline) => {
      if (!first) return deadline;
      const order = Date.parse(deadline.dueAt) - Date.parse(first.dueAt);
      return order < 0 || (order === 0 && deadline.deadlineId < first.deadlineId) ? deadline : first;
    }, undefined);
}

/** § 8: from the admission, or from when the need for municipal services became known, if that was later in the stay. */
function admissionNotice(timeline: CaseTimeline, rules: EffectiveRules): Opened {
  const { admission } = timeline;
  const { admittedAt, needIdentifiedAt } = admission.data;
  const startsAt = needIdentifiedAt !== undefined && isBefore(admittedAt, needIdentifiedAt) ? needIdentifiedAt : admittedAt;
  return {
    kind: 'admission_notice',
    trigger: admission,
    startsAt,
    dueAt: dueAfter(rules.deadlines.admissionNotice, startsAt, rules.workingDays),
    actedAt: admission.occurredAt,
  };
}

function visit(timeline: CaseTimeline, rules: EffectiveRules): Opened[] {
  const rule = rules.deadlines.visit;
  if (!rule) return [];
  const { admission, closing } = timeline;
  const [visited] = timeline.visitsConducted;
  const [declined] = timeline.dialogueDeclined;
  const opened = {
    kind: 'visit',
    trigger: admission,
    startsAt: admission.occurredAt,
    dueAt: dueAfter(rule, admission.occurredAt, rules.workingDays),
  } as const;
  if (visited && (!declined || inWorldOrder([visited, declined])[0] === visited)) {
    return [{ ...opened, actedAt: factTime(visited) }];
  }
  // The user may choose not to meet: then no visit is owed.
  if (declined) return [{ ...opened, end: { reason: 'dialogue_declined', at: factTime(declined) } }];
  return [{ ...opened, end: endOf(closing) }];
}

function readinessNotice({ declaration }: ReadinessEpisode, rules: EffectiveRules): Opened {
  return {
    kind: 'readiness_notice',
    trigger: declaration,
    startsAt: declaration.data.declaredAt,
    dueAt: dueAfter(rules.deadlines.readinessNotice, declaration.data.declaredAt, rules.workingDays),
    actedAt: declaration.occurredAt,
  };
}

/** Any answer, can or cannot receive, meets it. */
function municipalResponse(episode: ReadinessEpisode, rules: EffectiveRules): Opened {
  const { declaration, responses } = episode;
  return {
    kind: 'municipal_response',
    trigger: declaration,
    startsAt: declaration.occurredAt,
    dueAt: dueAfter(rules.deadlines.municipalResponse, declaration.occurredAt, rules.workingDays),
    actedAt: responses[0] && factTime(responses[0]),
    end: endOf(episode.end),
  };
}

/**
 * A "cannot receive" with an `expectedReadyDate` opens one. The office meets it by announcing the service
 * ready (`canReceive: true`) or by giving another expected date, which opens the next one. A response
 * repeating the same date, or giving none, changes nothing.
 */
function expectedReady(episode: ReadinessEpisode, rules: EffectiveRules): Opened[] {
  const settled: Opened[] = [];
  let open: (Opened & { readonly date: LocalDate }) | undefined;
  for (const response of episode.responses) {
    const { canReceive, expectedReadyDate } = response.data;
    const newDate = canReceive ? undefined : expectedReadyDate;
    if (open && (canReceive || (newDate !== undefined && newDate !== open.date))) {
      settled.push({ ...open, actedAt: factTime(response) });
      open = undefined;
    }
    if (newDate !== undefined && !open) {
      open = {
        kind: 'expected_ready',
        trigger: response,
        startsAt: factTime(response),
        dueAt: endOfDayAfter(rules.deadlines.expectedReady, newDate, rules.workingDays),
        date: newDate,
      };
    }
  }
  return open ? [...settled, { ...open, end: endOf(episode.end) }] : settled;
}

function judge(caseId: string, opened: Opened, missedDeadlineIds: ReadonlySet<string>): Deadline {
  const deadlineId = `${caseId}.${opened.kind}.${opened.trigger.revision}`;
  const deadline = {
    deadlineId,
    caseId,
    kind: opened.kind,
    triggerRevision: opened.trigger.revision,
    startsAt: toUtcInstant(opened.startsAt),
    dueAt: opened.dueAt,
  };
  const { actedAt, end } = opened;
  if (actedAt !== undefined) {
    return { ...deadline, status: isBefore(actedAt, opened.dueAt) ? 'met' : 'missed', metAt: toUtcInstant(actedAt) };
  }
  if (end && isBefore(end.at, opened.dueAt)) {
    return { ...deadline, status: 'cancelled', cancelledAt: toUtcInstant(end.at), cancelReason: end.reason };
  }
  return { ...deadline, status: end || missedDeadlineIds.has(deadlineId) ? 'missed' : 'open' };
}

function endOf(ending: Ending<EpisodeEndReason> | undefined): Opened['end'] {
  return ending && { reason: ending.reason, at: factTime(ending.record) };
}

function dueAfter(rule: DeadlineRule, start: Instant, calendar: WorkingDayCalendar): Instant {
  return rule.unit === 'hours' ? addHours(start, rule.amount) : endOfDayAfter(rule, osloDateOf(start), calendar);
}

function endOfDayAfter(rule: DayRule, date: LocalDate, calendar: WorkingDayCalendar): Instant {
  const lastDay =
    rule.unit === 'calendar_days' ? addCalendarDays(date, rule.amount) : addWorkingDays(date, rule.amount, calendar);
  return endOfOsloDay(lastDay);
}

const kindOrder = (kind: DeadlineKind): number => DEADLINE_KINDS.indexOf(kind);
