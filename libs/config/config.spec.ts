import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives local defaults for development', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/overgang');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.eventStore).toBe('postgres');
    expect(config.auth).toEqual({ mode: 'dev', devKeyDir: '.local/dev-keys' });
    expect(config.allowSyntheticIds).toBe(false);
    expect(config.rateLimit).toEqual({ perSecond: 100, burst: 200 });
  });

  it('turns the rate limit off with RATE_LIMIT_PER_SECOND=0', () => {
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '0' }).rateLimit).toBeNull();
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_BURST: '7' }).rateLimit).toEqual({ perSecond: 5, burst: 7 });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres:// or postgresql://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL is not a valid URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL must start with redis:// or rediss://'],
    [{ PORT: '70000' }, 'PORT must be a port number'],
    [{ EVENT_STORE: 'kafka' }, 'EVENT_STORE must be one of postgres, eventstoredb (got "kafka")'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb'],
    [{ ALLOW_SYNTHETIC_IDS: 'yes' }, 'ALLOW_SYNTHETIC_IDS must be true or false (got "yes")'],
    [{ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(32), AUTH_MODE: 'dev' }, 'AUTH_MODE=dev is not allowed when NODE_ENV=production'],
    [{ NODE_ENV: 'production', AUTH_ISSUER: 'https://i', AUTH_AUDIENCE: 'a', AUTH_JWKS_URL: 'https://i/jwks' }, 'PSEUDONYM_SECRET must be at least 16 characters'],
    [{ AUTH_MODE: 'oidc', AUTH_AUDIENCE: 'a' }, 'AUTH_ISSUER is required when AUTH_MODE=oidc'],
    [{ RATE_LIMIT_PER_SECOND: '-1' }, 'RATE_LIMIT_PER_SECOND must be a positive whole number'],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('reads production OIDC settings', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PSEUDONYM_SECRET: 's'.repeat(32),
      AUTH_ISSUER: 'https://helseid.example',
      AUTH_AUDIENCE: 'overgang',
      AUTH_JWKS_URL: 'https://helseid.example/jwks',
    });
    expect(config.auth).toEqual({
      mode: 'oidc',
      issuer: 'https://helseid.example',
      audience: 'overgang',
      jwksUrl: 'https://helseid.example/jwks',
      claims: { role: 'role', org: 'org', name: 'name' },
    });
  });
});
