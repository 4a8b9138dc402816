import { computeDeadlines, type Deadline } from '#libs/domain/regulation/deadlines.js';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import type { CaseEventRecord, HistoryItem } from '../api/types';
import { formatDate } from '../format/format';

/** The history as the domain's event records, so the shared pure rules can read it. */
export const toRecords = (items: readonly HistoryItem[]): CaseEventRecord[] =>
  items.map((item) => ({
    type: item.type,
    data: item.data,
    occurredAt: item.occurredAt,
    recordedAt: item.recordedAt,
    revision: item.revision,
  }) as unknown as CaseEventRecord);

/**
 * The deadlines still open, by the national defaults of regulation.md (a local agreement may differ;
 * the server's DeadlineMissed events are authoritative).
 */
export const openDeadlines = (items: readonly HistoryItem[]): Deadline[] =>
  items.length === 0
    ? []
    : computeDeadlines(toRecords(items), DEFAULT_REGULATION_CONFIG)
        .filter((deadline) => deadline.status === 'open')
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));

/** A short bokmål summary of what an event says, without names or national IDs. */
export const eventSummary = (item: Pick<HistoryItem, 'type' | 'data'>, labels: Record<string, Record<string, string>>): string => {
  const d = item.data;
  const l = (table: string, code: unknown): string => (typeof code === 'string' ? (labels[table]?.[code] ?? code) : '');
  switch (item.type) {
    case 'HospitalRecommendationGiven':
      return l('service', d.serviceType);
    case 'UserWishRelayed':
      return `${l('source', d.source)} (${l('channel', d.channel)})${d.serviceType ? `: ${l('service', d.serviceType)}` : ''}`;
    case 'MunicipalResponseGiven':
      return d.canReceive ? 'Kan ta imot' : `Kan ikke ta imot${d.expectedReadyDate ? `, forventet klar ${formatDate(String(d.expectedReadyDate))}` : ''}`;
    case 'MunicipalVisitConducted':
      return `${l('mode', d.mode)}; deltakere: ${(Array.isArray(d.participants) ? d.participants : [])
        .map((participant: { role?: string }) => l('participant', participant.role))
        .join(', ')}`;
    case 'OptionsPresented':
      return `${l('presentation', d.channel)}: ${(Array.isArray(d.options) ? d.options : [])
        .map((option: { serviceType?: string }) => l('service', option.serviceType))
        .join(' / ')}`;
    case 'UserChoiceRecorded':
      return `Uttrykt av ${l('statedBy', d.statedBy).toLowerCase()}`;
    case 'AllocationDecided':
      return `${l('service', d.serviceType)}${d.deviationReason ? ' (avviker fra brukerens valg)' : ''}`;
    case 'DeadlineMissed':
      return l('deadline', d.deadline);
    case 'CaseWithdrawn':
      return l('withdrawal', d.reason);
    case 'DischargeReadinessRevoked':
      return l('revocation', d.reason);
    case 'FollowUpRecorded':
      return l('followUp', d.outcome);
    default:
      return '';
  }
};
