import { assessAllocations } from '#libs/domain/participation/allocation-assessment.js';
import { computeDeadlines, nextOpenDeadline } from '#libs/domain/regulation/deadlines.js';
import { computeLiability, type LiabilityStatus } from '#libs/domain/regulation/liability.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { CaseEventRecord, DeadlineKind, ServiceType } from '#libs/domain/transfer-case/events.js';
import { foldCase, type CaseStatus, type TransferCaseState } from '#libs/domain/transfer-case/state.js';

/** One case in the work queue, as stored: no name or national ID, nothing that depends on the clock. */
export interface CaseSummary {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly municipalityCode: string;
  readonly hospitalOrgNumber: string;
  readonly admittedAt: string;
  readonly readySince: string | null;
  readonly nextDeadline: { readonly kind: DeadlineKind; readonly dueAt: string } | null;
  readonly latestDecision: { readonly decisionId: string; readonly serviceType: ServiceType; readonly decidedAt: string } | null;
  /** The latest decision's participation (participation.md), or null before any decision. */
  readonly participation: { readonly level: string; readonly ladderStep: string } | null;
  /** The liable period still running (regulation.md): its first liable day and whether it is owed or disputed. */
  readonly openLiability: { readonly from: string; readonly status: LiabilityStatus } | null;
  readonly revision: number;
  /** The global position of the case's last event (text `<commit>-<prepare>`), when known. */
  readonly position: string | null;
}

const NO_PSEUDONYM = { pseudonymize: () => '' };

/** The summary of a case from its history so far (null before its `AdmissionNotified`); `state` is the history folded. Pure. */
export const summarizeCase = (
  history: readonly CaseEventRecord[],
  config: RegulationConfig,
  state: TransferCaseState = foldCase(history),
): CaseSummary | null => {
  const { admission, status } = state;
  if (admission === null || status === null) return null;
  const last = history[history.length - 1]!;
  // The legal clock is the costly part of a rebuild: a closed case has no open deadline, and only a standing
  // declaration of readiness can have a liable period still running (both checked against the full computation).
  const open = state.closure === null;
  const next = open ? nextOpenDeadline(computeDeadlines(history, config)) : undefined;
  const decision = state.decisions.at(-1);
  const assessment = decision ? assessAllocations(history, NO_PSEUDONYM).at(-1) : undefined;
  // Only the running period's start and status are kept (days are counted at query time), and neither depends on
  // "now": it is taken at the declaration itself, so the summary stays a function of the history and no months are priced.
  const running =
    open && state.readiness !== null
      ? computeLiability(history, config, state.readiness.declaredAt).periods.find((period) => period.to === null)
      : undefined;
  return {
    caseId: admission.caseId,
    status,
    municipalityCode: admission.municipalityCode,
    hospitalOrgNumber: admission.hospital.orgNumber,
    admittedAt: admission.admittedAt,
    readySince: state.readiness?.declaredAt ?? null,
    nextDeadline: next ? { kind: next.kind, dueAt: next.dueAt } : null,
    latestDecision: decision
      ? { decisionId: decision.decisionId, serviceType: decision.serviceType, decidedAt: decision.decidedAt }
      : null,
    participation: assessment ? { level: assessment.level, ladderStep: assessment.ladderStep } : null,
    openLiability: running ? { from: running.from, status: running.status } : null,
    revision: last.revision,
    position: (last as { position?: string }).position ?? null,
  };
};
