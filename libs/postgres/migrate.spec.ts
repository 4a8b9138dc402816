import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { migrate, type Migration } from './migrate.js';

describe('migrate', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const migrations: Migration[] = [
    { version: 2, name: 'add column', sql: 'ALTER TABLE things.thing ADD COLUMN label text' },
    { version: 1, name: 'create table', sql: 'CREATE TABLE things.thing (id int PRIMARY KEY)' },
  ];

  it('applies each migration once, in order, even when started concurrently', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(pool, 'things', migrations)));
    expect(results.flat().sort()).toEqual([1, 2]);
    const { rows } = await pool.query('SELECT version FROM things.schema_migrations ORDER BY version');
    expect(rows.map((row: { version: number }) => row.version)).toEqual([1, 2]);
    await pool.query("INSERT INTO things.thing (id, label) VALUES (1, 'x')");
  });

  it('rolls a failing migration back and names it', async () => {
    await expect(
      migrate(pool, 'things', [...migrations, { version: 3, name: 'broken', sql: 'CREATE TABLE things.x (); SELECT nope' }]),
    ).rejects.toThrow('migration things 3 (broken) failed');
    const { rows } = await pool.query("SELECT to_regclass('things.x') AS table");
    expect(rows[0].table).toBeNull();
  });
});
