import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from './dev-keys.js';
import { signDevToken } from './dev-token.js';
import { devTokenVerifier, InvalidTokenError, oidcTokenVerifier, TokenIssuerUnavailableError, type TokenVerifier } from './token-verifier.js';

const HOUR = 3600;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const CLAIMS = { role: 'allocation_officer', org: '3301' };

/** A token with exactly these header algorithm and claims, signed with `key` (or a shared secret). */
const signed = (alg: string, key: CryptoKey | Uint8Array, claims: Record<string, unknown> = {}, issuer = DEV_ISSUER, audience = DEV_AUDIENCE) => {
  const jwt = new SignJWT({ ...CLAIMS, ...claims }).setProtectedHeader({ alg }).setSubject('kari').setIssuer(issuer).setAudience(audience);
  if (!('iat' in claims)) jwt.setIssuedAt();
  if (!('exp' in claims)) jwt.setExpirationTime('1h');
  return jwt.sign(key);
};

const refusal = async (verifier: TokenVerifier, token: string): Promise<string> => {
  const error = await verifier.verify(token).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
};

describe('development tokens', () => {
  let keys: { privateKey: CryptoKey; publicKey: CryptoKey };
  let verifier: TokenVerifier;
  beforeAll(async () => {
    keys = await generateKeyPair('ES256', { extractable: true });
    verifier = devTokenVerifier(keys.publicKey);
  });

  it('verify to the principal they were signed for', async () => {
    const token = await signDevToken(keys.privateKey, { role: 'allocation_officer', org: '3301', sub: 'kari', name: 'Kari' });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'kari', name: 'Kari', role: 'allocation_officer', org: '3301' });
  });

  it('are refused when signed by another key', async () => {
    const other = await generateKeyPair('ES256');
    const token = await signDevToken(other.privateKey, { role: 'admin', org: '*' });
    expect(await refusal(verifier, token)).toBe('the signature does not match');
  });

  it('are refused when expired', async () => {
    const token = await signDevToken(keys.privateKey, { role: 'admin', org: '*' }, -120);
    expect(await refusal(verifier, token)).toMatch(/"exp" claim timestamp check failed/);
  });

  it('are refused with an unknown role', async () => {
    expect(await refusal(verifier, await signed('ES256', keys.privateKey, { role: 'superuser' }))).toBe('the token has no known role');
  });

  describe('refuse every attack on the algorithm', () => {
    it('HS256 signed with the public key as the shared secret', async () => {
      const secret = new TextEncoder().encode(await exportSPKI(keys.publicKey));
      expect(await refusal(verifier, await signed('HS256', secret))).toBe('the token is not signed with an accepted algorithm');
      const jwkSecret = new TextEncoder().encode(JSON.stringify(await exportJWK(keys.publicKey)));
      expect(await refusal(verifier, await signed('HS512', jwkSecret))).toBe('the token is not signed with an accepted algorithm');
    });

    it.each(['RS256', 'PS256', 'EdDSA', 'ES384'])('%s, even correctly signed by its own key', async (alg) => {
      const other = await generateKeyPair(alg);
      expect(await refusal(verifier, await signed(alg, other.privateKey))).toBe('the token is not signed with an accepted algorithm');
    });

    it('alg none, unsigned', async () => {
      const claims = { ...CLAIMS, sub: 'kari', iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat: nowSeconds(), exp: nowSeconds() + HOUR };
      for (const alg of ['none', 'None', 'NONE']) {
        expect(await refusal(verifier, `${base64url({ alg })}.${base64url(claims)}.`)).toBe('the token is not signed with an accepted algorithm');
      }
    });
  });

  describe('refuse tokens whose times break the rules', () => {
    it('without exp', async () => {
      const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'ES256' }).setSubject('kari').setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE).setIssuedAt().sign(keys.privateKey);
      expect(await refusal(verifier, token)).toBe('missing required "exp" claim');
    });

    it('without iat', async () => {
      const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'ES256' }).setSubject('kari').setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE).setExpirationTime('1h').sign(keys.privateKey);
      expect(await refusal(verifier, token)).toBe('missing required "iat" claim');
    });

    it('issued a year ahead', async () => {
      const inAYear = nowSeconds() + 365 * 24 * HOUR;
      expect(await refusal(verifier, await signed('ES256', keys.privateKey, { iat: inAYear, exp: inAYear + HOUR }))).toMatch(/"iat" claim timestamp check failed \(it should be in the past\)/);
    });

    it('issued more than a minute ahead, but not within the allowed clock skew', async () => {
      expect(await refusal(verifier, await signed('ES256', keys.privateKey, { iat: nowSeconds() + 120, exp: nowSeconds() + HOUR }))).toMatch(/"iat"/);
      await expect(verifier.verify(await signed('ES256', keys.privateKey, { iat: nowSeconds() + 30, exp: nowSeconds() + HOUR }))).resolves.toMatchObject({ sub: 'kari' });
    });

    it('issued 13 hours ago, though not expired', async () => {
      const token = await signed('ES256', keys.privateKey, { iat: nowSeconds() - 13 * HOUR, exp: nowSeconds() + HOUR });
      expect(await refusal(verifier, token)).toMatch(/"iat" claim timestamp check failed \(too far in the past\)/);
      await expect(verifier.verify(await signed('ES256', keys.privateKey, { iat: nowSeconds() - 11 * HOUR, exp: nowSeconds() + HOUR }))).resolves.toBeDefined();
    });
  });

  it('refuse a wrong issuer or audience', async () => {
    expect(await refusal(verifier, await signed('ES256', keys.privateKey, {}, 'someone-else'))).toMatch(/"iss"/);
    expect(await refusal(verifier, await signed('ES256', keys.privateKey, {}, DEV_ISSUER, 'another-api'))).toMatch(/"aud"/);
  });

  it.each([
    ['garbage', 'not a token'],
    ['three empty parts', '..'],
    ['a header that is not JSON', `${Buffer.from('{').toString('base64url')}.e30.sig`],
    ['a header without alg', `${base64url({ typ: 'JWT' })}.${base64url({})}.c2ln`],
    ['a crit header', `${base64url({ alg: 'ES256', crit: ['x'], x: 1 })}.${base64url({})}.c2ln`],
    ['a payload that is not JSON', `${base64url({ alg: 'ES256' })}.bm90IGpzb24.c2ln`],
    ['a huge token', `${base64url({ alg: 'ES256' })}.${'A'.repeat(100_000)}.c2ln`],
    ['a JWE', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc'],
  ])('refuse a malformed token: %s', async (_, token) => {
    await refusal(verifier, token);
  });
});

describe('OIDC tokens', () => {
  let server: Server;
  let jwksUrl: string;
  let published: { keys: JWK[] } | null = null;
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  const ISSUER = 'https://helseid.example';
  const AUDIENCE = 'overgang';

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    server = createServer((_request, response) => {
      if (!published) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  const publish = async (alg?: string): Promise<void> => {
    published = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'k1', use: 'sig', ...(alg ? { alg } : {}) }] };
  };
  const issuerVerifier = (algorithms: string[] | null = null): TokenVerifier =>
    oidcTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, claims: { role: 'role', org: 'org', name: 'name' }, algorithms });
  const issued = (alg: string, key: CryptoKey | Uint8Array): Promise<string> =>
    new SignJWT(CLAIMS).setProtectedHeader({ alg, kid: 'k1' }).setSubject('kari').setIssuer(ISSUER).setAudience(AUDIENCE)
      .setIssuedAt().setExpirationTime('1h').sign(key);

  it("accept only the algorithms the issuer's keys publish", async () => {
    await publish('RS256');
    const verifier = issuerVerifier();
    await expect(verifier.verify(await issued('RS256', rsa.privateKey))).resolves.toMatchObject({ sub: 'kari', org: '3301' });
    const ps256 = await generateKeyPair('PS256');
    expect(await refusal(verifier, await issued('PS256', ps256.privateKey))).toBe('the token is not signed with an accepted algorithm');
    const modulus = new TextEncoder().encode((await exportJWK(rsa.publicKey)).n!);
    expect(await refusal(verifier, await issued('HS256', modulus))).toBe('the token is not signed with an accepted algorithm');
    const ec = await generateKeyPair('ES256');
    expect(await refusal(verifier, await issued('ES256', ec.privateKey))).toBe('the token is not signed with an accepted algorithm');
  });

  it('accept a key without alg only for the configured algorithms (AUTH_ALGORITHMS)', async () => {
    await publish();
    expect(await refusal(issuerVerifier(), await issued('RS256', rsa.privateKey))).toBe('the token is not signed with an accepted algorithm');
    await expect(issuerVerifier(['RS256']).verify(await issued('RS256', rsa.privateKey))).resolves.toMatchObject({ sub: 'kari' });
    const rs512 = await generateKeyPair('RS512');
    expect(await refusal(issuerVerifier(['RS256']), await issued('RS512', rs512.privateKey))).toBe('the token is not signed with an accepted algorithm');
  });

  it('answer "unavailable", not "refused", while the key set cannot be fetched', async () => {
    published = null;
    const error = await issuerVerifier().verify(await issued('RS256', rsa.privateKey)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenIssuerUnavailableError);
    expect(await issuerVerifier(['RS256']).verify(await issued('RS256', rsa.privateKey)).catch((caught: unknown) => caught)).toBeInstanceOf(TokenIssuerUnavailableError);
    // A token that no key set could make valid is refused without asking the issuer.
    expect(await refusal(issuerVerifier(['RS256']), 'garbage')).toBe('the token is malformed');
  });
});
