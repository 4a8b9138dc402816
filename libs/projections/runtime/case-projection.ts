import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';

/**
 * Every read model of overgang is a pure function of one case's history: the runtime feeds a projection
 * the case's events in stream order, up to and including the event it is processing, and replaces that
 * case's rows with what `project` returns. Replaying any prefix therefore gives the same rows, so a crash
 * between batches neither loses nor double-applies anything (rows and checkpoint commit in one transaction).
 */
export interface ReadModelTable {
  /** Logical name, e.g. `allocation_assessments`. Queries read `read_models.<name>`, whichever generation is live. */
  readonly name: string;
  /** Column names, in the order `project` gives each row's values. One of them must be `case_id`. */
  readonly columns: readonly string[];
  /**
   * DDL for one physical generation of the table, given its schema-qualified, quoted name
   * (e.g. `"read_models"."allocation_assessments_g2"`) and a prefix for index names unique to that generation.
   * Whatever writing rows needs: the table, its key, triggers.
   */
  ddl(table: string, indexPrefix: string): readonly string[];
  /**
   * Indexes only queries need (`CREATE INDEX IF NOT EXISTS ...`, same arguments as `ddl`). A rebuild fills its
   * generation without them and creates them once it has caught up, before the swap: one sort instead of an index
   * update per row. The writer's own look-ups (rows by `case_id`) must be served by what `ddl` creates.
   */
  queryIndexes?(table: string, indexPrefix: string): readonly string[];
}

export type ProjectedRow = readonly unknown[];

export interface CaseProjection {
  /** e.g. `participation`; the runtime's checkpoint and lock are keyed by it. */
  readonly name: string;
  /** Bump when `project` or the tables change: the runtime rebuilds into a new generation and swaps it in. */
  readonly version: number;
  readonly tables: readonly ReadModelTable[];
  /** The rows of each table (by logical name) for one case, from its history so far. Pure: no I/O, no clock. */
  project(history: readonly CaseEventRecord[]): Readonly<Record<string, readonly ProjectedRow[]>>;
}

/** The caseId of a case stream (`case-<uuid>`), or null for any other stream. */
export const caseIdOfStream = (streamName: string): string | null =>
  streamName.startsWith('case-') ? streamName.slice('case-'.length) : null;

/** One column of a case table: its SQL type (with `NOT NULL`, `CHECK`, …) and how an item gives its value. */
export interface CaseColumn<Item> {
  readonly type: string;
  readonly value: (item: Item) => unknown;
}

export const column = <Item>(type: string, value: (item: Item) => unknown): CaseColumn<Item> => ({ type, value });

/** A table of a case projection, each column named once: its DDL, its column list and its rows follow from it. */
export interface CaseTableDefinition<Item> {
  readonly name: string;
  /** In table order; one of them must be `case_id`. */
  readonly columns: Readonly<Record<string, CaseColumn<Item>>>;
  /** Table constraints after the columns, e.g. `PRIMARY KEY (case_id, decision_id)`. */
  readonly constraints?: readonly string[];
  /** What writing needs beyond the table (same arguments as `ReadModelTable.ddl`): the writer's indexes, triggers. */
  readonly moreDdl?: (table: string, indexPrefix: string) => readonly string[];
  readonly queryIndexes?: (table: string, indexPrefix: string) => readonly string[];
}

export interface CaseProjectionDefinition<Item> {
  readonly name: string;
  readonly version: number;
  readonly tables: readonly CaseTableDefinition<Item>[];
  /** The case's items from its history so far: each is one row of every table. Pure: no I/O, no clock. */
  readonly items: (history: readonly CaseEventRecord[]) => readonly Item[];
}

const readModelTable = <Item>(definition: CaseTableDefinition<Item>): ReadModelTable => {
  const names = Object.keys(definition.columns);
  const lines = [...names.map((name) => `${name} ${definition.columns[name]!.type}`), ...(definition.constraints ?? [])];
  return {
    name: definition.name,
    columns: names,
    ddl: (table, indexPrefix) => [`CREATE TABLE ${table} (\n  ${lines.join(',\n  ')}\n)`, ...(definition.moreDdl?.(table, indexPrefix) ?? [])],
    ...(definition.queryIndexes && { queryIndexes: definition.queryIndexes }),
  };
};

/** A `CaseProjection` from its tables' columns and the items a case history gives. */
export const defineCaseProjection = <Item>(definition: CaseProjectionDefinition<Item>): CaseProjection => {
  const tables = definition.tables.map((table) => ({ table, values: Object.values(table.columns).map((c) => c.value) }));
  return {
    name: definition.name,
    version: definition.version,
    tables: definition.tables.map(readModelTable),
    project: (history) => {
      const items = definition.items(history);
      return Object.fromEntries(
        tables.map(({ table, values }) => [table.name, items.map((item) => values.map((value) => value(item)))]),
      );
    },
  };
};
