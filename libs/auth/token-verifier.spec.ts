import { generateKeyPair, SignJWT } from 'jose';
import { signDevToken } from './dev-token.js';
import { devTokenVerifier, InvalidTokenError } from './token-verifier.js';

describe('development tokens', () => {
  it('verify to the principal they were signed for', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await signDevToken(privateKey, { role: 'allocation_officer', org: '3301', sub: 'kari', name: 'Kari' });
    await expect(devTokenVerifier(publicKey).verify(token)).resolves.toEqual({
      sub: 'kari',
      name: 'Kari',
      role: 'allocation_officer',
      org: '3301',
    });
  });

  it('are refused when signed by another key', async () => {
    const signer = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const token = await signDevToken(signer.privateKey, { role: 'admin', org: '*' });
    await expect(devTokenVerifier(other.publicKey).verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('are refused when expired', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await signDevToken(privateKey, { role: 'admin', org: '*' }, -60);
    await expect(devTokenVerifier(publicKey).verify(token)).rejects.toThrow('ERR_JWT_EXPIRED');
  });

  it('are refused with an unknown role', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ role: 'superuser', org: '*' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('x')
      .setIssuer('overgang-dev')
      .setAudience('overgang')
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(devTokenVerifier(publicKey).verify(token)).rejects.toThrow('token has no known role');
  });
});
