import { readFileSync } from 'node:fs';
import { referencePackPath } from '../reference-pack.js';

/** The code lists of the reference pack (`codes.json`, a 2018 Volven snapshot): the one source of code texts. */

interface CodeSystem {
  readonly oid: string;
  readonly name: string;
  readonly values: readonly { readonly code: string; readonly text: string }[];
}

let systems: Readonly<Record<string, CodeSystem>> | undefined;

const codeSystems = (): Readonly<Record<string, CodeSystem>> =>
  (systems ??= (JSON.parse(readFileSync(referencePackPath('codes.json'), 'utf8')) as { codeSystems: Record<string, CodeSystem> })
    .codeSystems);

/** The text of a code (`DN`), or undefined when the list or the code is not in the snapshot. */
export const codeText = (list: string, code: string): string | undefined =>
  codeSystems()[list]?.values.find((value) => value.code === code)?.text;

export const codeSystemOid = (list: string): string => `2.16.578.1.12.4.1.1.${list}`;
