import { generateKeyPair, SignJWT } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from './dev-keys.js';
import { cachingTokenVerifier } from './caching-token-verifier.js';
import { signDevToken } from './dev-token.js';
import { devTokenVerifier, InvalidTokenError, TOKEN_MAX_AGE_SECONDS, type TokenVerifier } from './token-verifier.js';

describe('cachingTokenVerifier', () => {
  const counting = (inner: TokenVerifier) => {
    let calls = 0;
    return { verifier: { verify: (token: string) => (calls++, inner.verify(token)) }, calls: () => calls };
  };

  it('checks a token once while it is fresh, and again when the cache entry ages out', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await signDevToken(privateKey, { role: 'allocation_officer', org: '5001' });
    const inner = counting(devTokenVerifier(publicKey));
    let clock = 1_000_000;
    const verifier = cachingTokenVerifier(inner.verifier, { maxAgeMs: 1000, now: () => clock });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toEqual(first);
    expect(inner.calls()).toBe(1);
    clock += 1001;
    await verifier.verify(token);
    expect(inner.calls()).toBe(2);
  });

  it('never remembers a refused token', async () => {
    const signer = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const token = await signDevToken(signer.privateKey, { role: 'admin', org: '*' });
    const inner = counting(devTokenVerifier(other.publicKey));
    const verifier = cachingTokenVerifier(inner.verifier);
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    expect(inner.calls()).toBe(2);
  });

  it('does not serve a token from the cache past its own expiry', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await signDevToken(privateKey, { role: 'admin', org: '*' }, 2);
    const inner = counting(devTokenVerifier(publicKey));
    let clock = Date.now();
    const verifier = cachingTokenVerifier(inner.verifier, { maxAgeMs: 60_000, now: () => clock });
    await verifier.verify(token);
    await verifier.verify(token);
    expect(inner.calls()).toBe(1);
    clock += 3000;
    await verifier.verify(token);
    expect(inner.calls()).toBe(2);
  });

  it('does not serve a token from the cache once it is older than tokens may be', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const issuedAt = Math.floor(Date.now() / 1000) - TOKEN_MAX_AGE_SECONDS + 2;
    const token = await new SignJWT({ role: 'admin', org: '*' }).setProtectedHeader({ alg: 'ES256' }).setSubject('drift')
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setIssuedAt(issuedAt).setExpirationTime('1h').sign(privateKey);
    const inner = counting(devTokenVerifier(publicKey));
    let clock = Date.now();
    const verifier = cachingTokenVerifier(inner.verifier, { maxAgeMs: 60_000, now: () => clock });
    await verifier.verify(token);
    clock += 3000;
    await verifier.verify(token).catch(() => undefined);
    expect(inner.calls()).toBe(2);
  });
});
