import type pg from 'pg';
import type { ProjectedRow } from './case-projection.js';
import type { PhysicalTable, TableColumn } from './generations.js';

const arrayElement = (value: unknown): string =>
  value === null || value === undefined ? 'NULL' : `"${cellText(value)!.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** A cell as PostgreSQL text input: the insert sends every column as text[] and casts it to the column's type. */
const cellText = (value: unknown, column?: TableColumn): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && column?.type.endsWith('[]')) return `{${value.map(arrayElement).join(',')}}`;
  return JSON.stringify(value);
};

const insertStatement = (table: PhysicalTable): string => {
  const names = table.columns.map((column) => `"${column.name}"`);
  const aliases = table.columns.map((_, i) => `c${i}`);
  const casts = table.columns.map((column, i) => `u.c${i}::${column.type}`);
  const arrays = table.columns.map((_, i) => `$${i + 1}::text[]`);
  return `INSERT INTO ${table.qualified} (${names.join(', ')})
    SELECT ${casts.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${aliases.join(', ')})`;
};

/** Replaces a set of cases' rows in one generation: one DELETE and one multi-row INSERT (unnest) per table. */
export class RowWriter {
  readonly #tables: readonly PhysicalTable[];
  readonly #inserts: readonly string[];
  readonly #deletes: readonly string[];

  constructor(tables: readonly PhysicalTable[]) {
    this.#tables = tables;
    this.#inserts = tables.map(insertStatement);
    this.#deletes = tables.map((table) => {
      const caseIdType = table.columns.find((column) => column.name === 'case_id')!.type;
      return `DELETE FROM ${table.qualified} WHERE case_id = ANY($1::text[]::${caseIdType}[])`;
    });
  }

  /** `rows[i]` holds the new rows of table i for every case in `caseIds`. Runs inside the caller's transaction. */
  async replace(db: pg.ClientBase, caseIds: readonly string[], rows: readonly (readonly ProjectedRow[])[]): Promise<void> {
    for (let t = 0; t < this.#tables.length; t++) {
      const table = this.#tables[t]!;
      await db.query(this.#deletes[t]!, [caseIds]);
      const tableRows = rows[t]!;
      if (tableRows.length === 0) continue;
      const columns = table.columns.map((column, c) => tableRows.map((row) => cellText(row[c], column)));
      await db.query(this.#inserts[t]!, columns);
    }
  }
}
