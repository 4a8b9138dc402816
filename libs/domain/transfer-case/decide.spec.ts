import { DateTime } from 'luxon';
import type { TransferCaseCommand, TransferCaseCommandType } from './commands.js';
import { decide } from './decide.js';
import type { TransferCaseEvent } from './events.js';
import { DOMAIN_RULES, DOMAIN_RULE_DESCRIPTIONS, type DomainRule } from './rules.js';
import { CONTEXT, NOW, at, cmd, ev, fold, given, histories } from './spec-helpers.js';

type CommandOnCase = Exclude<TransferCaseCommandType, 'NotifyAdmission'>;

interface Scenario {
  /** A history the command is accepted on. */
  history: TransferCaseEvent[];
  build: (overrides: Record<string, string>) => TransferCaseCommand;
  /** The event's time field (defaulting to occurredAt, except a deadline's dueAt). */
  eventTime?: string;
  /** The event time field is the event's own time, so its occurredAt (event-times.ts), not a time of its own. */
  ownTime?: true;
  /** The rule that refuses the command when its occurredAt is before the admission, if not the time rule itself. */
  refusedBeforeAdmissionBy?: DomainRule;
  /** Likewise when its event time field is before the admission. */
  eventTimeBeforeAdmissionRefusedBy?: DomainRule;
}

const SCENARIOS: Record<CommandOnCase, Scenario> = {
  GiveHospitalRecommendation: { history: histories.admitted, build: cmd.giveHospitalRecommendation },
  RelayUserWish: { history: histories.admitted, build: cmd.relayUserWish },
  DeclareDischargeReadiness: { history: histories.admitted, build: cmd.declareDischargeReadiness, eventTime: 'declaredAt' },
  RevokeDischargeReadiness: {
    history: histories.ready,
    build: cmd.revokeDischargeReadiness,
    eventTime: 'revokedAt',
    ownTime: true,
    eventTimeBeforeAdmissionRefusedBy: 'revocation-before-declaration',
  },
  GiveMunicipalResponse: { history: histories.ready, build: cmd.giveMunicipalResponse, eventTime: 'respondedAt', ownTime: true },
  ScheduleMunicipalVisit: { history: histories.ready, build: cmd.scheduleMunicipalVisit },
  RecordMunicipalVisit: { history: histories.ready, build: cmd.recordMunicipalVisit },
  PresentOptions: { history: histories.visited, build: cmd.presentOptions, eventTime: 'presentedAt', ownTime: true },
  RecordUserChoice: {
    history: histories.presented,
    build: cmd.recordUserChoice,
    refusedBeforeAdmissionBy: 'choice-before-presentation',
  },
  RecordDeclinedDialogue: { history: histories.ready, build: cmd.recordDeclinedDialogue },
  DecideAllocation: { history: histories.chosen, build: cmd.decideAllocation, eventTime: 'decidedAt', ownTime: true },
  AppealDecision: {
    history: histories.decided,
    build: cmd.appealDecision,
    eventTime: 'appealedAt',
    ownTime: true,
    eventTimeBeforeAdmissionRefusedBy: 'appeal-before-decision',
  },
  TransferPatient: {
    history: histories.decided,
    build: cmd.transferPatient,
    eventTime: 'transferredAt',
    ownTime: true,
    eventTimeBeforeAdmissionRefusedBy: 'transfer-before-decision',
  },
  WithdrawCase: { history: histories.ready, build: cmd.withdrawCase },
  RecordFollowUp: {
    history: histories.transferred,
    build: cmd.recordFollowUp,
    eventTime: 'reviewedAt',
    ownTime: true,
    eventTimeBeforeAdmissionRefusedBy: 'follow-up-before-transfer',
  },
  RecordDeadlineMiss: {
    history: histories.ready,
    build: cmd.recordDeadlineMiss,
    eventTime: 'dueAt',
    refusedBeforeAdmissionBy: 'deadline-not-yet-due',
  },
  GiveHealthInformation: { history: histories.admitted, build: cmd.giveHealthInformation },
  CancelNotice: { history: histories.ready, build: cmd.cancelNotice },
};

const scenarios = Object.entries(SCENARIOS) as [CommandOnCase, Scenario][];
const withEventTime = scenarios.filter(([, s]) => s.eventTime !== undefined);
const withOwnTime = scenarios.filter(([, s]) => s.ownTime);
const inMinutes = (minutes: number): string => new Date(NOW.getTime() + minutes * 60_000).toISOString();
/** A time field of its own set to the scenario's valid time, so only occurredAt varies (an own time follows it). */
const fixedEventTime = ({ build, eventTime, ownTime }: Scenario): Record<string, string> =>
  eventTime === undefined || ownTime ? {} : { [eventTime]: build({}).occurredAt };
/** The event time field at `value`, and occurredAt with it where that is the event's own time. */
const eventTimeAt = ({ eventTime, ownTime }: Scenario, value: string): Record<string, string> =>
  ownTime ? { [eventTime!]: value, occurredAt: value } : { [eventTime!]: value };

describe('decide', () => {
  it.each(scenarios)('accepts %s on its scenario', (_, { history, build }) => {
    expect(decide(build({}), fold(history), CONTEXT)).toMatchObject({ ok: true, events: [expect.anything()] });
  });

  describe('a case that does not exist', () => {
    it.each(scenarios)('refuses %s', (_, { build }) => {
      given([]).when(build({})).thenRefuses('case-not-found');
    });

    it.each(scenarios)('refuses %s naming another case', (_, { history, build }) => {
      given(history).when(build({ caseId: 'another-case' })).thenRefuses('case-not-found');
    });
  });

  describe('occurredAt', () => {
    it.each(scenarios)('of %s may run 5 minutes ahead of the clock', (_, scenario) => {
      const command = scenario.build({ occurredAt: inMinutes(5), ...fixedEventTime(scenario) });
      expect(decide(command, fold(scenario.history), CONTEXT)).toMatchObject({ ok: true });
    });

    it.each(scenarios)('of %s is refused further ahead', (_, scenario) => {
      const occurredAt = new Date(NOW.getTime() + 5 * 60_000 + 1).toISOString();
      given(scenario.history)
        .when(scenario.build({ occurredAt, ...fixedEventTime(scenario) }))
        .thenRefuses('occurred-in-future');
    });

    it.each(scenarios)('of %s is refused before the admission', (_, scenario) => {
      const { refusedBeforeAdmissionBy, eventTimeBeforeAdmissionRefusedBy, ownTime } = scenario;
      given(scenario.history)
        .when(scenario.build({ occurredAt: at(-0.5), ...fixedEventTime(scenario) }))
        .thenRefuses(
          refusedBeforeAdmissionBy ?? (ownTime ? eventTimeBeforeAdmissionRefusedBy : undefined) ?? 'occurred-before-admission',
        );
    });

    it.each(scenarios)('of %s must be an ISO 8601 instant with an offset', (_, { history, build }) => {
      given(history).when(build({ occurredAt: '2026-03-02T10:00:00' })).thenRefuses('invalid-time');
    });
  });

  describe("the event's own time field", () => {
    const defaulted = withEventTime.filter(([type]) => type !== 'RecordDeadlineMiss');

    it.each(defaulted)('of %s defaults to occurredAt', (_, { history, build, eventTime }) => {
      const result = decide(build({ occurredAt: at(46.5) }), fold(history), CONTEXT);
      expect(result).toMatchObject({ ok: true, events: [{ data: { [eventTime!]: at(46.5) } }] });
    });

    it.each(defaulted)('of %s is refused in the future', (_, scenario) => {
      given(scenario.history).when(scenario.build(eventTimeAt(scenario, inMinutes(6)))).thenRefuses('occurred-in-future');
    });

    it.each(withEventTime)('of %s is refused before the admission', (_, scenario) => {
      given(scenario.history)
        .when(scenario.build(eventTimeAt(scenario, at(-0.5))))
        .thenRefuses(scenario.eventTimeBeforeAdmissionRefusedBy ?? 'occurred-before-admission');
    });

    it.each(withEventTime)('of %s must be an ISO 8601 instant', (_, { history, build, eventTime }) => {
      given(history).when(build({ [eventTime!]: 'now' })).thenRefuses('invalid-time');
    });
  });

  describe('the fact time (domain.md: an event whose occurredAt is its own time field)', () => {
    it.each(withOwnTime)('of %s, given alone, is also the occurredAt the command carries', (_, scenario) => {
      const result = decide(scenario.build(eventTimeAt(scenario, at(46.5))), fold(scenario.history), CONTEXT);
      expect(result).toMatchObject({ ok: true, events: [{ data: { [scenario.eventTime!]: at(46.5) } }] });
    });

    it.each(withOwnTime)('of %s may be written with another offset than occurredAt: the same instant', (_, scenario) => {
      const inOslo = DateTime.fromISO(at(46.5)).setZone('Europe/Oslo').toISO()!;
      const command = scenario.build({ occurredAt: at(46.5), [scenario.eventTime!]: inOslo });
      expect(decide(command, fold(scenario.history), CONTEXT)).toMatchObject({ ok: true });
    });

    it.each(withOwnTime)('of %s given beside another occurredAt is refused, naming occurredAt', (_, scenario) => {
      const command = scenario.build({ occurredAt: at(46.5), [scenario.eventTime!]: at(46) });
      expect(decide(command, fold(scenario.history), CONTEXT)).toStrictEqual({
        ok: false,
        error: { rule: 'occurred-at-differs-from-fact-time', field: 'occurredAt', message: expect.stringContaining(scenario.eventTime!) },
      });
    });

    it('is checked before anything else: a mismatch on a closed case is still an input error', () => {
      const command = cmd.transferPatient({ occurredAt: at(46.5), transferredAt: at(46) });
      expect(decide(command, fold(histories.withdrawn), CONTEXT)).toMatchObject({ ok: false, error: { field: 'occurredAt' } });
    });
  });

  it('refuses a missed deadline that is due in the future', () => {
    given(histories.ready)
      .when(cmd.recordDeadlineMiss({ dueAt: inMinutes(6), occurredAt: inMinutes(6) }))
      .thenRefuses('occurred-in-future');
  });

  it('acts on whichever case the history and the command name', () => {
    const otherCase = [ev.admitted({ caseId: 'c2' })];
    given(otherCase).when(cmd.relayUserWish({ caseId: 'c2' })).thenEmits([ev.wishRelayed()]);
  });
});

describe('rules', () => {
  it('lists every rule once, each with a description', () => {
    expect(new Set(DOMAIN_RULES).size).toBe(DOMAIN_RULES.length);
    for (const rule of DOMAIN_RULES) {
      expect(rule).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(DOMAIN_RULE_DESCRIPTIONS[rule].length).toBeGreaterThan(10);
    }
  });
});
