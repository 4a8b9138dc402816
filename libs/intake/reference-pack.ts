import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The PLO reference pack vendored unchanged in `libs/intake/reference/` (schemas, official examples, code lists;
 * `SHA256SUMS` is checked by a test). Found by walking up from this module, so the sources (tests) and the build
 * in `dist/` (which holds no copy) read the same files.
 */
const findPack = (): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'intake', 'reference');
    if (existsSync(join(candidate, 'SHA256SUMS'))) return candidate;
    if (dirname(dir) === dir) throw new Error('The PLO reference pack (libs/intake/reference) was not found');
  }
};

let packDir: string | undefined;

export const referencePackPath = (...parts: string[]): string => join((packDir ??= findPack()), ...parts);
