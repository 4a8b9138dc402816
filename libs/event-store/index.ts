export * from './event-store.port.js';
export * from './errors.js';
export * from './position.js';
export { createInMemoryEventStore, InMemoryEventStore } from './in-memory/in-memory-event-store.js';
export {
  createPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
  type PostgresEventStoreSettings,
} from './postgres/postgres-event-store.js';
export { migrate as migratePostgresEventStore } from './postgres/migrations.js';
export {
  createEventStoreDbEventStore,
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store.js';
