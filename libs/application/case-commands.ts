import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { API_SOURCE, type Actor, type EventSource, type EventStore, type NewEvent, type Position } from '#libs/event-store/event-store.port.js';
import { WrongExpectedVersionError } from '#libs/event-store/errors.js';
import type { TransferCaseCommand } from '#libs/domain/transfer-case/commands.js';
import { decide } from '#libs/domain/transfer-case/decide.js';
import { caseStreamName, type TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import { occurredAtOf } from '#libs/domain/transfer-case/event-times.js';
import { evolve, type TransferCaseState } from '#libs/domain/transfer-case/state.js';
import { SCHEMA_VERSIONS } from '#libs/domain/transfer-case/upcasters.js';
import { CaseNotFoundError, RuleViolationError, StaleRevisionError } from './case-command-errors.js';
import { loadCase, type RecordedCommand } from './case-events.js';

export interface CommandContext {
  readonly actor: Actor;
  /** How the fact reached us; default: the API. */
  readonly source?: EventSource;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** The revision the caller last saw (`If-Match`); when given, a moved case is refused instead of retried. */
  readonly expectedRevision?: bigint;
  /** Throws when the caller may not act on this case; runs on the loaded state before anything is decided. */
  readonly authorize?: (state: TransferCaseState) => void;
  /**
   * Names the command (`EventMetadata.commandId`): when the case already holds its events, it was recorded before (a
   * retry whose first answer was lost) and is answered from them, recording nothing, whatever the case holds now.
   */
  readonly commandId?: string;
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
  /** How many case states to keep between commands, least recently used dropped first (0: read every case each time). */
  readonly recentCases?: number;
  readonly onAppended?: (events: readonly TransferCaseEvent[]) => void;
}

/**
 * A case as this process last saw it. Only a hint: every append still names the revision it was decided on, so a stale
 * one costs one conflict and a fresh read, never a wrong write.
 */
interface CaseSnapshot {
  readonly state: TransferCaseState;
  readonly revision: bigint | null;
  readonly position: Position | null;
  readonly commands: ReadonlyMap<string, RecordedCommand>;
}

const jitter = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));

/** Load, decide, append: the one path every command of a case takes, from the API and from the worker. */
export class CaseCommands {
  readonly #recent: LRUCache<string, CaseSnapshot> | null;

  constructor(
    private readonly store: EventStore,
    private readonly settings: CaseCommandSettings,
  ) {
    const max = settings.recentCases ?? 10_000;
    this.#recent = max > 0 ? new LRUCache({ max }) : null;
  }

  async execute(command: TransferCaseCommand, context: CommandContext): Promise<CommandOutcome> {
    const ifMatch = context.expectedRevision;
    const maxAttempts = this.settings.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      // Only the first attempt may use what this process last saw; another process may have appended since.
      const cached = attempt === 1 ? this.#recent?.get(command.caseId) : undefined;
      const snapshot = cached ?? (await this.snapshot(command.caseId));
      // Scope before If-Match: outside it a case answers 404, never a 412 that tells its revision.
      if (snapshot.state.admission !== null || command.type !== 'NotifyAdmission') context.authorize?.(snapshot.state);
      const earlier = context.commandId === undefined ? undefined : snapshot.commands.get(context.commandId);
      if (earlier) return { caseId: command.caseId, revision: earlier.revision, position: earlier.position, recorded: [] };
      if (ifMatch !== undefined && snapshot.revision !== ifMatch) {
        if (cached) continue;
        throw new StaleRevisionError(ifMatch, snapshot.revision);
      }
      try {
        const outcome = await this.decideAndAppend(command, context, snapshot);
        // Nothing appended means no conflict could show a stale state: confirm on the case as it is.
        if (cached && outcome.recorded.length === 0) continue;
        return outcome;
      } catch (error) {
        // A refusal decided on a possibly stale state is decided again on the case as it is.
        if (cached && (error instanceof RuleViolationError || error instanceof CaseNotFoundError)) continue;
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        this.#recent?.delete(command.caseId);
        // With If-Match the append expected exactly that revision, so a conflict means the case has moved on.
        if (ifMatch !== undefined) {
          throw new StaleRevisionError(ifMatch, error.actualRevision === 'no_stream' ? null : error.actualRevision);
        }
        if (attempt >= maxAttempts) throw error;
        await jitter(attempt);
      }
    }
  }

  /** The case as the store holds it now, remembered for the next command. */
  private async snapshot(caseId: string): Promise<CaseSnapshot> {
    const { state, revision, position, commands } = await loadCase(this.store, caseId);
    const snapshot = { state, revision, position, commands };
    if (revision !== null) this.#recent?.set(caseId, snapshot);
    return snapshot;
  }

  private async decideAndAppend(
    command: TransferCaseCommand,
    context: CommandContext,
    { state, revision, position, commands }: CaseSnapshot,
  ): Promise<CommandOutcome> {
    const result = decide(command, state, { now: this.settings.now(), allowSyntheticIds: this.settings.allowSyntheticIds });
    if (!result.ok) {
      if (result.error.rule === 'case-not-found') throw new CaseNotFoundError(command.caseId);
      throw new RuleViolationError(result.error.rule, result.error.message, result.error.field);
    }
    if (result.events.length === 0) {
      return { caseId: command.caseId, revision: revision!, position: position!, recorded: [] };
    }

    const events: NewEvent[] = result.events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        occurredAt: occurredAtOf(event, command.occurredAt),
        actor: context.actor,
        source: context.source ?? API_SOURCE,
        correlationId: context.correlationId,
        causationId: context.causationId,
        schemaVersion: SCHEMA_VERSIONS[event.type],
        ...(context.commandId !== undefined && { commandId: context.commandId }),
      },
    }));
    const appended = await this.store.appendToStream(caseStreamName(command.caseId), events, {
      expectedRevision: revision ?? 'no_stream',
    });
    // A cancellation changes which of the earlier events count: the state is folded anew on the next command.
    if (result.events.some((event) => event.type === 'NoticeCancelled')) this.#recent?.delete(command.caseId);
    else {
      this.#recent?.set(command.caseId, {
        state: result.events.reduce(evolve, state),
        revision: appended.nextRevision,
        position: appended.position,
        commands:
          context.commandId === undefined
            ? commands
            : new Map(commands).set(context.commandId, { revision: appended.nextRevision, position: appended.position }),
      });
    }
    this.settings.onAppended?.(result.events);
    return { caseId: command.caseId, revision: appended.nextRevision, position: appended.position, recorded: result.events };
  }
}
