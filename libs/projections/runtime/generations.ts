import type pg from 'pg';
import type { CaseProjection, ReadModelTable } from './case-projection.js';
import { READ_MODELS_SCHEMA } from './schema.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,50}$/;

const quoted = (identifier: string): string => {
  if (!IDENTIFIER.test(identifier)) throw new Error(`invalid read model identifier ${identifier}`);
  return `"${identifier}"`;
};

/** The view queries read: `read_models.<table>`. */
export const viewName = (table: string): string => `${quoted(READ_MODELS_SCHEMA)}.${quoted(table)}`;

/** One physical generation of a table: `read_models.<table>_g<n>`. */
export const generationTable = (table: string, generation: number): string =>
  `${quoted(READ_MODELS_SCHEMA)}.${quoted(`${table}_g${generation}`)}`;

/** A column and its SQL type, as the generation's table has it. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/** A generation's table as the writer needs it. */
export interface PhysicalTable {
  readonly logical: ReadModelTable;
  readonly qualified: string;
  readonly columns: readonly TableColumn[];
}

export const assertProjectionShape = (projection: CaseProjection): void => {
  quoted(projection.name);
  for (const table of projection.tables) {
    quoted(table.name);
    if (!table.columns.includes('case_id')) throw new Error(`${projection.name}.${table.name} has no case_id column`);
    for (const column of table.columns) quoted(column);
  }
};

/** What a table's `ddl` and `queryIndexes` are given for one generation: its qualified name and an index prefix. */
const physicalNames = (table: ReadModelTable, generation: number): [qualified: string, indexPrefix: string] => [
  generationTable(table.name, generation),
  `${table.name}_g${generation}`,
];

/**
 * Creates every table of a generation (dropping leftovers of an unfinished earlier attempt), with its query indexes
 * unless `withQueryIndexes` is false (a rebuild adds them later, see `createQueryIndexes`). Run inside a transaction.
 */
export const createGeneration = async (
  db: pg.ClientBase,
  projection: CaseProjection,
  generation: number,
  { withQueryIndexes }: { withQueryIndexes: boolean },
): Promise<void> => {
  for (const table of projection.tables) {
    const [qualified, indexPrefix] = physicalNames(table, generation);
    await db.query(`DROP TABLE IF EXISTS ${qualified}`);
    for (const statement of table.ddl(qualified, indexPrefix)) await db.query(statement);
  }
  if (withQueryIndexes) await createQueryIndexes(db, projection, generation);
};

/** The query indexes of a generation's tables; those already there are left alone. */
export const createQueryIndexes = async (db: pg.ClientBase, projection: CaseProjection, generation: number): Promise<void> => {
  for (const table of projection.tables) {
    const statements = table.queryIndexes?.(...physicalNames(table, generation)) ?? [];
    for (const statement of statements) await db.query(statement);
  }
};

export const dropGeneration = async (db: pg.ClientBase, projection: CaseProjection, generation: number): Promise<void> => {
  for (const table of projection.tables) await db.query(`DROP TABLE IF EXISTS ${generationTable(table.name, generation)}`);
};

/**
 * Points every view of the projection at a generation. Run inside the transaction that records the swap, so a query
 * sees either the old generation or the new one, never a missing relation. A view whose columns changed cannot be
 * replaced in place; it is dropped and created in the same transaction (waiting queries then resolve the new one).
 */
export const exposeGeneration = async (db: pg.ClientBase, projection: CaseProjection, generation: number): Promise<void> => {
  for (const table of projection.tables) {
    const view = viewName(table.name);
    const select = `SELECT ${table.columns.map(quoted).join(', ')} FROM ${generationTable(table.name, generation)}`;
    await db.query('SAVEPOINT expose_view');
    try {
      await db.query(`CREATE OR REPLACE VIEW ${view} AS ${select}`);
      await db.query('RELEASE SAVEPOINT expose_view');
    } catch {
      await db.query('ROLLBACK TO SAVEPOINT expose_view');
      await db.query(`DROP VIEW IF EXISTS ${view}`);
      await db.query(`CREATE VIEW ${view} AS ${select}`);
    }
  }
};

/** The tables of a generation with their column types, in the order `project` gives values. */
export const describeGeneration = async (
  db: pg.ClientBase,
  projection: CaseProjection,
  generation: number,
): Promise<PhysicalTable[]> =>
  Promise.all(
    projection.tables.map(async (table) => {
      const qualified = generationTable(table.name, generation);
      const { rows } = await db.query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [qualified],
      );
      const types = new Map(rows.map((row) => [row.name, row.type]));
      const columns = table.columns.map((name) => {
        const type = types.get(name);
        if (!type) throw new Error(`${qualified} has no column ${name}`);
        return { name, type };
      });
      return { logical: table, qualified, columns };
    }),
  );
