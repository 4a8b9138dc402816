import pg from 'pg';
import { assessAllocations } from '#libs/domain/participation/allocation-assessment.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { SAMPLE_NATIONAL_ID, caseHistory } from '#libs/domain/participation/testing/case-history.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { ALLOCATION_ASSESSMENTS, allocationAssessmentProjection } from './allocation-assessment.projection.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const projection = allocationAssessmentProjection(SECRET);
const [table] = projection.tables;

const history = caseHistory()
  .admitted()
  .readyForDischarge()
  .decided('home_care')
  .visited(['user', 'municipal_caseworker'])
  .optionsPresented(['home_care', 'short_term_stay'])
  .chose('short_term_stay')
  .decided('short_term_stay')
  .appealed('decision-1')
  .build();

const rowsOf = (events = history) => projection.project(events)[ALLOCATION_ASSESSMENTS]!;
const asRecord = (row: readonly unknown[]): Record<string, unknown> =>
  Object.fromEntries(table!.columns.map((column, index) => [column, row[index]]));

describe('the participation projection', () => {
  it('gives one row per decision, every column from the assessment the domain makes', () => {
    const assessments = assessAllocations(history, { pseudonymize: (id) => pseudonymizeNationalId(SECRET, id) });
    const rows = rowsOf().map(asRecord);

    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({
      case_id: assessments[1]!.caseId,
      decision_id: 'decision-2',
      decided_at: assessments[1]!.decidedAt,
      service_type: 'short_term_stay',
      municipality_code: assessments[1]!.municipalityCode,
      hospital_org_number: assessments[1]!.hospitalOrgNumber,
      level: 'innflytelse',
      ladder_step: 'brukerinnflytelse',
      influence_quality: 'full',
      appealed: false,
      days_from_readiness_to_decision: 0,
      appeal_information_given: null,
      assessment: assessments[1],
    });
    expect(rows[0]).toMatchObject({ level: 'deltakelse', influence_quality: null, appealed: true });
  });

  it('names the patient only by a pseudonym that a rebuild gives again', () => {
    const rows = rowsOf();

    expect(JSON.stringify(rows)).not.toContain(SAMPLE_NATIONAL_ID);
    expect(rows.map(asRecord).map((row) => (row.assessment as { patientPseudonym: string }).patientPseudonym)).toEqual([
      pseudonymizeNationalId(SECRET, SAMPLE_NATIONAL_ID),
      pseudonymizeNationalId(SECRET, SAMPLE_NATIONAL_ID),
    ]);
    expect(allocationAssessmentProjection(SECRET).project(history)).toEqual(projection.project(history));
  });

  it('has no rows for a case with no decision yet', () => {
    expect(rowsOf(caseHistory().admitted().readyForDischarge().build())).toEqual([]);
  });

  describe('in PostgreSQL', () => {
    let database: TestDatabase;
    let client: pg.Client;

    beforeAll(async () => {
      database = await createTestDatabase('overgang_participation');
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
    });

    afterAll(async () => {
      await client.end();
      await database.drop();
    });

    it('creates its table and indexes, takes its rows, and the audit order is served by an index', async () => {
      await client.query('CREATE SCHEMA read_models');
      const args = ['"read_models"."allocation_assessments_g1"', 'allocation_assessments_g1'] as const;
      for (const statement of [...table!.ddl(...args), ...(table!.queryIndexes?.(...args) ?? [])]) {
        await client.query(statement);
      }
      const columns = table!.columns.join(', ');
      const placeholders = table!.columns.map((_, index) => `$${index + 1}`).join(', ');
      for (const row of rowsOf()) {
        await client.query(`INSERT INTO read_models.allocation_assessments_g1 (${columns}) VALUES (${placeholders})`, [
          ...row,
        ]);
      }

      const { rows } = await client.query<{ decision_id: string; ladder: string }>(
        `SELECT decision_id, assessment ->> 'ladderStep' AS ladder FROM read_models.allocation_assessments_g1
         ORDER BY decided_at, case_id, decision_id`,
      );
      expect(rows).toEqual([
        { decision_id: 'decision-1', ladder: 'brukerperspektiv' },
        { decision_id: 'decision-2', ladder: 'brukerinnflytelse' },
      ]);
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT * FROM read_models.allocation_assessments_g1 WHERE municipality_code = '0301'
         ORDER BY decided_at, case_id, decision_id LIMIT 10`,
      );
      expect(JSON.stringify(plan.rows)).toContain('allocation_assessments_g1_municipality');
    });
  });
});
