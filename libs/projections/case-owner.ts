import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { column, type CaseColumn } from './runtime/case-projection.js';

/** Whose case it is, from its admission: every scoped read model carries it, so that reads filter by the caller's scope. */
export interface CaseOwner {
  readonly municipalityCode: string;
  readonly hospitalOrgNumber: string;
}

/** The owner columns of a read model whose items carry the case's owner. */
export const ownerColumns = <Item extends CaseOwner>(): Record<'municipality_code' | 'hospital_org_number', CaseColumn<Item>> => ({
  municipality_code: column<Item>('text NOT NULL', (item) => item.municipalityCode),
  hospital_org_number: column<Item>('text NOT NULL', (item) => item.hospitalOrgNumber),
});

/** The items a case's history gives, each with the case's owner; none before its admission. */
export const ownedItems = <Item>(
  history: readonly CaseEventRecord[],
  items: () => readonly Omit<Item, keyof CaseOwner>[],
): (Item & CaseOwner)[] => {
  const admission = history.find((event) => event.type === 'AdmissionNotified');
  if (!admission) return [];
  const owner = { municipalityCode: admission.data.municipalityCode, hospitalOrgNumber: admission.data.hospital.orgNumber };
  return items().map((item) => ({ ...item, ...owner }) as Item & CaseOwner);
};
