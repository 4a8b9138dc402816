import type pg from 'pg';
import type { IntakeConfigFile } from '../config/intake-config.js';
import { directoryOf, type HospitalEntry, type IntakeDirectory, type ReceiverEntry } from '../receiving/directory.js';

interface Entries {
  receivers: ReceiverEntry;
  hospitals: HospitalEntry;
}
type Kind = keyof Entries;

/** Each table's columns beside `her_id`, with the entry field each holds. */
const COLUMNS: { readonly [K in Kind]: readonly (readonly [column: string, field: keyof Entries[K]])[] } = {
  receivers: [
    ['municipality_code', 'municipalityCode'],
    ['name', 'name'],
  ],
  hospitals: [
    ['org_number', 'orgNumber'],
    ['name', 'name'],
  ],
};

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
    for (const kind of ['receivers', 'hospitals'] as const) {
      for (const [herId, entry] of Object.entries(config[kind])) await this.write(kind, herId, entry, 'DO NOTHING');
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

  async list<K extends Kind>(kind: K): Promise<Record<string, Entries[K]>> {
    const fields = COLUMNS[kind].map(([column, field]) => `${column} AS "${String(field)}"`).join(', ');
    const { rows } = await this.pool.query<{ her_id: string } & Entries[K]>(`SELECT her_id, ${fields} FROM intake.${kind} ORDER BY her_id`);
    return Object.fromEntries(rows.map(({ her_id, ...entry }) => [her_id, entry as unknown as Entries[K]]));
  }

  async put<K extends Kind>(kind: K, herId: string, entry: Entries[K]): Promise<void> {
    const updates = COLUMNS[kind].map(([column]) => `${column} = EXCLUDED.${column}`).join(', ');
    await this.write(kind, herId, entry, `DO UPDATE SET ${updates}, updated_at = now()`);
    this.#cached = null;
  }

  /** Whether there was an entry to delete. */
  async delete(kind: Kind, herId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`DELETE FROM intake.${kind} WHERE her_id = $1`, [herId]);
    this.#cached = null;
    return (rowCount ?? 0) > 0;
  }

  private async write<K extends Kind>(kind: K, herId: string, entry: Entries[K], onConflict: string): Promise<void> {
    const columns = COLUMNS[kind];
    await this.pool.query(
      `INSERT INTO intake.${kind} (her_id, ${columns.map(([column]) => column).join(', ')})
       VALUES ($1, ${columns.map((_, index) => `$${index + 2}`).join(', ')})
       ON CONFLICT (her_id) ${onConflict}`,
      [herId, ...columns.map(([, field]) => entry[field])],
    );
  }
}
