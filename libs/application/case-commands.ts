import { randomUUID } from 'node:crypto';
import type { Actor, EventStore, NewEvent, Position } from '#libs/event-store/event-store.port.js';
import { WrongExpectedVersionError } from '#libs/event-store/errors.js';
import type { TransferCaseCommand } from '#libs/domain/transfer-case/commands.js';
import { decide } from '#libs/domain/transfer-case/decide.js';
import { caseStreamName, type TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import type { TransferCaseState } from '#libs/domain/transfer-case/state.js';
import { CaseNotFoundError, RuleViolationError, StaleRevisionError } from './case-command-errors.js';
import { loadCase } from './case-stream.js';

export const EVENT_SCHEMA_VERSION = 1;

export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** The revision the caller last saw (`If-Match`); when given, a moved case is refused instead of retried. */
  readonly expectedRevision?: bigint;
  /** Throws when the caller may not act on this case; runs on the loaded state before anything is decided. */
  readonly authorize?: (state: TransferCaseState) => void;
}

export interface CommandOutcome {
  readonly caseId: string;
  readonly revision: bigint;
  readonly position: Position;
  /** The events this command recorded: none for an idempotent retry. */
  readonly recorded: readonly TransferCaseEvent[];
}

export interface CaseCommandSettings {
  readonly now: () => Date;
  readonly allowSyntheticIds: boolean;
  readonly maxAttempts?: number;
  readonly onAppended?: (events: readonly TransferCaseEvent[]) => void;
}

const jitter = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));

/** Load, decide, append: the one path every command of a case takes, from the API and from the worker. */
export class CaseCommands {
  constructor(
    private readonly store: EventStore,
    private readonly settings: CaseCommandSettings,
  ) {}

  async execute(command: TransferCaseCommand, context: CommandContext): Promise<CommandOutcome> {
    const maxAttempts = context.expectedRevision === undefined ? (this.settings.maxAttempts ?? 6) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(command, context);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (context.expectedRevision !== undefined) {
          throw new StaleRevisionError(
            context.expectedRevision,
            error.actualRevision === 'no_stream' ? null : error.actualRevision,
          );
        }
        if (attempt >= maxAttempts) throw error;
        await jitter(attempt);
      }
    }
  }

  private async attempt(command: TransferCaseCommand, context: CommandContext): Promise<CommandOutcome> {
    const loaded = await loadCase(this.store, command.caseId);
    if (context.expectedRevision !== undefined && loaded.revision !== context.expectedRevision) {
      throw new StaleRevisionError(context.expectedRevision, loaded.revision);
    }
    if (loaded.state.admission !== null || command.type !== 'NotifyAdmission') context.authorize?.(loaded.state);

    const result = decide(command, loaded.state, {
      now: this.settings.now(),
      allowSyntheticIds: this.settings.allowSyntheticIds,
    });
    if (!result.ok) {
      if (result.error.rule === 'case-not-found') throw new CaseNotFoundError(command.caseId);
      throw new RuleViolationError(result.error.rule, result.error.message);
    }
    if (result.events.length === 0) {
      return { caseId: command.caseId, revision: loaded.revision!, position: loaded.position!, recorded: [] };
    }

    const events: NewEvent[] = result.events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        occurredAt: command.occurredAt,
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId,
        schemaVersion: EVENT_SCHEMA_VERSION,
      },
    }));
    const appended = await this.store.appendToStream(caseStreamName(command.caseId), events, {
      expectedRevision: loaded.revision ?? 'no_stream',
    });
    this.settings.onAppended?.(result.events);
    return { caseId: command.caseId, revision: appended.nextRevision, position: appended.position, recorded: result.events };
  }
}
