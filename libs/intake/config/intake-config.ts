import { isValidMunicipalityCode } from '#libs/domain/identifiers/municipality-code.js';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import type { HospitalEntry, ReceiverEntry } from '../receiving/directory.js';

/**
 * `INTAKE_CONFIG_FILE`: our receiving organisations and services, and the organisations that send to us, by HER-id.
 * `{ "receivers": { "<herId>": { "municipalityCode", "name" } }, "hospitals": { "<herId>": { "orgNumber", "name" } } }`
 */
export interface IntakeConfigFile {
  readonly receivers: Readonly<Record<string, ReceiverEntry>>;
  readonly hospitals: Readonly<Record<string, HospitalEntry>>;
}

export class IntakeConfigError extends Error {
  override readonly name = 'IntakeConfigError';
}

const HER_ID = /^\d{1,12}$/;
const MAX_NAME = 200;

export const isHerId = (value: string): boolean => HER_ID.test(value);

/** The field errors of a receiver entry (empty when valid). */
export const receiverProblems = (entry: unknown): { field: string; message: string }[] => {
  const value = (entry ?? {}) as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  if (typeof value.municipalityCode !== 'string' || !isValidMunicipalityCode(value.municipalityCode)) {
    problems.push({ field: 'municipalityCode', message: 'municipalityCode must be a municipality code of 4 digits' });
  }
  problems.push(...nameProblems(value.name));
  return problems;
};

/** The field errors of a hospital entry (empty when valid). */
export const hospitalProblems = (entry: unknown): { field: string; message: string }[] => {
  const value = (entry ?? {}) as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  if (typeof value.orgNumber !== 'string' || !isValidOrganisationNumber(value.orgNumber)) {
    problems.push({ field: 'orgNumber', message: 'orgNumber must be an organisation number (9 digits, mod-11)' });
  }
  problems.push(...nameProblems(value.name));
  return problems;
};

const nameProblems = (name: unknown) =>
  typeof name === 'string' && name.trim() !== '' && name.length <= MAX_NAME && !name.includes('\u0000')
    ? []
    : [{ field: 'name', message: `name must be a text of 1–${MAX_NAME} characters` }];

const table = <T>(
  value: unknown,
  name: string,
  problems: (entry: unknown) => { field: string; message: string }[],
  pick: (entry: Record<string, string>) => T,
): Record<string, T> => {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IntakeConfigError(`${name} must be an object keyed by HER-id`);
  }
  const entries: Record<string, T> = {};
  for (const [herId, entry] of Object.entries(value)) {
    if (!isHerId(herId)) throw new IntakeConfigError(`${name}: "${herId}" is not a HER-id (digits)`);
    const [problem] = problems(entry);
    if (problem) throw new IntakeConfigError(`${name}.${herId}: ${problem.message}`);
    entries[herId] = pick(entry as Record<string, string>);
  }
  return entries;
};

export const parseIntakeConfig = (text: string): IntakeConfigFile => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new IntakeConfigError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new IntakeConfigError('must be a JSON object');
  const { receivers, hospitals } = json as Record<string, unknown>;
  return {
    receivers: table(receivers, 'receivers', receiverProblems, (entry) => ({ municipalityCode: entry.municipalityCode!, name: entry.name!.trim() })),
    hospitals: table(hospitals, 'hospitals', hospitalProblems, (entry) => ({ orgNumber: entry.orgNumber!, name: entry.name!.trim() })),
  };
};
