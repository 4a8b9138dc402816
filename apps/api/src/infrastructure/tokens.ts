export const APP_CONFIG = Symbol('AppConfig');
export const PG_POOL = Symbol('PgPool');
export const REDIS = Symbol('Redis');
export const LOGGER = Symbol('Logger');
export const METRICS = Symbol('Metrics');
export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
export const CASE_COMMANDS = Symbol('CaseCommands');
export const EVENT_STORE = Symbol('EventStore');
/** The one `Clock` of the process (`CLOCK`). */
export const CLOCK = Symbol('Clock');
