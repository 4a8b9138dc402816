import { CaseNotFoundError } from '#libs/application/case-command-errors.js';
import { isInScope, type CaseOwnership } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { TransferCaseState } from '#libs/domain/transfer-case/state.js';
import type { RecordedEvent } from '#libs/event-store/event-store.port.js';

/**
 * Every read and command of one case is authorised here (api.md, Identity): a case outside the caller's scope, or with
 * no readable owner, is answered exactly as one that does not exist.
 */
export const authorizeCase = (principal: Principal, caseId: string, owner: CaseOwnership | null): void => {
  if (!owner || !isInScope(principal, owner)) throw new CaseNotFoundError(caseId);
};

/** Whose case it is, by its admission as folded into its state; null before the admission. */
export const ownerOf = ({ admission }: TransferCaseState): CaseOwnership | null =>
  admission && { municipalityCode: admission.municipalityCode, hospitalOrgNumber: admission.hospital.orgNumber };

/**
 * Whose case it is, from its admission as recorded, read defensively: a query decides who may see a case even when
 * the rest of its events cannot be read. Null when the stream has no readable admission.
 */
export const ownerInStream = (events: readonly RecordedEvent[]): CaseOwnership | null => {
  const admission = events.find((event) => event.type === 'AdmissionNotified');
  const data = admission?.data as { municipalityCode?: unknown; hospital?: { orgNumber?: unknown } | null } | null | undefined;
  const municipalityCode = data?.municipalityCode;
  const hospitalOrgNumber = data?.hospital?.orgNumber;
  return typeof municipalityCode === 'string' && typeof hospitalOrgNumber === 'string' ? { municipalityCode, hospitalOrgNumber } : null;
};
