import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { referencePackPath } from './reference-pack.js';
import { officialExampleNames } from './testing/official-examples.js';

describe('the vendored PLO reference pack', () => {
  const sums = readFileSync(referencePackPath('SHA256SUMS'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [sum, file] = line.split(/\s+/);
      return { sum: sum!, file: file! };
    });

  it('holds every published file byte for byte as the reference SHA256SUMS lists it', () => {
    expect(sums.length).toBe(28);
    for (const { sum, file } of sums) {
      expect({ file, sum: createHash('sha256').update(readFileSync(referencePackPath(file))).digest('hex') }).toEqual({ file, sum });
    }
  });

  it('lists the ten official PLO example messages', () => {
    expect(officialExampleNames()).toHaveLength(10);
  });
});
