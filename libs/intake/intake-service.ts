import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CaseCommands } from '#libs/application/case-commands.js';
import { loadCase, type LoadedCase } from '#libs/application/case-events.js';
import type { DecideContext } from '#libs/domain/transfer-case/decide.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { osloDate } from '#libs/domain/transfer-case/time.js';
import type { Actor, EventSource, EventStore } from '#libs/event-store/event-store.port.js';
import { buildAppRec, type AppRecError } from './apprec/apprec.js';
import { planCancellation } from './mapping/cancellation-plan.js';
import { hospitalOf, messageContext, nationalIdOf, patientNameOf, sentAtOf, type MessageContext } from './mapping/message-context.js';
import { parkedFacts } from './mapping/parked-facts.js';
import { parking, type Parking } from './mapping/parking.js';
import { chooseCase, planFacts, type CaseAtHand } from './mapping/plan.js';
import { identOf, type MsgHead } from './messages/msghead.js';
import { PLO_USES, type PloMessage } from './messages/plo-message.js';
import type { IntakeDirectory } from './receiving/directory.js';
import { MAX_MSG_ID_LENGTH, receive, type OurReceiver, type Reception, type Sender } from './receiving/receive.js';
import { casesOfPatient } from './recording/case-lookup.js';
import { caseIdForMessage } from './recording/message-case-id.js';
import { recordPlan } from './recording/record-plan.js';
import type { DirectoryStore } from './store/directory-store.js';
import {
  appRecDocument,
  appRecsOf,
  claimMessage,
  linkCase,
  logIgnored,
  messageByMsgId,
  park,
  resolveParked,
  saveAppRec,
  settleMessage,
  waitingCancellations,
  type AppRecRow,
  type IntakeOutcome,
  type MessageRow,
  type NewMessage,
  type StoredAppRec,
} from './store/message-log.js';

export interface IntakeSettings {
  /** `INTAKE_REJECT_UNKNOWN_RECEIVER`. */
  readonly rejectUnknownReceiver: boolean;
  readonly allowSyntheticIds: boolean;
  /** Keys the patient index (`PSEUDONYM_SECRET`): the intake's tables hold no national ID in the clear. */
  readonly pseudonymSecret: string;
  /** Messages processed at once by this process; each holds a database connection while it runs. */
  readonly maxConcurrent?: number;
}

export interface IntakeObserver {
  message?(msgType: string, outcome: string): void;
  validation?(seconds: number): void;
}

export interface IntakeDeps {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly commands: CaseCommands;
  readonly directory: DirectoryStore;
  readonly settings: IntakeSettings;
  readonly now: () => Date;
  readonly observer?: IntakeObserver;
}

export interface AppRecSummary {
  readonly id: string;
  readonly receiverHerId: string;
  readonly role: 'PRIM' | 'COP';
  readonly status: 1 | 2;
  readonly errors: readonly { readonly code: string; readonly text: string }[];
}

/** The answer to a posted message (intake.md). */
export interface IntakeAnswer {
  readonly msgId: string | null;
  readonly msgType: string | null;
  readonly outcome: IntakeOutcome | 'duplicate';
  readonly caseId?: string;
  readonly events: readonly string[];
  readonly parkedId?: string;
  readonly appRecs: readonly AppRecSummary[];
}

/** The gateway posted a message for a municipality it does not serve. */
export class GatewayScopeError extends Error {
  override readonly name = 'GatewayScopeError';
}

/** What processing an accepted message came to. */
export interface Processed {
  readonly outcome: 'recorded' | 'parked';
  readonly caseId?: string;
  readonly events: readonly string[];
  readonly parkedId?: string;
}

type Db = pg.ClientBase;

/** The actor of what the intake resolves by itself (a cancellation that came before its original). */
export const INTAKE_ACTOR: Actor = { id: 'intake', role: 'system', organisation: '*' };

const PATIENT_LOCK = 'overgang-intake-patient:';
const MESSAGE_LOCK = 'overgang-intake-msg:';

/**
 * The intake of hospital e-messages: reads and validates a message, answers it with AppRecs, and records its facts
 * through the command path (or parks it for an officer), exactly once per MsgId. Each message runs in one
 * transaction of the intake's tables, which holds its MsgId (a concurrent copy waits and is answered as a duplicate)
 * and serialises messages about the same patient; the events go to the event store, and a message processed again
 * after a crash records nothing twice (its case id derives from its MsgId, its events carry it).
 */
export class IntakeService {
  readonly #slots: (() => void)[] = [];
  #running = 0;

  constructor(private readonly deps: IntakeDeps) {}

  /** `POST /intake/messages`. */
  async receiveMessage(bytes: Buffer, gatewayOrg: string): Promise<IntakeAnswer> {
    const directory = await this.deps.directory.directory();
    const reception = receive(bytes, directory, { rejectUnknownReceiver: this.deps.settings.rejectUnknownReceiver }, this.deps.observer?.validation);
    const head = reception.head;
    const message: NewMessage = {
      id: randomUUID(),
      msgId: head?.msgId !== undefined && head.msgId.length <= MAX_MSG_ID_LENGTH ? head.msgId : null,
      msgType: head?.type?.slice(0, 60) ?? null,
      status: reception.outcome === 'accepted' ? (reception.message?.status?.slice(0, 10) ?? null) : null,
      senderHerId: head ? senderHerIdOf(head) : null,
      receivers: reception.outcome === 'ignored' ? [] : reception.receivers.map(({ herId, role, municipalityCode }) => ({ herId, role, municipalityCode })),
      municipalityCode: reception.outcome === 'ignored' ? null : municipalityOf(reception.receivers),
      cancelsMsgId:
        reception.outcome === 'accepted' && reception.message?.status === 'C'
          ? (head?.refToParent ?? head?.refToConversation ?? null)
          : null,
      raw: reception.outcome === 'ignored' ? null : bytes,
    };
    if (reception.outcome === 'ignored') {
      await logIgnored(this.deps.pool, message, reception.reason);
      return this.answered({ msgId: head?.msgId ?? null, msgType: message.msgType, outcome: 'ignored', events: [], appRecs: [] });
    }
    if (gatewayOrg !== '*' && gatewayOrg !== message.municipalityCode) {
      throw new GatewayScopeError(
        `This gateway posts messages for municipality ${gatewayOrg}; the message is addressed to ${message.municipalityCode}`,
      );
    }
    return this.withSlot(() =>
      this.inTransaction(async (db) => {
        if (!(await claimMessage(db, message))) {
          const first = (await messageByMsgId(db, message.msgId!))!;
          return this.answered(duplicateAnswer(first, await appRecsOf(db, first.id)));
        }
        const processed: Processed | { outcome: 'rejected'; error: AppRecError } =
          reception.outcome === 'rejected'
            ? { outcome: 'rejected', error: reception.error }
            : await this.process(db, message.id, reception);
        const appRecs = await this.answerReceivers(db, message.id, reception, processed.outcome === 'rejected' ? processed.error : null);
        const settled =
          processed.outcome === 'rejected'
            ? { outcome: 'rejected' as const, reason: processed.error.code, events: [] }
            : { ...processed, events: [...processed.events] };
        await settleMessage(db, message.id, settled);
        return this.answered({
          msgId: head?.msgId ?? null,
          msgType: message.msgType,
          outcome: settled.outcome,
          ...(settled.outcome !== 'rejected' && processed.outcome !== 'rejected' && processed.caseId ? { caseId: processed.caseId } : {}),
          events: settled.events,
          ...(processed.outcome === 'parked' && processed.parkedId ? { parkedId: processed.parkedId } : {}),
          appRecs,
        });
      }),
    );
  }

  /** What was received and done with a message, never its content (`GET /intake/messages/{msgId}`). */
  message(msgId: string): Promise<MessageRow | undefined> {
    return messageByMsgId(this.deps.pool, msgId);
  }

  /** An AppRec document and the municipality of the message it answers. */
  appRec(id: string): Promise<StoredAppRec | undefined> {
    return appRecDocument(this.deps.pool, id);
  }

  /**
   * Records the facts of a readable message on its case, or parks it. `target` overrides the choice of case: an
   * officer's `attach` (a case id) or `open_case` ('new'); `source` names who placed the facts.
   */
  async recordMessage(
    db: Db,
    messageId: string,
    reception: Extract<Reception, { outcome: 'accepted' }>,
    options: { readonly target?: string | 'new'; readonly source?: EventSource; readonly nationalId?: string } = {},
  ): Promise<Processed | { outcome: 'refused'; parking: Parking }> {
    const { head, sender, message } = reception;
    const municipalityCode = municipalityOf(reception.receivers);
    const directory = await this.deps.directory.directory();
    const contextOptions = { allowSyntheticIds: this.deps.settings.allowSyntheticIds, today: osloDate(this.deps.now())! };
    const target = options.target && options.target !== 'new' ? await loadCase(this.deps.store, options.target) : undefined;
    const found = messageContext(head, sender, message, municipalityCode, directory, contextOptions);
    // An officer who attaches the message vouches for the patient and hospital of the case it goes to.
    const context: MessageContext | undefined = found.ok
      ? found.context
      : target?.state.admission && message && head.type === message.use
        ? attachedContext(head, sender, municipalityCode, target.state.admission)
        : options.nationalId && found.parking.code === 'patient_not_identified'
          ? withNationalId(head, sender, municipalityCode, directory, options.nationalId)
          : undefined;
    if (!context || !message) return { outcome: 'refused', parking: found.ok ? parking.noPayload() : found.parking };
    if (!statusReadable(message)) return { outcome: 'refused', parking: parking.unsupportedStatus(message.status) };
    if (message.hasUncodedEvent && !options.target) return { outcome: 'refused', parking: parking.eventWithoutCode() };

    const patientKey = pseudonymizeNationalId(this.deps.settings.pseudonymSecret, context.patient.nationalId);
    await lock(db, PATIENT_LOCK + patientKey);
    const newCaseId = caseIdForMessage(context.msgId);
    let chosen: CaseAtHand | undefined;
    const read = new Map<string, LoadedCase>();
    if (options.target === 'new') chosen = undefined;
    else if (target) {
      if (!target.state.admission) return { outcome: 'refused', parking: parking.noOpenCase() };
      chosen = { caseId: options.target!, state: target.state };
      read.set(options.target!, target);
    } else {
      const candidates = await casesOfPatient(db, this.deps.pool, this.deps.store, {
        patientKey,
        nationalId: context.patient.nationalId,
        municipalityCode: context.municipalityCode,
        ...(message.use === 'LOG_DOD' ? {} : { hospitalOrgNumber: context.hospital.orgNumber }),
        alsoCaseId: newCaseId,
      }, read);
      const choice = chooseCase(message, candidates);
      if (choice.kind === 'park') return { outcome: 'refused', parking: choice.parking };
      chosen = choice.kind === 'case' ? choice.target : undefined;
    }
    const plan = planFacts(message, context, chosen, newCaseId);
    if (plan.kind === 'park') return { outcome: 'refused', parking: plan.parking };
    if (plan.kind === 'nothing') return { outcome: 'recorded', caseId: plan.caseId, events: [] };
    const recorded = await recordPlan(
      this.recordingDeps(),
      plan.caseId,
      plan.commands,
      { msgId: context.msgId, actor: context.actor, source: options.source ?? { channel: 'plo', msgId: context.msgId } },
      read.get(plan.caseId),
    );
    if (!recorded.ok) return { outcome: 'refused', parking: parking.ruleRefused(recorded.rule) };
    if (plan.commands.some((command) => command.type === 'NotifyAdmission') || options.target) {
      await linkCase(db, {
        caseId: plan.caseId,
        patientKey,
        hospitalOrgNumber: context.hospital.orgNumber,
        municipalityCode: context.municipalityCode,
      });
    }
    return { outcome: 'recorded', caseId: plan.caseId, events: recorded.events };
  }

  /**
   * A cancellation (status C): the events the cancelled message recorded stop counting. A cancellation whose original
   * has not come yet waits, parked, and is applied when it comes; one that later facts rest on goes to an officer.
   */
  async applyCancellation(
    db: Db,
    reception: Extract<Reception, { outcome: 'accepted' }>,
    options: { readonly caseId?: string; readonly force?: boolean; readonly source?: EventSource } = {},
  ): Promise<Processed | { outcome: 'refused'; parking: Parking } | { outcome: 'waiting'; parking: Parking }> {
    const { head, sender } = reception;
    const cancelled = head.refToParent ?? head.refToConversation;
    if (!cancelled) return { outcome: 'refused', parking: parking.cancellationConflict('meldingen sier ikke hvilken melding den kansellerer') };
    await lock(db, MESSAGE_LOCK + cancelled);
    const original = await messageByMsgId(db, cancelled);
    if (!original) return { outcome: 'waiting', parking: parking.originalNotReceived(cancelled) };
    if (original.senderHerId !== senderHerIdOf(head)) {
      return { outcome: 'refused', parking: parking.cancellationConflict('den er sendt av en annen enn den kansellerte meldingen') };
    }
    if (original.parkedId && original.outcome === 'parked') {
      const parked = await db.query<{ state: string; resolution: { caseId?: string } | null }>(
        'SELECT state, resolution FROM intake.parked WHERE id = $1 FOR UPDATE',
        [original.parkedId],
      );
      const row = parked.rows[0];
      if (row?.state === 'open') {
        await resolveParked(db, original.parkedId, { action: 'cancelled', by: INTAKE_ACTOR, at: this.deps.now().toISOString() });
        return { outcome: 'recorded', events: [] };
      }
      if (!row?.resolution?.caseId) return { outcome: 'recorded', events: [] };
      return this.cancelOnCase(db, reception, sender, row.resolution.caseId, cancelled, options);
    }
    const caseId = options.caseId ?? original.caseId;
    if (original.outcome !== 'recorded' || !caseId) return { outcome: 'recorded', events: [] };
    return this.cancelOnCase(db, reception, sender, caseId, cancelled, options);
  }

  private async cancelOnCase(
    db: Db,
    reception: Extract<Reception, { outcome: 'accepted' }>,
    sender: Sender,
    caseId: string,
    cancelledMsgId: string,
    options: { readonly force?: boolean; readonly source?: EventSource },
  ): Promise<Processed | { outcome: 'refused'; parking: Parking }> {
    const loaded = await loadCase(this.deps.store, caseId);
    const admission = loaded.state.admission;
    const plan = planCancellation(loaded.events, cancelledMsgId, { force: options.force ?? false });
    if (!admission || plan.kind === 'nothing') return { outcome: 'recorded', caseId, events: [] };
    if (plan.kind === 'conflict') return { outcome: 'refused', parking: parking.cancellationConflict(plan.detail) };
    const { head, message } = reception;
    const directory = await this.deps.directory.directory();
    const orgNumber = hospitalOf(head, sender, directory)?.orgNumber ?? admission.hospital.orgNumber;
    const msgId = head.msgId!;
    const reason = message?.events.find((event) => event.description)?.description;
    const recorded = await recordPlan(
      this.recordingDeps(),
      caseId,
      [
        {
          type: 'CancelNotice',
          caseId,
          occurredAt: sentAtOf(head),
          msgId,
          cancelledMsgId,
          cancelledEvents: [...plan.cancelledEvents],
          ...(reason ? { reason } : {}),
        },
      ],
      { msgId, actor: { id: sender.id, role: 'hospital_system', organisation: orgNumber }, source: options.source ?? { channel: 'plo', msgId } },
    );
    if (!recorded.ok) return { outcome: 'refused', parking: parking.ruleRefused(recorded.rule) };
    return { outcome: 'recorded', caseId, events: recorded.events };
  }

  private async process(db: Db, messageId: string, reception: Extract<Reception, { outcome: 'accepted' }>): Promise<Processed> {
    const { head, message } = reception;
    const municipalityCode = municipalityOf(reception.receivers);
    const parkIt = async (reasonFor: Parking) => this.park(db, messageId, reception, municipalityCode, reasonFor);
    if (message?.status === 'C') {
      const cancellation = await this.applyCancellation(db, reception);
      return cancellation.outcome === 'refused' || cancellation.outcome === 'waiting' ? parkIt(cancellation.parking) : cancellation;
    }
    await lock(db, MESSAGE_LOCK + head.msgId);
    const waiting = (await waitingCancellations(db, head.msgId!)).filter(
      (cancellation) => cancellation.senderHerId === senderHerIdOf(head),
    );
    if (waiting.length > 0) {
      for (const cancellation of waiting) {
        await resolveParked(db, cancellation.parkedId, { action: 'applied_on_arrival', by: INTAKE_ACTOR, at: this.deps.now().toISOString() });
      }
      return { outcome: 'recorded', events: [] };
    }
    const recorded = await this.recordMessage(db, messageId, reception);
    return recorded.outcome === 'refused' ? parkIt(recorded.parking) : recorded;
  }

  private async park(
    db: Db,
    messageId: string,
    reception: Extract<Reception, { outcome: 'accepted' }>,
    municipalityCode: string,
    reasonFor: Parking,
  ): Promise<Processed> {
    const { head, message, sender } = reception;
    const directory = await this.deps.directory.directory();
    const nationalId = nationalIdOf(head, { allowSyntheticIds: this.deps.settings.allowSyntheticIds, today: osloDate(this.deps.now())! });
    const id = randomUUID();
    await park(db, {
      id,
      messageId,
      msgId: head.msgId!,
      municipalityCode,
      parking: reasonFor,
      facts: parkedFacts(head, message),
      patientKey: nationalId ? pseudonymizeNationalId(this.deps.settings.pseudonymSecret, nationalId) : null,
      hospitalOrgNumber: hospitalOf(head, sender, directory)?.orgNumber ?? null,
    });
    return { outcome: 'parked', parkedId: id, events: [] };
  }

  private async answerReceivers(
    db: Db,
    messageId: string,
    reception: Exclude<Reception, { outcome: 'ignored' }>,
    rejection: AppRecError | null,
  ): Promise<AppRecSummary[]> {
    const { head, sender } = reception;
    const genDate = this.deps.now().toISOString();
    const summaries: AppRecSummary[] = [];
    for (const receiver of reception.receivers) {
      const errors = rejection ? [rejection] : receiver.refusal ? [receiver.refusal] : [];
      const status = errors.length > 0 ? 2 : 1;
      const id = randomUUID();
      const document = buildAppRec({
        id,
        genDate,
        role: receiver.role,
        ourParty: receiver.party,
        theirParty: sender.party,
        status,
        errors,
        original: {
          msgType: head.type ?? '',
          issueDate: isDateTime(head.genDate) ? head.genDate! : genDate,
          msgId: head.msgId ?? '',
        },
      });
      await saveAppRec(db, { id, messageId, receiverHerId: receiver.herId, role: receiver.role, status, errors, document });
      summaries.push({ id, receiverHerId: receiver.herId, role: receiver.role, status, errors: errors.map(({ code, text }) => ({ code, text })) });
    }
    return summaries;
  }

  recordingDeps() {
    return {
      store: this.deps.store,
      commands: this.deps.commands,
      decideContext: (): DecideContext => ({ now: this.deps.now(), allowSyntheticIds: this.deps.settings.allowSyntheticIds }),
    };
  }

  private answered(answer: IntakeAnswer): IntakeAnswer {
    const type = (PLO_USES as readonly string[]).includes(answer.msgType ?? '') ? answer.msgType! : 'other';
    this.deps.observer?.message?.(type, answer.outcome);
    return answer;
  }

  async inTransaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const client = await this.deps.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** At most `maxConcurrent` messages at once, so the intake never takes every connection of the pool. */
  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    const max = this.deps.settings.maxConcurrent ?? 8;
    if (this.#running >= max) await new Promise<void>((resolve) => this.#slots.push(resolve));
    else this.#running++;
    try {
      return await work();
    } finally {
      const next = this.#slots.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** The municipality a message is for: its primary receiver's when that is ours, else the first copy receiver's. */
export const municipalityOf = (receivers: readonly OurReceiver[]): string =>
  (receivers.find((receiver) => receiver.role === 'PRIM') ?? receivers[0])!.municipalityCode;

const duplicateAnswer = (first: MessageRow, appRecs: readonly AppRecRow[]): IntakeAnswer => ({
  msgId: first.msgId,
  msgType: first.msgType,
  outcome: 'duplicate',
  ...(first.caseId ? { caseId: first.caseId } : {}),
  events: [],
  appRecs: appRecs.map(({ id, receiverHerId, role, status, errors }) => ({ id, receiverHerId, role, status, errors })),
});

/** Pasientlogistikk knows N and C; Helseopplysninger also M, an update recorded as new information. */
const statusReadable = (message: PloMessage): boolean =>
  message.status === 'N' || (message.status === 'M' && message.use === 'HELSEOPPL_SOKNAD');

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;
const isDateTime = (value: string | undefined): boolean => value !== undefined && DATE_TIME.test(value);

const attachedContext = (
  head: MsgHead,
  sender: Sender,
  municipalityCode: string,
  admission: { patient: { nationalId: string; name: string }; hospital: { orgNumber: string; name: string; department: string } },
): MessageContext => ({
  msgId: head.msgId!,
  sentAt: sentAtOf(head),
  municipalityCode,
  hospital: admission.hospital,
  patient: admission.patient,
  actor: { id: sender.id, role: 'hospital_system', organisation: admission.hospital.orgNumber },
});

const withNationalId = (
  head: MsgHead,
  sender: Sender,
  municipalityCode: string,
  directory: IntakeDirectory,
  nationalId: string,
): MessageContext | undefined => {
  const hospital = hospitalOf(head, sender, directory);
  return (
    hospital && {
      msgId: head.msgId!,
      sentAt: sentAtOf(head),
      municipalityCode,
      hospital,
      patient: { nationalId, name: patientNameOf(head) },
      actor: { id: sender.id, role: 'hospital_system', organisation: hospital.orgNumber },
    }
  );
};

const lock = async (db: Db, key: string): Promise<void> => {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
};

/** The sender's HER-id as the message log keeps it (null when the sender gives none). */
const senderHerIdOf = (head: MsgHead): string | null => identOf(head.sender?.idents, 'HER')?.slice(0, 40) ?? null;
