import type { Position } from '#libs/event-store/event-store.port.js';
import type { TransferCaseState } from '#libs/domain/transfer-case/state.js';
import type { RecordedCommand } from './case-events.js';

export interface CaseSnapshot {
  readonly state: TransferCaseState;
  readonly revision: bigint | null;
  readonly position: Position | null;
  readonly commands: ReadonlyMap<string, RecordedCommand>;
}

/**
 * The states this process last saw, least recently used dropped first. Only a hint: every append still names the
 * revision it was decided on, so a stale entry costs one conflict and a fresh read, never a wrong write.
 */
export class RecentCases {
  readonly #entries = new Map<string, CaseSnapshot>();

  constructor(private readonly maxEntries: number) {}

  get(caseId: string): CaseSnapshot | undefined {
    const entry = this.#entries.get(caseId);
    if (entry) {
      this.#entries.delete(caseId);
      this.#entries.set(caseId, entry);
    }
    return entry;
  }

  remember(caseId: string, snapshot: CaseSnapshot): void {
    this.#entries.delete(caseId);
    this.#entries.set(caseId, snapshot);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  forget(caseId: string): void {
    this.#entries.delete(caseId);
  }
}
