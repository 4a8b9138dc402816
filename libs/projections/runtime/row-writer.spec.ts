import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { describeGeneration, generationTable } from './generations.js';
import { RowWriter } from './row-writer.js';
import type { CaseProjection } from './case-projection.js';

/** Every kind of cell a projection gives arrives in its column as the column's type reads it. */
const projection: CaseProjection = {
  name: 'cells',
  version: 1,
  tables: [
    {
      name: 'cells',
      columns: ['case_id', 'at', 'n', 'big', 'flag', 'tags', 'doc', 'doc_text', 'note', 'nothing'],
      ddl: (table) => [
        `CREATE TABLE ${table} (case_id uuid, at timestamptz, n integer, big bigint, flag boolean, tags text[],
          doc jsonb, doc_text jsonb, note text, nothing text)`,
      ],
    },
  ],
  project: () => ({}),
};

describe('RowWriter', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('overgang_row_writer');
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('CREATE SCHEMA read_models');
    for (const statement of projection.tables[0]!.ddl(generationTable('cells', 1), 'cells_g1')) await client.query(statement);
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('writes text, numbers, booleans, instants, arrays and JSON, and replaces a case’s rows', async () => {
    const writer = new RowWriter(await describeGeneration(client, projection, 1));
    const caseId = '5b0c8a52-7f6e-4d1a-9c3b-2e8f1a6d4c70';
    const row = [
      caseId,
      '2026-03-01T10:00:00.123+01:00',
      42,
      2n ** 60n,
      true,
      ['a', 'with "quotes", commas and \\ backslash', null],
      { nested: { text: 'quote " backslash \\ newline \n æøå', list: [1, null, true] } },
      '{"already": "json text"}',
      'plain, "quoted" {braces}',
      null,
    ];
    const encode = (...rows: unknown[][]) => writer.encode({ cells: rows });
    await writer.replace(client, [], encode(row, row.map((cell, i) => (i === 2 ? 7 : cell))));
    await writer.replace(client, [caseId], encode(row));

    const { rows } = await client.query(`SELECT * FROM ${generationTable('cells', 1)}`);
    expect(rows).toEqual([
      {
        case_id: caseId,
        at: new Date('2026-03-01T09:00:00.123Z'),
        n: 42,
        big: (2n ** 60n).toString(),
        flag: true,
        tags: ['a', 'with "quotes", commas and \\ backslash', null],
        doc: row[6],
        doc_text: { already: 'json text' },
        note: 'plain, "quoted" {braces}',
        nothing: null,
      },
    ]);
  });
});
