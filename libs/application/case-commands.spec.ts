import { createInMemoryEventStore } from '#libs/event-store/in-memory/in-memory-event-store.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import { CASE_ID, NOW, at, cmd } from '#libs/domain/transfer-case/spec-helpers.js';
import { SCHEMA_VERSIONS } from '#libs/domain/transfer-case/upcasters.js';
import { CaseNotFoundError, RuleViolationError, StaleRevisionError } from './case-command-errors.js';
import { CaseCommands, type CommandContext } from './case-commands.js';

const context: CommandContext = {
  actor: { id: 'kari', role: 'hospital_staff', organisation: '974749025' },
  correlationId: 'corr-1',
  causationId: null,
};

describe('CaseCommands: load, decide, append', () => {
  let store: EventStore;
  let commands: CaseCommands;

  beforeEach(() => {
    store = createInMemoryEventStore();
    commands = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
  });

  const stream = () => store.readStream(caseStreamName(CASE_ID));

  it('records the decided events with the envelope the rules and the audit need', async () => {
    const outcome = await commands.execute(cmd.notifyAdmission(), context);
    expect(outcome.revision).toBe(0n);
    const [event] = await stream();
    expect(event?.type).toBe('AdmissionNotified');
    expect(event?.metadata).toEqual({
      occurredAt: cmd.notifyAdmission().occurredAt,
      actor: context.actor,
      source: { channel: 'api' },
      correlationId: 'corr-1',
      causationId: null,
      schemaVersion: SCHEMA_VERSIONS.AdmissionNotified,
    });
    expect(outcome.position).toEqual(event?.position);
  });

  it("records an event with its own time field at that instant, at its type's current schema version", async () => {
    await commands.execute(cmd.notifyAdmission(), context);
    await commands.execute(cmd.declareDischargeReadiness({ declaredAt: at(20), occurredAt: at(24) }), context);
    await commands.execute(cmd.giveMunicipalResponse({ respondedAt: at(25), occurredAt: at(25) }), context);
    const [, declared, responded] = await stream();
    // The notice of readiness keeps the time it was given; the answer is recorded as happening when it was given.
    expect(declared?.metadata).toMatchObject({ occurredAt: at(24), schemaVersion: SCHEMA_VERSIONS.DischargeReadinessDeclared });
    expect(responded?.metadata).toMatchObject({ occurredAt: at(25), schemaVersion: 2 });
  });

  it('answers an idempotent retry with the same revision and records nothing', async () => {
    const first = await commands.execute(cmd.notifyAdmission(), context);
    const retry = await commands.execute(cmd.notifyAdmission(), context);
    expect(retry).toEqual({ ...first, recorded: [] });
    expect(await stream()).toHaveLength(1);
  });

  describe('a named command (commandId) sent again', () => {
    const named = { ...context, commandId: 'command-1' };

    it('records the id with the events', async () => {
      await commands.execute(cmd.notifyAdmission(), named);
      expect((await stream())[0]?.metadata.commandId).toBe('command-1');
    });

    it('is answered from its events, recording nothing, even by another process and after the case moved on', async () => {
      await commands.execute(cmd.notifyAdmission(), context);
      const first = await commands.execute(cmd.relayUserWish(), named);
      await commands.execute(cmd.relayUserWish({ statement: 'another' }), context);
      // A fresh process (nothing cached) gets the same command again, with the If-Match its sender had then.
      const elsewhere = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
      const again = await elsewhere.execute(cmd.relayUserWish(), { ...named, expectedRevision: 0n });
      expect(again).toEqual({ ...first, recorded: [] });
      expect(await commands.execute(cmd.relayUserWish(), named)).toEqual({ ...first, recorded: [] });
      expect((await stream()).map((event) => event.type)).toEqual(['AdmissionNotified', 'UserWishRelayed', 'UserWishRelayed']);
    });

    it('is recorded once when two processes run it at the same time', async () => {
      await commands.execute(cmd.notifyAdmission(), context);
      const other = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
      const [a, b] = await Promise.all([commands.execute(cmd.relayUserWish(), named), other.execute(cmd.relayUserWish(), named)]);
      expect([a.revision, b.revision]).toEqual([1n, 1n]);
      expect(await stream()).toHaveLength(2);
    });
  });

  it('refuses a command a rule forbids, naming the rule, and records nothing', async () => {
    await commands.execute(cmd.notifyAdmission(), context);
    const refused = commands.execute(cmd.transferPatient(), context);
    await expect(refused).rejects.toBeInstanceOf(RuleViolationError);
    await expect(refused).rejects.toMatchObject({ rule: 'transfer-requires-decision' });
    expect(await stream()).toHaveLength(1);
  });

  it('answers an unknown case as not found', async () => {
    await expect(commands.execute(cmd.giveHospitalRecommendation(), context)).rejects.toBeInstanceOf(CaseNotFoundError);
  });

  it('refuses a stale If-Match revision without retrying', async () => {
    await commands.execute(cmd.notifyAdmission(), context);
    await commands.execute(cmd.giveHospitalRecommendation(), context);
    await expect(
      commands.execute(cmd.relayUserWish(), { ...context, expectedRevision: 0n }),
    ).rejects.toEqual(new StaleRevisionError(0n, 1n));
    expect(await stream()).toHaveLength(2);
  });

  it('lets authorisation refuse before anything is decided', async () => {
    await commands.execute(cmd.notifyAdmission(), context);
    const authorize = () => {
      throw new CaseNotFoundError(CASE_ID);
    };
    await expect(commands.execute(cmd.relayUserWish(), { ...context, authorize })).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(await stream()).toHaveLength(1);
  });

  it('retries conflicts on fresh state when no If-Match is given, so concurrent commands all land', async () => {
    await commands.execute(cmd.notifyAdmission(), context);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => commands.execute(cmd.relayUserWish({ statement: `wish ${i}` }), context)),
    );
    const events = await stream();
    expect(events).toHaveLength(11);
    expect(new Set(outcomes.map((outcome) => outcome.revision)).size).toBe(10);
    expect(events.map((event) => event.streamRevision)).toEqual(Array.from({ length: 11 }, (_, i) => BigInt(i)));
  });
});

describe('CaseCommands with another writer on the same store', () => {
  it('notices a case moved on by another process: the cached state costs a conflict and a fresh read, not a lost write', async () => {
    const store = createInMemoryEventStore();
    const here = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
    const elsewhere = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
    await here.execute(cmd.notifyAdmission(), context);
    await elsewhere.execute(cmd.relayUserWish({ statement: 'from the other process' }), context);
    const outcome = await here.execute(cmd.relayUserWish({ statement: 'from this process' }), context);
    expect(outcome.revision).toBe(2n);
    const statements = (await store.readStream(caseStreamName(CASE_ID)))
      .filter((event) => event.type === 'UserWishRelayed')
      .map((event) => (event.data as { statement: string }).statement);
    expect(statements).toEqual(['from the other process', 'from this process']);
  });

  it('answers If-Match against the store, not against a stale cached state', async () => {
    const store = createInMemoryEventStore();
    const here = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
    const elsewhere = new CaseCommands(store, { now: () => NOW, allowSyntheticIds: true });
    await here.execute(cmd.notifyAdmission(), context);
    await elsewhere.execute(cmd.relayUserWish(), context);
    const outcome = await here.execute(cmd.relayUserWish({ statement: 'seen revision 1' }), { ...context, expectedRevision: 1n });
    expect(outcome.revision).toBe(2n);
    await expect(here.execute(cmd.relayUserWish(), { ...context, expectedRevision: 1n })).rejects.toEqual(
      new StaleRevisionError(1n, 2n),
    );
  });
});
