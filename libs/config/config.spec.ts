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
    expect(config.http).toEqual({ bodyTimeoutMs: 30_000, trustProxy: ['loopback'], idempotencyClaimSeconds: 60 });
  });

  it('reads the HTTP settings', () => {
    expect(loadConfig({ HTTP_BODY_TIMEOUT_MS: '1500' }).http.bodyTimeoutMs).toBe(1500);
    expect(loadConfig({ IDEMPOTENCY_CLAIM_SECONDS: '10' }).http.idempotencyClaimSeconds).toBe(10);
    expect(() => loadConfig({ IDEMPOTENCY_CLAIM_SECONDS: '0' })).toThrow(/IDEMPOTENCY_CLAIM_SECONDS/);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback,2001:db8::1' }).http.trustProxy).toEqual(['10.0.0.0/8', 'loopback', '2001:db8::1']);
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
    [{ AUTH_MODE: 'oidc', AUTH_ISSUER: 'helseid', AUTH_AUDIENCE: 'a', AUTH_JWKS_URL: 'https://i/jwks' }, 'AUTH_ISSUER is not a valid URL'],
    [{ RATE_LIMIT_PER_SECOND: '-1' }, 'RATE_LIMIT_PER_SECOND must be a positive whole number'],
    [{ HTTP_BODY_TIMEOUT_MS: '0' }, 'HTTP_BODY_TIMEOUT_MS must be a positive whole number'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY must be true, false, a number of hops, or addresses and CIDR ranges (got "10.0.0.0/33")'],
    [{ TRUST_PROXY: 'proxy.example' }, 'TRUST_PROXY must be true, false, a number of hops, or addresses and CIDR ranges (got "proxy.example")'],
    ...['HS256', 'none', 'RS256,hs512'].map((algorithms) => [
      { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://i', AUTH_AUDIENCE: 'a', AUTH_JWKS_URL: 'https://i/jwks', AUTH_ALGORITHMS: algorithms },
      `AUTH_ALGORITHMS may name only asymmetric signature algorithms such as RS256, PS256, ES256 or EdDSA (got "${algorithms.split(',').at(-1)}")`,
    ] as [Record<string, string>, string]),
  ] as [Record<string, string>, string][])('refuses %j with one clear line', (env, message) => {
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
      algorithms: null,
    });
  });

  it('pins the OIDC signature algorithms when AUTH_ALGORITHMS names them', () => {
    const config = loadConfig({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://i', AUTH_AUDIENCE: 'a', AUTH_JWKS_URL: 'https://i/jwks', AUTH_ALGORITHMS: 'RS256, PS256' });
    expect(config.auth).toMatchObject({ algorithms: ['RS256', 'PS256'] });
  });
});
