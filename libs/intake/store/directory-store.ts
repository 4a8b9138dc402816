import type pg from 'pg';
import type { IntakeConfigFile } from '../config/intake-config.js';
import { directoryOf, type HospitalEntry, type IntakeDirectory, type ReceiverEntry } from '../receiving/directory.js';

type Kind = 'receivers' | 'hospitals';

/**
 * The receivers and hospitals tables. Each message reads them through a copy kept for a few seconds: a change made
 * through this process is seen at once, one made through another API process within `maxAgeMs`.
 */
export class DirectoryStore {
  #cached: { directory: IntakeDirectory; at: number } | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxAgeMs = 5000,
  ) {}

  /** Adds the file's entries that the tables lack; an entry an admin has changed keeps the change. */
  async seed(config: IntakeConfigFile): Promise<void> {
    for (const [herId, entry] of Object.entries(config.receivers)) {
      await this.pool.query(
        'INSERT INTO intake.receivers (her_id, municipality_code, name) VALUES ($1, $2, $3) ON CONFLICT (her_id) DO NOTHING',
        [herId, entry.municipalityCode, entry.name],
      );
    }
    for (const [herId, entry] of Object.entries(config.hospitals)) {
      await this.pool.query(
        'INSERT INTO intake.hospitals (her_id, org_number, name) VALUES ($1, $2, $3) ON CONFLICT (her_id) DO NOTHING',
        [herId, entry.orgNumber, entry.name],
      );
    }
    this.#cached = null;
  }

  async directory(now = Date.now()): Promise<IntakeDirectory> {
    if (this.#cached && now - this.#cached.at < this.maxAgeMs) return this.#cached.directory;
    const [receivers, hospitals] = await Promise.all([this.list('receivers'), this.list('hospitals')]);
    const directory = directoryOf(receivers, hospitals);
    this.#cached = { directory, at: now };
    return directory;
  }

  async list(kind: 'receivers'): Promise<Record<string, ReceiverEntry>>;
  async list(kind: 'hospitals'): Promise<Record<string, HospitalEntry>>;
  async list(kind: Kind): Promise<Record<string, ReceiverEntry | HospitalEntry>> {
    const sql =
      kind === 'receivers'
        ? 'SELECT her_id, municipality_code AS "municipalityCode", name FROM intake.receivers ORDER BY her_id'
        : 'SELECT her_id, org_number AS "orgNumber", name FROM intake.hospitals ORDER BY her_id';
    const { rows } = await this.pool.query<{ her_id: string } & Record<string, string>>(sql);
    return Object.fromEntries(rows.map(({ her_id, ...entry }) => [her_id, entry as unknown as ReceiverEntry | HospitalEntry]));
  }

  async putReceiver(herId: string, entry: ReceiverEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO intake.receivers (her_id, municipality_code, name) VALUES ($1, $2, $3)
       ON CONFLICT (her_id) DO UPDATE SET municipality_code = EXCLUDED.municipality_code, name = EXCLUDED.name, updated_at = now()`,
      [herId, entry.municipalityCode, entry.name],
    );
    this.#cached = null;
  }

  async putHospital(herId: string, entry: HospitalEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO intake.hospitals (her_id, org_number, name) VALUES ($1, $2, $3)
       ON CONFLICT (her_id) DO UPDATE SET org_number = EXCLUDED.org_number, name = EXCLUDED.name, updated_at = now()`,
      [herId, entry.orgNumber, entry.name],
    );
    this.#cached = null;
  }

  /** Whether there was an entry to delete. */
  async delete(kind: Kind, herId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`DELETE FROM intake.${kind} WHERE her_id = $1`, [herId]);
    this.#cached = null;
    return (rowCount ?? 0) > 0;
  }
}
