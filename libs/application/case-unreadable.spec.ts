import { randomUUID } from 'node:crypto';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import { CASE_ID, NOW, cmd } from '#libs/domain/transfer-case/spec-helpers.js';
import { createInMemoryEventStore } from '#libs/event-store/in-memory/in-memory-event-store.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { CaseCommands, type CommandContext } from './case-commands.js';
import { loadCase } from './case-events.js';
import { CaseUnreadableError, readCase } from './case-unreadable.js';

const context: CommandContext = {
  actor: { id: 'kari', role: 'hospital_staff', organisation: '974749025' },
  correlationId: 'corr-1',
  causationId: null,
};

/** A case whose second event is one this code cannot fold: readiness declared with no data at all. */
const storeWithUnreadableCase = async (): Promise<EventStore> => {
  const store = createInMemoryEventStore();
  const commands = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
  await commands.execute(cmd.notifyAdmission(), context);
  const metadata = { occurredAt: NOW.toISOString(), actor: context.actor, correlationId: 'corr-2', causationId: null, schemaVersion: 1 };
  await store.appendToStream(caseStreamName(CASE_ID), [{ eventId: randomUUID(), type: 'DischargeReadinessDeclared', data: null, metadata }], {
    expectedRevision: 0n,
  });
  return store;
};

describe('a case this code cannot read', () => {
  it('is refused as unreadable, naming the first event it cannot get past, by loads and commands alike', async () => {
    const store = await storeWithUnreadableCase();
    const [, unreadable] = await store.readStream(caseStreamName(CASE_ID));
    const expected = {
      caseId: CASE_ID,
      at: { position: formatPosition(unreadable!.position), eventType: 'DischargeReadinessDeclared', revision: 1, error: expect.stringMatching(/^TypeError: /) },
    };
    await expect(loadCase(store, CASE_ID)).rejects.toEqual(expect.objectContaining(expected));
    await expect(loadCase(store, CASE_ID)).rejects.toBeInstanceOf(CaseUnreadableError);
    const commands = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
    await expect(commands.execute(cmd.giveMunicipalResponse(), context)).rejects.toEqual(expect.objectContaining(expected));
  });

  it('answers what the reading gives when it can read the case', async () => {
    const store = createInMemoryEventStore();
    await new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true }).execute(cmd.notifyAdmission(), context);
    const events = await store.readStream(caseStreamName(CASE_ID));
    expect(readCase(CASE_ID, events, (prefix) => prefix.length)).toBe(1);
  });
});
