import type { AdmissionNotified, TransferCaseEvent } from './events.js';
import type { DomainRule, DomainRuleViolation } from './rules.js';
import type { TransferCaseState } from './state.js';

export interface DecideContext {
  now: Date;
  /** Accept synthetic test national IDs (`ALLOW_SYNTHETIC_IDS=true`); never in production. */
  allowSyntheticIds: boolean;
}

export type DecideResult = { ok: true; events: TransferCaseEvent[] } | { ok: false; error: DomainRuleViolation };

/** A case known to exist: its admission is recorded. */
export type ExistingCase = TransferCaseState & { admission: AdmissionNotified };

export const accept = (...events: TransferCaseEvent[]): DecideResult => ({ ok: true, events });

export const refuse = (rule: DomainRule, message: string): DecideResult => ({ ok: false, error: { rule, message } });

/** Drops the keys whose value is undefined, so an absent optional field stays absent in the event. */
export const definedOnly = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
