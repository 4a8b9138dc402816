import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { createEventStoreDbEventStore } from './eventstoredb-event-store.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract(
    'EventStoreDB',
    async () => {
      const store = createEventStoreDbEventStore({ connectionString });
      return { store, cleanup: () => store.close() };
    },
    { uniqueEventIds: false },
  );
} else {
  const reason = 'EventStoreDB contract skipped: EVENTSTORE_CONNECTION_STRING is not set';
  console.warn(reason);
  test.skip(reason, () => {});
}
