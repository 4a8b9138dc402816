import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type CryptoKey } from 'jose';

export const DEV_ALGORITHM = 'ES256';
export const DEV_ISSUER = 'overgang-dev';
export const DEV_AUDIENCE = 'overgang';

export interface DevKeyPair {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** The development key pair, made on first use and kept under the (git-ignored) key folder. */
export const loadOrCreateDevKeys = async (dir: string): Promise<DevKeyPair> => {
  const privatePath = join(dir, 'private.pem');
  const publicPath = join(dir, 'public.pem');
  try {
    const [privatePem, publicPem] = await Promise.all([readFile(privatePath, 'utf8'), readFile(publicPath, 'utf8')]);
    return {
      privateKey: await importPKCS8(privatePem, DEV_ALGORITHM),
      publicKey: await importSPKI(publicPem, DEV_ALGORITHM),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pair = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  await mkdir(dir, { recursive: true });
  await writeFile(privatePath, await exportPKCS8(pair.privateKey), { mode: 0o600 });
  await writeFile(publicPath, await exportSPKI(pair.publicKey));
  return pair;
};
