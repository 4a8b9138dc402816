import { ILL_FORMED_TEXT_MESSAGE, illFormedTextAt } from '#libs/domain/bounded-values/text.js';
import type { TransferCaseEvent } from './events.js';
import type { DomainRuleViolation } from './rules.js';

/** Every string an event would record is valid Unicode without NUL (domain.md, Invariants: Values). */
export const checkTexts = (events: readonly TransferCaseEvent[]): DomainRuleViolation | null => {
  for (const event of events) {
    const at = illFormedTextAt(event.data);
    if (at !== null) return { rule: 'invalid-text', message: `${at || event.type} ${ILL_FORMED_TEXT_MESSAGE}` };
  }
  return null;
};
