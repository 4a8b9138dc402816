import { CaseStream, oslo } from '#libs/domain/regulation/case-stream.fixture.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { PATIENT_CASES, patientCasesProjection } from './patient-cases.projection.js';

const SECRET = 'a-test-secret-of-sixteen-plus';
const projection = patientCasesProjection(SECRET);

describe('patient_cases', () => {
  it('keys each case by a pseudonym of its patient, never the national ID, and says whether it is open', () => {
    const stream = CaseStream.admitted('2024-05-01T10:00');
    const [row] = projection.project(stream.events)[PATIENT_CASES]!;
    const admission = stream.events[0]!.data as { caseId: string; patient: { nationalId: string } };
    expect(row).toEqual([admission.caseId, pseudonymizeNationalId(SECRET, admission.patient.nationalId), '974589095', '0301', true]);
    expect(JSON.stringify(row)).not.toContain(admission.patient.nationalId);
    expect(projection.project(stream.withdraw('2024-05-02T10:00').events)[PATIENT_CASES]![0]![4]).toBe(false);
  });

  it('counts a case as open again when the message that closed it is cancelled', () => {
    const stream = CaseStream.admitted('2024-05-01T10:00').withdraw('2024-05-02T10:00');
    stream.events.push({
      type: 'NoticeCancelled',
      data: { msgId: 'm2', cancelledMsgId: 'm1', cancelledEvents: [{ revision: 1, type: 'CaseWithdrawn' }] },
      occurredAt: oslo('2024-05-02T11:00'),
      recordedAt: oslo('2024-05-02T11:00'),
      revision: 2,
    });
    expect(projection.project(stream.events)[PATIENT_CASES]![0]![4]).toBe(true);
  });
});
