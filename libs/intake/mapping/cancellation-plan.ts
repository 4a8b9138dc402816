import { cancelledRevisions } from '#libs/domain/transfer-case/cancellation.js';
import type { CancelledEvent } from '#libs/domain/transfer-case/events.js';
import { sourceOf, type RecordedEvent } from '#libs/event-store/event-store.port.js';

/**
 * Which events of a case a cancelled message recorded (by the MsgId in their source), and whether taking them back
 * is safe to do without a person: not when later facts rest on them.
 */
export type CancellationPlan =
  | { readonly kind: 'cancel'; readonly cancelledEvents: readonly CancelledEvent[] }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'conflict'; readonly detail: string };

const BOOKKEEPING = new Set(['NoticeCancelled', 'DeadlineMissed']);
const CLOSINGS = new Set(['PatientTransferred', 'CaseWithdrawn']);

export const eventsOfMessage = (events: readonly RecordedEvent[], msgId: string): RecordedEvent[] =>
  events.filter((event) => {
    const source = sourceOf(event.metadata);
    return source.channel === 'plo' && source.msgId === msgId;
  });

export const planCancellation = (
  events: readonly RecordedEvent[],
  cancelledMsgId: string,
  options: { readonly force?: boolean } = {},
): CancellationPlan => {
  const already = cancelledRevisions(events) ?? new Set<number>();
  const revision = (event: RecordedEvent) => Number(event.streamRevision);
  const counting = events.filter((event) => !already.has(revision(event)) && !BOOKKEEPING.has(event.type));
  const cancelled = eventsOfMessage(counting, cancelledMsgId);
  if (cancelled.length === 0) return { kind: 'nothing' };
  const cancelledEvents = cancelled.map((event) => ({ revision: revision(event), type: event.type }));
  if (options.force) return { kind: 'cancel', cancelledEvents };

  const others = counting.filter((event) => !cancelled.includes(event));
  const after = (at: number) => others.filter((event) => revision(event) > at);
  if (cancelled.some((event) => event.type === 'AdmissionNotified') && others.length > 0) {
    return { kind: 'conflict', detail: 'saken meldingen åpnet har fått andre opplysninger siden' };
  }
  for (const event of cancelled) {
    if (event.type === 'DischargeReadinessRevoked' && after(revision(event)).some((later) => later.type === 'DischargeReadinessDeclared')) {
      return { kind: 'conflict', detail: 'pasienten er meldt utskrivningsklar på nytt etter avmeldingen' };
    }
    if (CLOSINGS.has(event.type) && after(revision(event)).length > 0) {
      return { kind: 'conflict', detail: 'saken har fått nye opplysninger etter at den ble avsluttet' };
    }
  }
  return { kind: 'cancel', cancelledEvents };
};
