import type { CaseCommands } from '#libs/application/case-commands.js';
import { RuleViolationError } from '#libs/application/case-command-errors.js';
import { loadCase, type LoadedCase } from '#libs/application/case-events.js';
import type { TransferCaseCommand, TransferCaseCommandType } from '#libs/domain/transfer-case/commands.js';
import { decide, type DecideContext } from '#libs/domain/transfer-case/decide.js';
import type { TransferCaseEventType } from '#libs/domain/transfer-case/events.js';
import type { DomainRule } from '#libs/domain/transfer-case/rules.js';
import { evolve } from '#libs/domain/transfer-case/state.js';
import type { Actor, EventSource, EventStore } from '#libs/event-store/event-store.port.js';
import { eventsOfMessage } from '../mapping/cancellation-plan.js';

/** The event each command of the intake records first; a retried message skips what it already recorded. */
const RECORDS: Partial<Record<TransferCaseCommandType, TransferCaseEventType>> = {
  NotifyAdmission: 'AdmissionNotified',
  GiveHealthInformation: 'HealthInformationGiven',
  DeclareDischargeReadiness: 'DischargeReadinessDeclared',
  RevokeDischargeReadiness: 'DischargeReadinessRevoked',
  TransferPatient: 'PatientTransferred',
  WithdrawCase: 'CaseWithdrawn',
  CancelNotice: 'NoticeCancelled',
};

export type Recorded = { readonly ok: true; readonly events: readonly string[] } | { readonly ok: false; readonly rule: DomainRule };

export interface RecordingContext {
  readonly msgId: string;
  readonly actor: Actor;
  readonly source: EventSource;
}

/**
 * Records a message's commands on one case through the command path. All of them are first decided on the case as it
 * is (the same pure decider), so a message is recorded whole or not at all; the events this message already recorded
 * (a retry after a crash, found by the MsgId in their source) are not recorded again.
 */
export const recordPlan = async (
  deps: { readonly store: EventStore; readonly commands: CaseCommands; readonly decideContext: () => DecideContext },
  caseId: string,
  commands: readonly TransferCaseCommand[],
  context: RecordingContext,
  /** The case as just read, when the caller has it. */
  read?: LoadedCase,
): Promise<Recorded> => {
  const loaded = read ?? (await loadCase(deps.store, caseId));
  const already = eventsOfMessage(loaded.events, context.msgId).map((event) => event.type);
  const toRun: TransferCaseCommand[] = [];
  let state = loaded.state;
  const decideContext = deps.decideContext();
  for (const command of commands) {
    if (already.includes(RECORDS[command.type] ?? '')) continue;
    const result = decide(command, state, decideContext);
    if (!result.ok) return { ok: false, rule: result.error.rule };
    state = result.events.reduce(evolve, state);
    toRun.push(command);
  }
  const events = [...already];
  for (const command of toRun) {
    try {
      const outcome = await deps.commands.execute(command, {
        actor: context.actor,
        source: context.source,
        correlationId: context.msgId,
        causationId: null,
      });
      events.push(...outcome.recorded.map((event) => event.type));
    } catch (error) {
      // Decided on a case that moved meanwhile: refused as a whole when nothing is recorded yet.
      if (error instanceof RuleViolationError && events.length === already.length) return { ok: false, rule: error.rule };
      throw error;
    }
  }
  return { ok: true, events };
};
