import { Paragraph } from '@digdir/designsystemet-react';
import { formatDateTime, formatTime, osloToday } from '../format/format';

/** The time of the data on screen, "Oppdatert kl. 14.32", and plainly so when the last refresh failed. */
export const Freshness = ({ updatedAt, failed = false }: { updatedAt: number; failed?: boolean }) => {
  if (!updatedAt) return null;
  const at = new Date(updatedAt);
  const when = osloToday(at) === osloToday() ? `kl. ${formatTime(at)}` : formatDateTime(at.toISOString());
  return (
    <Paragraph data-size="sm" className="freshness" data-testid="freshness">
      {failed ? `Klarte ikke å oppdatere. Viser tall fra ${when}.` : `Oppdatert ${when}`}
    </Paragraph>
  );
};
