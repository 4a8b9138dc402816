import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import type { HistoryItem } from '../api/types';
import { formatDateTime } from '../format/format';
import { EVENT, ROLE, label } from '../format/labels';
import { organisationName } from '../format/names';
import { eventSummary } from '../screens/case-history';
import { EVENT_LABELS } from '../screens/event-labels';

/** Every event: what, who, when; backdated ones marked. */
export const Timeline = ({ items, title = 'Hendelser' }: { items: readonly HistoryItem[]; title?: string }) => (
  <section aria-labelledby="timeline-title" className="stack">
    <Heading level={2} data-size="xs" id="timeline-title">
      {title}
    </Heading>
    <ol className="timeline" data-testid="timeline">
      {items.map((item) => (
        <li key={item.revision}>
          <Paragraph>
            <strong>{label(EVENT, item.type)}</strong> {eventSummary(item, EVENT_LABELS) && <>– {eventSummary(item, EVENT_LABELS)}</>}{' '}
            {item.backdated && (
              <Tag data-color="warning" title="Registrert mer enn et døgn etter at det skjedde">
                Etterregistrert
              </Tag>
            )}
          </Paragraph>
          <Paragraph data-size="sm">
            {formatDateTime(item.occurredAt)} · {label(ROLE, item.actor.role)}
            {item.actor.organisation && item.actor.role !== 'system' && <>, {organisationName(item.actor.organisation)}</>}
            {item.backdated && <> · registrert {formatDateTime(item.recordedAt)}</>}
          </Paragraph>
        </li>
      ))}
    </ol>
  </section>
);
