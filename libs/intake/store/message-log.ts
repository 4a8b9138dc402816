import type pg from 'pg';
import type { AppRecError, AppRecRole, AppRecStatus } from '../apprec/apprec.js';
import type { Parking } from '../mapping/parking.js';

/** The intake's rows, written in the transaction of the message they belong to. */

export type IntakeOutcome = 'recorded' | 'parked' | 'rejected' | 'ignored';

export interface ReceiverRow {
  readonly herId: string;
  readonly role: AppRecRole;
  readonly municipalityCode: string;
}

export interface MessageRow {
  readonly id: string;
  readonly msgId: string | null;
  readonly msgType: string | null;
  readonly status: string | null;
  readonly senderHerId: string | null;
  readonly receivers: readonly ReceiverRow[];
  readonly municipalityCode: string | null;
  readonly outcome: IntakeOutcome | 'processing';
  readonly reason: string | null;
  readonly caseId: string | null;
  readonly events: readonly string[];
  readonly parkedId: string | null;
  readonly cancelsMsgId: string | null;
  readonly receivedAt: string;
  readonly appRecIds: readonly string[];
}

export interface AppRecRow {
  readonly id: string;
  readonly receiverHerId: string;
  readonly role: AppRecRole;
  readonly status: AppRecStatus;
  readonly errors: readonly { code: string; text: string }[];
}

const MESSAGE_COLUMNS = `m.id, m.msg_id AS "msgId", m.msg_type AS "msgType", m.status, m.sender_her_id AS "senderHerId",
  m.receivers, m.municipality_code AS "municipalityCode", m.outcome, m.reason, m.case_id AS "caseId", m.events,
  m.parked_id AS "parkedId", m.cancels_msg_id AS "cancelsMsgId", m.received_at AS "receivedAt",
  COALESCE((SELECT array_agg(a.id::text ORDER BY a.role DESC, a.receiver_her_id) FROM intake.apprecs a WHERE a.message_id = m.id), '{}') AS "appRecIds"`;

type Queryable = Pick<pg.ClientBase, 'query'>;

const toMessage = (row: Record<string, unknown>): MessageRow => ({
  ...(row as unknown as MessageRow),
  receivedAt: (row.receivedAt as Date).toISOString(),
});

export type NewMessage = Pick<
  MessageRow,
  'id' | 'msgId' | 'msgType' | 'status' | 'senderHerId' | 'receivers' | 'municipalityCode' | 'cancelsMsgId'
> & { readonly raw: Buffer | null };

/**
 * Claims the MsgId for this message: true when this transaction holds it now (the row is written as `processing`),
 * false when an earlier message with the MsgId is recorded. A concurrent claim waits for the first to commit.
 */
export const claimMessage = async (db: Queryable, message: NewMessage): Promise<boolean> => {
  const { rowCount } = await db.query(
    `INSERT INTO intake.messages (id, msg_id, msg_type, status, sender_her_id, receivers, municipality_code, outcome, cancels_msg_id, raw)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'processing', $8, $9)
     ON CONFLICT (msg_id) WHERE outcome <> 'ignored' DO NOTHING`,
    [
      message.id,
      message.msgId,
      message.msgType,
      message.status,
      message.senderHerId,
      JSON.stringify(message.receivers),
      message.municipalityCode,
      message.cancelsMsgId,
      message.raw,
    ],
  );
  return rowCount === 1;
};

/** An ignored message: logged without its content (it is not ours) and reserving no MsgId. */
export const logIgnored = async (db: Queryable, message: NewMessage, reason: string): Promise<void> => {
  await db.query(
    `INSERT INTO intake.messages (id, msg_id, msg_type, status, sender_her_id, receivers, outcome, reason)
     VALUES ($1, $2, $3, $4, $5, '[]', 'ignored', $6)`,
    [message.id, message.msgId, message.msgType, message.status, message.senderHerId, reason],
  );
};

export interface Settled {
  readonly outcome: IntakeOutcome;
  readonly reason?: string | null;
  readonly caseId?: string | null;
  readonly events?: readonly string[];
  readonly parkedId?: string | null;
}

export const settleMessage = async (db: Queryable, id: string, settled: Settled): Promise<void> => {
  await db.query(
    `UPDATE intake.messages SET outcome = $2, reason = $3, case_id = $4, events = $5, parked_id = $6 WHERE id = $1`,
    [id, settled.outcome, settled.reason ?? null, settled.caseId ?? null, JSON.stringify(settled.events ?? []), settled.parkedId ?? null],
  );
};

export const messageByMsgId = async (db: Queryable, msgId: string): Promise<MessageRow | undefined> => {
  const { rows } = await db.query(
    `SELECT ${MESSAGE_COLUMNS} FROM intake.messages m WHERE m.msg_id = $1 ORDER BY (m.outcome = 'ignored'), m.received_at LIMIT 1`,
    [msgId],
  );
  return rows[0] ? toMessage(rows[0]) : undefined;
};

export const rawMessage = async (db: Queryable, id: string): Promise<Buffer | undefined> => {
  const { rows } = await db.query<{ raw: Buffer | null }>('SELECT raw FROM intake.messages WHERE id = $1', [id]);
  return rows[0]?.raw ?? undefined;
};

/** Cancellations that arrived before the message they cancel, still waiting for it. */
export const waitingCancellations = async (
  db: Queryable,
  msgId: string,
): Promise<{ messageId: string; parkedId: string; senderHerId: string | null }[]> => {
  const { rows } = await db.query<{ messageId: string; parkedId: string; senderHerId: string | null }>(
    `SELECT m.id AS "messageId", p.id AS "parkedId", m.sender_her_id AS "senderHerId" FROM intake.messages m JOIN intake.parked p ON p.message_id = m.id
     WHERE m.cancels_msg_id = $1 AND p.reason_code = 'original_not_received' AND p.state = 'open'
     FOR UPDATE OF p`,
    [msgId],
  );
  return rows;
};

export interface NewAppRec {
  readonly id: string;
  readonly messageId: string;
  readonly receiverHerId: string;
  readonly role: AppRecRole;
  readonly status: AppRecStatus;
  readonly errors: readonly AppRecError[];
  readonly document: string;
}

export const saveAppRec = async (db: Queryable, appRec: NewAppRec): Promise<void> => {
  await db.query(
    `INSERT INTO intake.apprecs (id, message_id, receiver_her_id, role, status, errors, document) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      appRec.id,
      appRec.messageId,
      appRec.receiverHerId,
      appRec.role,
      appRec.status,
      JSON.stringify(appRec.errors.map(({ code, text }) => ({ code, text }))),
      appRec.document,
    ],
  );
};

export const appRecsOf = async (db: Queryable, messageId: string): Promise<AppRecRow[]> => {
  const { rows } = await db.query<AppRecRow>(
    `SELECT id, receiver_her_id AS "receiverHerId", role, status, errors FROM intake.apprecs
     WHERE message_id = $1 ORDER BY role DESC, receiver_her_id`,
    [messageId],
  );
  return rows;
};

export interface StoredAppRec {
  readonly document: string;
  readonly municipalityCode: string | null;
}

export const appRecDocument = async (db: Queryable, id: string): Promise<StoredAppRec | undefined> => {
  const { rows } = await db.query<StoredAppRec>(
    `SELECT a.document, m.municipality_code AS "municipalityCode" FROM intake.apprecs a JOIN intake.messages m ON m.id = a.message_id
     WHERE a.id = $1`,
    [id],
  );
  return rows[0];
};

export interface NewParked {
  readonly id: string;
  readonly messageId: string;
  readonly msgId: string;
  readonly municipalityCode: string;
  readonly parking: Parking;
  readonly facts: unknown;
  readonly patientKey: string | null;
  readonly hospitalOrgNumber: string | null;
}

export const park = async (db: Queryable, parked: NewParked): Promise<void> => {
  await db.query(
    `INSERT INTO intake.parked (id, message_id, msg_id, municipality_code, reason_code, reason, facts, patient_key, hospital_org_number)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      parked.id,
      parked.messageId,
      parked.msgId,
      parked.municipalityCode,
      parked.parking.code,
      parked.parking.reason,
      JSON.stringify(parked.facts),
      parked.patientKey,
      parked.hospitalOrgNumber,
    ],
  );
};

export interface Resolution {
  readonly action: 'attach' | 'open_case' | 'dismiss' | 'cancelled' | 'applied_on_arrival';
  readonly caseId?: string;
  readonly events?: readonly string[];
  readonly reason?: string;
  readonly by: { readonly id: string; readonly role: string; readonly organisation: string };
  readonly at: string;
}

export const resolveParked = async (db: Queryable, id: string, resolution: Resolution): Promise<void> => {
  await db.query(`UPDATE intake.parked SET state = 'resolved', resolution = $2, resolved_at = now() WHERE id = $1`, [
    id,
    JSON.stringify(resolution),
  ]);
};

/** The case the intake opened, by patient key, so the patient's next message finds it at once. */
export const linkCase = async (
  db: Queryable,
  link: { caseId: string; patientKey: string; hospitalOrgNumber: string; municipalityCode: string },
): Promise<void> => {
  await db.query(
    `INSERT INTO intake.case_links (case_id, patient_key, hospital_org_number, municipality_code) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_id) DO NOTHING`,
    [link.caseId, link.patientKey, link.hospitalOrgNumber, link.municipalityCode],
  );
};
