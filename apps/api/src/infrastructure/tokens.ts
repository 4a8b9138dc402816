export const APP_CONFIG = Symbol('AppConfig');
export const PG_POOL = Symbol('PgPool');
export const REDIS = Symbol('Redis');
export const LOGGER = Symbol('Logger');
export const METRICS = Symbol('Metrics');
