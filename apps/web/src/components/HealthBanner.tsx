import { Alert, Paragraph } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { healthWarning, readHealth, type HealthView } from '../api/health';

const EVERY_MS = 30_000;

const fetchHealth = async (): Promise<HealthView> => {
  try {
    const response = await fetch('/health', { headers: { accept: 'application/json' } });
    return readHealth(response.status, await response.json().catch(() => null));
  } catch {
    return { level: 'unreachable', secondsBehind: 0, failingCases: 0 };
  }
};

/** Says plainly, on every screen, when the server reports that what the screens show may be late or wrong. */
export const HealthBanner = () => {
  const health = useQuery({ queryKey: ['health'], queryFn: fetchHealth, refetchInterval: EVERY_MS, staleTime: EVERY_MS });
  const warning = health.data ? healthWarning(health.data) : null;
  if (!warning) return null;
  return (
    <div className="banner-area">
      <Alert data-color={health.data?.level === 'down' || health.data?.level === 'unreachable' ? 'danger' : 'warning'} data-testid="health-banner">
        <Paragraph>{warning}</Paragraph>
      </Alert>
    </div>
  );
};
