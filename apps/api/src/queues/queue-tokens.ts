export const DEADLINE_QUEUE_STATUS = Symbol('DeadlineQueueStatus');
