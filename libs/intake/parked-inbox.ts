import type pg from 'pg';
import { loadCase } from '#libs/application/case-events.js';
import type { CaseStatus } from '#libs/domain/transfer-case/state.js';
import type { Actor, EventStore } from '#libs/event-store/event-store.port.js';
import type { IntakeService, IntakeSettings } from './intake-service.js';
import { maskIdentity, type ParkedFacts } from './mapping/parked-facts.js';
import type { Parking, ParkReasonCode } from './mapping/parking.js';
import { receive } from './receiving/receive.js';
import type { DirectoryStore } from './store/directory-store.js';
import { resolveParked, type Resolution } from './store/message-log.js';

/**
 * The officers' inbox: messages that need a person. Each item says why it waits, what the message says, and which
 * cases it may belong to; resolving it records its facts through the command path (attach to a case, open a case)
 * or dismisses it. Resolving is idempotent (the same resolution again answers as the first did) and safe against a
 * concurrent resolution (the item is locked, and a different second resolution is refused).
 */

export interface SuggestedCase {
  readonly caseId: string;
  /** `same_patient`: a case of this patient; `same_hospital`: an open case from the sending hospital. */
  readonly why: 'same_patient' | 'same_hospital';
  readonly status: CaseStatus;
  readonly admittedAt: string;
  readonly patientName: string;
  readonly maskedNationalId: string;
  readonly hospitalName: string;
  readonly department: string;
}

export interface ParkedItem {
  readonly id: string;
  readonly msgId: string;
  readonly parkedAt: string;
  readonly reasonCode: ParkReasonCode;
  readonly reason: string;
  readonly facts: ParkedFacts;
  readonly state: 'open' | 'resolved';
  readonly resolution: Resolution | null;
  readonly suggestions: readonly SuggestedCase[];
}

export type ResolveRequest =
  | { readonly action: 'attach'; readonly caseId: string }
  | { readonly action: 'open_case'; readonly nationalId?: string }
  | { readonly action: 'dismiss'; readonly reason: string };

export type ResolveOutcome =
  | { readonly kind: 'resolved'; readonly resolution: Resolution }
  | { readonly kind: 'not_found' }
  /** Already resolved otherwise. */
  | { readonly kind: 'conflict'; readonly detail: string }
  /** The facts cannot go where the officer asked: nothing recorded, the item stays open. */
  | { readonly kind: 'refused'; readonly parking: Parking };

interface ParkedRow {
  id: string;
  message_id: string;
  msg_id: string;
  municipality_code: string;
  reason_code: ParkReasonCode;
  reason: string;
  facts: ParkedFacts;
  patient_key: string | null;
  hospital_org_number: string | null;
  state: 'open' | 'resolved';
  resolution: Resolution | null;
  parked_at: Date;
}

const MAX_SUGGESTIONS = 5;

export class ParkedInbox {
  constructor(
    private readonly deps: {
      readonly pool: pg.Pool;
      readonly store: EventStore;
      readonly intake: IntakeService;
      readonly directory: DirectoryStore;
      readonly settings: IntakeSettings;
      readonly now: () => Date;
    },
  ) {}

  /** A page of a municipality's items, oldest first; `after` is the last id of the previous page. */
  async list(
    municipalityCode: string,
    options: { readonly state: 'open' | 'resolved'; readonly limit: number; readonly after?: string },
  ): Promise<{ items: ParkedItem[]; nextCursor: string | null }> {
    const { rows } = await this.deps.pool.query<ParkedRow>(
      `SELECT * FROM intake.parked
       WHERE municipality_code = $1 AND state = $2
         AND ($3::uuid IS NULL OR (parked_at, id) > (SELECT parked_at, id FROM intake.parked WHERE id = $3::uuid))
       ORDER BY parked_at, id LIMIT $4`,
      [municipalityCode, options.state, options.after ?? null, options.limit + 1],
    );
    const page = rows.slice(0, options.limit);
    const items = await Promise.all(page.map((row) => this.item(row)));
    return { items, nextCursor: rows.length > options.limit ? page.at(-1)!.id : null };
  }

  async get(id: string, municipalityCode: string): Promise<ParkedItem | undefined> {
    const { rows } = await this.deps.pool.query<ParkedRow>('SELECT * FROM intake.parked WHERE id = $1', [id]);
    const row = rows[0];
    return row && row.municipality_code === municipalityCode ? this.item(row) : undefined;
  }

  async resolve(id: string, request: ResolveRequest, officer: Actor): Promise<ResolveOutcome> {
    return this.deps.intake.inTransaction(async (db) => {
      const { rows } = await db.query<ParkedRow & { raw: Buffer | null }>(
        `SELECT p.*, m.raw FROM intake.parked p JOIN intake.messages m ON m.id = p.message_id WHERE p.id = $1 FOR UPDATE OF p`,
        [id],
      );
      const row = rows[0];
      if (!row || row.municipality_code !== officer.organisation) return { kind: 'not_found' } as const;
      if (row.state === 'resolved') return sameResolution(row.resolution, request);

      const resolution = (more: Partial<Resolution>): Resolution => ({
        action: request.action,
        ...more,
        by: officer,
        at: this.deps.now().toISOString(),
      });
      if (request.action === 'dismiss') {
        const dismissed = resolution({ reason: request.reason });
        await resolveParked(db, id, dismissed);
        return { kind: 'resolved', resolution: dismissed } as const;
      }
      if (request.action === 'attach') {
        const target = await loadCase(this.deps.store, request.caseId);
        if (target.state.admission?.municipalityCode !== officer.organisation) return { kind: 'not_found' } as const;
      }
      const reception = row.raw
        ? receive(row.raw, await this.deps.directory.directory(), { rejectUnknownReceiver: this.deps.settings.rejectUnknownReceiver })
        : undefined;
      if (reception?.outcome !== 'accepted') {
        return { kind: 'conflict', detail: 'The message is no longer one of ours: its receiver has been removed from the configuration' } as const;
      }
      const source = { channel: 'plo', msgId: row.msg_id, resolvedBy: officer } as const;
      const processed =
        reception.message?.status === 'C'
          ? request.action === 'attach'
            ? await this.deps.intake.applyCancellation(db, reception, { caseId: request.caseId, force: true, source })
            : ({ outcome: 'refused', parking: { code: 'cancellation_conflict', reason: 'En kansellering kan ikke opprette en sak.' } } as const)
          : await this.deps.intake.recordMessage(db, row.message_id, reception, {
              target: request.action === 'attach' ? request.caseId : 'new',
              source,
              ...(request.action === 'open_case' && request.nationalId ? { nationalId: request.nationalId } : {}),
            });
      if ('parking' in processed) return { kind: 'refused', parking: processed.parking } as const;
      const done = resolution({ ...(processed.caseId ? { caseId: processed.caseId } : {}), events: processed.events });
      await resolveParked(db, id, done);
      return { kind: 'resolved', resolution: done } as const;
    });
  }

  private async item(row: ParkedRow): Promise<ParkedItem> {
    return {
      id: row.id,
      msgId: row.msg_id,
      parkedAt: row.parked_at.toISOString(),
      reasonCode: row.reason_code,
      reason: row.reason,
      facts: row.facts,
      state: row.state,
      resolution: row.resolution,
      suggestions: row.state === 'open' ? await this.suggestions(row) : [],
    };
  }

  /** Cases of the same patient (the intake's patient index), then open cases from the same hospital, newest first. */
  private async suggestions(row: ParkedRow): Promise<SuggestedCase[]> {
    const patientCases = row.patient_key
      ? (
          await this.deps.pool.query<{ case_id: string }>(
            'SELECT case_id FROM intake.case_links WHERE patient_key = $1 AND municipality_code = $2 ORDER BY linked_at DESC LIMIT $3',
            [row.patient_key, row.municipality_code, MAX_SUGGESTIONS],
          )
        ).rows.map((link) => link.case_id)
      : [];
    const hospitalCases = row.hospital_org_number ? await this.openCasesOf(row.municipality_code, row.hospital_org_number) : [];
    const seen = new Set<string>();
    const wanted = [
      ...patientCases.map((caseId) => ({ caseId, why: 'same_patient' as const })),
      ...hospitalCases.map((caseId) => ({ caseId, why: 'same_hospital' as const })),
    ].filter(({ caseId }) => !seen.has(caseId) && seen.add(caseId));
    const loaded = await Promise.all(
      wanted.map(async ({ caseId, why }) => ({ caseId, why, state: (await loadCase(this.deps.store, caseId)).state })),
    );
    return loaded.flatMap(({ caseId, why, state }) => {
      const admission = state.admission;
      if (!admission || !state.status || admission.municipalityCode !== row.municipality_code) return [];
      return [
        {
          caseId,
          why,
          status: state.status,
          admittedAt: admission.admittedAt,
          patientName: admission.patient.name,
          maskedNationalId: maskIdentity(admission.patient.nationalId),
          hospitalName: admission.hospital.name,
          department: admission.hospital.department,
        },
      ];
    });
  }

  /** From the work queue's read model, when the worker keeps it; none while it does not exist. */
  private async openCasesOf(municipalityCode: string, hospitalOrgNumber: string): Promise<string[]> {
    const { rows } = await this.deps.pool.query<{ case_id: string }>(
      `SELECT case_id FROM read_models.case_summaries
       WHERE to_regclass('read_models.case_summaries') IS NOT NULL
         AND municipality_code = $1 AND hospital_org_number = $2 AND status NOT IN ('transferred', 'withdrawn')
       ORDER BY admitted_at DESC LIMIT $3`,
      [municipalityCode, hospitalOrgNumber, MAX_SUGGESTIONS],
    ).catch(() => ({ rows: [] as { case_id: string }[] }));
    return rows.map((row) => row.case_id);
  }
}

const sameResolution = (resolution: Resolution | null, request: ResolveRequest): ResolveOutcome => {
  const same =
    resolution?.action === request.action &&
    (request.action !== 'attach' || resolution.caseId === request.caseId);
  return same && resolution
    ? { kind: 'resolved', resolution }
    : { kind: 'conflict', detail: `The message is already resolved (${resolution?.action ?? 'unknown'})` };
};
