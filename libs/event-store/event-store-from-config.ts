import type pg from 'pg';
import type { AppConfig } from '#libs/config/config.js';
import type { EventStore } from './event-store.port.js';
import { createPostgresEventStore } from './postgres/postgres-event-store.js';

/** `EVENT_STORE` chooses the adapter; the EventStoreDB client is loaded only when it is chosen. */
export const eventStoreFromConfig = async (config: AppConfig, pool: pg.Pool): Promise<EventStore> => {
  if (config.eventStore === 'eventstoredb') {
    const { createEventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store.js');
    return createEventStoreDbEventStore({ connectionString: config.eventStoreConnectionString! });
  }
  return createPostgresEventStore({ pool });
};
