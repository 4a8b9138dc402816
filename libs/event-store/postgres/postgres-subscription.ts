import pg from 'pg';
import type { SubscriptionSession } from '../catch-up-subscription.js';
import type { EventFilter } from '../event-store.port.js';
import { APPEND_CHANNEL } from './append-notifier.js';
import { batchReader, endPosition } from './read-events.js';

/**
 * A subscription's own connection, outside the pool so that long-lived subscriptions never starve appends of
 * connections: it LISTENs for appends of other processes and runs the subscription's reads.
 */
/** Names subscription connections in pg_stat_activity. */
export const SUBSCRIPTION_APPLICATION_NAME = 'event_store_subscription';

export const openPostgresSession = async (
  config: pg.ClientConfig,
  filter: EventFilter | undefined,
  wake: () => void,
): Promise<SubscriptionSession> => {
  const client = new pg.Client({ ...config, application_name: SUBSCRIPTION_APPLICATION_NAME });
  // Without a listener a dropped connection would crash the process; the next read fails and ends the subscription.
  client.on('error', () => wake());
  client.on('notification', () => wake());
  try {
    await client.connect();
    await client.query(`LISTEN ${APPEND_CHANNEL}`);
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  const read = batchReader(filter);
  return {
    end: () => endPosition(client),
    read: (after, limit) => read(client, after, limit),
    close: () => client.end(),
  };
};
