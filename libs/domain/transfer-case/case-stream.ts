import { countingRecords } from './cancellation.js';
import type { CaseEventRecord, TransferCaseEventType } from './events.js';

/** A history that is not one complete case stream. */
export class InvalidCaseHistoryError extends Error {
  override readonly name = 'InvalidCaseHistoryError';
}

export type RecordOf<K extends TransferCaseEventType> = Extract<CaseEventRecord, { type: K }>;

export const ofType = <K extends TransferCaseEventType>(
  records: readonly CaseEventRecord[],
  type: K,
): RecordOf<K>[] => records.filter((record): record is RecordOf<K> => record.type === type);

export interface CaseStream {
  readonly admission: RecordOf<'AdmissionNotified'>;
  /** Every record that counts (not one of a cancelled hospital message), in stream order. */
  readonly records: readonly CaseEventRecord[];
}

/**
 * Puts a non-empty case history in stream order. A `CaseEventRecord` names no case, so a history that mixes
 * cases, or misses events, can only be caught by its revisions: they must be exactly 0..n-1, the admission first.
 */
export const caseStream = (events: readonly CaseEventRecord[]): CaseStream => {
  const records = [...events].sort((a, b) => a.revision - b.revision);
  records.forEach((record, index) => {
    if (record.revision !== index) {
      throw new InvalidCaseHistoryError(
        `Expected revision ${index}, found ${record.revision}: a history must be one complete case stream`,
      );
    }
  });
  const admission = records[0];
  if (admission?.type !== 'AdmissionNotified') {
    throw new InvalidCaseHistoryError('A case stream starts with AdmissionNotified');
  }
  return { admission, records: countingRecords(records) };
};
