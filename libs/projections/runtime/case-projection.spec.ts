import { column, defineCaseProjection } from './case-projection.js';

interface Item {
  readonly caseId: string;
  readonly n: number;
}

const projection = defineCaseProjection<Item>({
  name: 'example',
  version: 7,
  tables: [
    {
      name: 'examples',
      columns: { case_id: column<Item>('text NOT NULL', (item) => item.caseId), n: column<Item>('integer NOT NULL', (item) => item.n) },
      constraints: ['PRIMARY KEY (case_id, n)'],
      moreDdl: (table, prefix) => [`CREATE INDEX ${prefix}_n ON ${table} (n)`],
      queryIndexes: (table, prefix) => [`CREATE INDEX IF NOT EXISTS ${prefix}_q ON ${table} (n, case_id)`],
    },
    { name: 'example_counts', columns: { case_id: column<Item>('text PRIMARY KEY', (item) => item.caseId) } },
  ],
  items: (history) => history.map((record) => ({ caseId: 'c1', n: record.revision })),
});

describe('defineCaseProjection', () => {
  it('makes each table from its columns, named once: the DDL, the column list and the query indexes', () => {
    const [examples, counts] = projection.tables;
    expect(projection).toMatchObject({ name: 'example', version: 7 });
    expect(examples!.columns).toEqual(['case_id', 'n']);
    expect(examples!.ddl('t', 'p')).toEqual([
      'CREATE TABLE t (\n  case_id text NOT NULL,\n  n integer NOT NULL,\n  PRIMARY KEY (case_id, n)\n)',
      'CREATE INDEX p_n ON t (n)',
    ]);
    expect(examples!.queryIndexes!('t', 'p')).toEqual(['CREATE INDEX IF NOT EXISTS p_q ON t (n, case_id)']);
    expect(counts!.ddl('u', 'q')).toEqual(['CREATE TABLE u (\n  case_id text PRIMARY KEY\n)']);
    expect(counts!.queryIndexes).toBeUndefined();
  });

  it('gives every item as one row of every table, its values in column order', () => {
    const history = [0, 1].map((revision) => ({ revision }) as never);
    expect(projection.project(history)).toEqual({ examples: [['c1', 0], ['c1', 1]], example_counts: [['c1'], ['c1']] });
  });
});
