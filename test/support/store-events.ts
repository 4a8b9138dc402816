import { randomUUID } from 'node:crypto';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import type { NewEvent } from '#libs/event-store/event-store.port.js';

/** A built case event as a test appends it to the store directly, past the command path. */
export const asNewEvent =
  (actorId: string) =>
  (record: CaseEventRecord): NewEvent => ({
    eventId: randomUUID(),
    type: record.type,
    data: record.data,
    metadata: {
      occurredAt: record.occurredAt,
      actor: { id: actorId, role: 'allocation_officer', organisation: '0301' },
      correlationId: randomUUID(),
      causationId: null,
      schemaVersion: 1,
    },
  });
