import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import {
  DEFAULT_REGULATION_CONFIG,
  parseRegulationConfig,
  RegulationConfigError,
  type RegulationConfig,
} from '#libs/domain/regulation/regulation-config.js';
import type { RateLimit } from '#libs/auth/rate-limiter.js';
import { IntakeConfigError, parseIntakeConfig, type IntakeConfigFile } from '#libs/intake/config/intake-config.js';
import { parseClockSetting, type ClockSetting } from './clock.js';

/** The service's configuration, read once from the environment and validated before anything starts. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Namespaces every BullMQ key and the worker heartbeat, so several installations can share one Redis. */
  readonly queuePrefix: string;
  readonly eventStore: 'postgres' | 'eventstoredb';
  readonly eventStoreConnectionString: string | null;
  readonly auth: AuthConfig;
  readonly allowSyntheticIds: boolean;
  readonly pseudonymSecret: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly web: WebConfig;
  /** What "now" is (`CLOCK`); only the system clock in production. */
  readonly clock: ClockSetting;
  /** The legal clock's rules (`REGULATION_CONFIG` JSON or `REGULATION_CONFIG_FILE`), over regulation.md's defaults. */
  readonly regulation: RegulationConfig;
  /** Requests per actor and API process (`RATE_LIMIT_PER_SECOND`, `RATE_LIMIT_BURST`); null when 0 turns it off. */
  readonly rateLimit: RateLimit | null;
  /** How often the worker re-schedules open deadlines that have no job (`DEADLINE_RECONCILE_EVERY_MS`). */
  readonly deadlineReconcileEveryMs: number;
  /** The HTTP server's limits and which proxies it believes about the client's address. */
  readonly http: HttpConfig;
  readonly intake: IntakeConfig;
}

export interface HttpConfig {
  /** A request whose headers and body have not all arrived this long after it began is answered 408 and closed. */
  readonly bodyTimeoutMs: number;
  /**
   * Whose `X-Forwarded-For` / `-Proto` to believe (`TRUST_PROXY`): Fastify's `trustProxy`, i.e. false, true (anyone:
   * only behind a proxy that overwrites them), a number of hops, or addresses, CIDR ranges and proxy-addr's names.
   */
  readonly trustProxy: boolean | number | readonly string[];
  /** How long a claimed `Idempotency-Key` whose request never finished (its process died) holds the key. */
  readonly idempotencyClaimSeconds: number;
}

/** The intake of hospital e-messages (intake.md). */
export interface IntakeConfig {
  /** `INTAKE_CONFIG_FILE`: receivers and hospitals added to the tables at start; null when not set. */
  readonly seed: IntakeConfigFile | null;
  /** `INTAKE_REJECT_UNKNOWN_RECEIVER`: reject (E21) messages for a service of ours that is not in the receivers table. */
  readonly rejectUnknownReceiver: boolean;
}

/** The web app the API serves at `/`, and how it signs in (OIDC public client, code + PKCE). */
export interface WebConfig {
  readonly dir: string;
  readonly oidcClientId: string | null;
  readonly oidcScope: string;
}

export type AuthConfig =
  | { readonly mode: 'dev'; readonly devKeyDir: string }
  | {
      readonly mode: 'oidc';
      readonly jwksUrl: string;
      readonly issuer: string;
      readonly audience: string;
      /** Where the role, organisation and name are found in the issuer's tokens (HelseID names differ). */
      readonly claims: { readonly role: string; readonly org: string; readonly name: string };
      /** The accepted signature algorithms (`AUTH_ALGORITHMS`); null: those the issuer's key set publishes. */
      readonly algorithms: readonly string[] | null;
    };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const DEV_PSEUDONYM_SECRET = 'overgang-development-pseudonym-secret';

const oneOf = <T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T => {
  const value = env[name] ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
};

const url = (env: Env, name: string, protocols: readonly string[], fallback?: string): string => {
  const value = env[name] ?? fallback;
  if (value === undefined || value === '') throw new ConfigError(`${name} is required`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
};

const flag = (env: Env, name: string, fallback: boolean): boolean => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
};

const port = (env: Env, name: string, fallback: number): number => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new ConfigError(`${name} must be a port number`);
  return parsed;
};

const queuePrefix = (env: Env): string => {
  const value = env.QUEUE_PREFIX ?? 'overgang';
  if (!/^[a-z0-9_-]{1,40}$/i.test(value)) throw new ConfigError('QUEUE_PREFIX must be 1-40 letters, digits, - or _');
  return value;
};

const authConfig = (env: Env, nodeEnv: AppConfig['nodeEnv']): AuthConfig => {
  const mode = oneOf(env, 'AUTH_MODE', ['dev', 'oidc'], nodeEnv === 'production' ? 'oidc' : 'dev');
  if (mode === 'dev') {
    if (nodeEnv === 'production') throw new ConfigError('AUTH_MODE=dev is not allowed when NODE_ENV=production');
    return { mode, devKeyDir: env.AUTH_DEV_KEY_DIR ?? '.local/dev-keys' };
  }
  const issuer = env.AUTH_ISSUER;
  const audience = env.AUTH_AUDIENCE;
  if (!issuer) throw new ConfigError('AUTH_ISSUER is required when AUTH_MODE=oidc');
  if (!audience) throw new ConfigError('AUTH_AUDIENCE is required when AUTH_MODE=oidc');
  return {
    mode,
    jwksUrl: url(env, 'AUTH_JWKS_URL', ['https:', 'http:']),
    // An OpenID Connect issuer is a URL; its origin is the one the web app may talk to besides its own (CSP).
    issuer: url(env, 'AUTH_ISSUER', ['https:', 'http:']),
    audience,
    claims: {
      role: env.AUTH_CLAIM_ROLE ?? 'role',
      org: env.AUTH_CLAIM_ORG ?? 'org',
      name: env.AUTH_CLAIM_NAME ?? 'name',
    },
    algorithms: signatureAlgorithms(env),
  };
};

/** Asymmetric signatures only: never `none`, never a shared secret (HS*), which a public key could forge. */
const SIGNATURE_ALGORITHM = /^(?:(?:RS|PS|ES)(?:256|384|512)|EdDSA|Ed25519)$/;

const signatureAlgorithms = (env: Env): readonly string[] | null => {
  const value = env.AUTH_ALGORITHMS?.trim();
  if (!value) return null;
  const algorithms = value.split(',').map((alg) => alg.trim());
  const refused = algorithms.find((alg) => !SIGNATURE_ALGORITHM.test(alg));
  if (refused !== undefined) {
    throw new ConfigError(`AUTH_ALGORITHMS may name only asymmetric signature algorithms such as RS256, PS256, ES256 or EdDSA (got "${refused}")`);
  }
  return algorithms;
};

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isProxyAddress = (entry: string): boolean => {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

const trustProxy = (env: Env): HttpConfig['trustProxy'] => {
  const value = env.TRUST_PROXY?.trim() || 'loopback';
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const refused = entries.find((entry) => !isProxyAddress(entry));
  if (refused !== undefined) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a number of hops, or addresses and CIDR ranges (got "${refused}")`);
  }
  return entries;
};

const positiveInteger = (env: Env, name: string, fallback: number): number => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new ConfigError(`${name} must be a positive whole number`);
  return parsed;
};

const rateLimit = (env: Env): RateLimit | null => {
  const value = env.RATE_LIMIT_PER_SECOND;
  if (value === '0') return null;
  const perSecond = positiveInteger(env, 'RATE_LIMIT_PER_SECOND', 100);
  return { perSecond, burst: positiveInteger(env, 'RATE_LIMIT_BURST', perSecond * 2) };
};

const clockSetting = (env: Env, nodeEnv: AppConfig['nodeEnv']): ClockSetting => {
  const setting = parseClockSetting(env.CLOCK, nodeEnv === 'production');
  if (typeof setting === 'string') throw new ConfigError(setting);
  return setting;
};

const intakeConfig = (env: Env): IntakeConfig => {
  const file = env.INTAKE_CONFIG_FILE;
  let seed: IntakeConfigFile | null = null;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`INTAKE_CONFIG_FILE cannot be read: ${(error as Error).message}`);
    }
    try {
      seed = parseIntakeConfig(text);
    } catch (error) {
      if (error instanceof IntakeConfigError) throw new ConfigError(`INTAKE_CONFIG_FILE: ${error.message}`);
      throw error;
    }
  }
  return { seed, rejectUnknownReceiver: flag(env, 'INTAKE_REJECT_UNKNOWN_RECEIVER', false) };
};

const regulationConfig = (env: Env): RegulationConfig => {
  const file = env.REGULATION_CONFIG_FILE;
  let text = env.REGULATION_CONFIG;
  if (!text && file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`REGULATION_CONFIG_FILE cannot be read: ${(error as Error).message}`);
    }
  }
  if (!text) return DEFAULT_REGULATION_CONFIG;
  try {
    return parseRegulationConfig(text);
  } catch (error) {
    if (error instanceof RegulationConfigError) throw new ConfigError(error.message);
    throw error;
  }
};

export const loadConfig = (env: Env = process.env): AppConfig => {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'], 'development');
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'eventstoredb'], 'postgres');
  const eventStoreConnectionString = env.EVENTSTORE_CONNECTION_STRING || null;
  if (eventStore === 'eventstoredb' && !eventStoreConnectionString) {
    throw new ConfigError('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
  }
  const pseudonymSecret = env.PSEUDONYM_SECRET ?? (nodeEnv === 'production' ? '' : DEV_PSEUDONYM_SECRET);
  if (pseudonymSecret.length < 16) throw new ConfigError('PSEUDONYM_SECRET must be at least 16 characters');
  return {
    nodeEnv,
    port: port(env, 'PORT', 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/overgang'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
    queuePrefix: queuePrefix(env),
    eventStore,
    eventStoreConnectionString,
    auth: authConfig(env, nodeEnv),
    allowSyntheticIds: flag(env, 'ALLOW_SYNTHETIC_IDS', false),
    pseudonymSecret,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    web: {
      dir: env.WEB_DIR ?? 'apps/web/dist',
      oidcClientId: env.AUTH_WEB_CLIENT_ID || null,
      oidcScope: env.AUTH_WEB_SCOPE ?? 'openid profile',
    },
    clock: clockSetting(env, nodeEnv),
    regulation: regulationConfig(env),
    rateLimit: rateLimit(env),
    deadlineReconcileEveryMs: positiveInteger(env, 'DEADLINE_RECONCILE_EVERY_MS', 3 * 60_000),
    http: {
      bodyTimeoutMs: positiveInteger(env, 'HTTP_BODY_TIMEOUT_MS', 30_000),
      trustProxy: trustProxy(env),
      idempotencyClaimSeconds: positiveInteger(env, 'IDEMPOTENCY_CLAIM_SECONDS', 60),
    },
    intake: intakeConfig(env),
  };
};
