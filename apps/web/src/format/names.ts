import { SAMPLE_HOSPITALS, SAMPLE_MUNICIPALITIES } from '#libs/sample-data/identities.js';

/**
 * Organisations by name. The API speaks organisation numbers and municipality codes; people read names. The table
 * holds the organisations of the sample data and the intake demo (the same ones); an installation adds its own here.
 * An unknown one is still shown as what it is ("Kommune 4643", "Org.nr. 900 087 101"), never as a bare number.
 */
export const HOSPITALS: Readonly<Record<string, string>> = Object.fromEntries(SAMPLE_HOSPITALS.map((h) => [h.orgNumber, h.name]));
export const MUNICIPALITIES: Readonly<Record<string, string>> = Object.fromEntries(SAMPLE_MUNICIPALITIES.map((m) => [m.code, m.name]));

/** `900087101` as `900 087 101`, as Brønnøysundregistrene writes it. */
export const formatOrgNumber = (orgNumber: string): string =>
  /^\d{9}$/.test(orgNumber) ? `${orgNumber.slice(0, 3)} ${orgNumber.slice(3, 6)} ${orgNumber.slice(6)}` : orgNumber;

export const hospitalName = (orgNumber: string | null | undefined): string =>
  orgNumber ? (HOSPITALS[orgNumber] ?? `Org.nr. ${formatOrgNumber(orgNumber)}`) : '–';

export const municipalityName = (code: string | null | undefined): string =>
  code ? (MUNICIPALITIES[code] ?? `Kommune ${code}`) : '–';

/** A signed-in organisation: a hospital's number, a municipality's code, or `*` for every one. */
export const organisationName = (org: string): string => {
  if (org === '*') return 'Alle kommuner';
  if (/^\d{4}$/.test(org)) return `${municipalityName(org)} kommune`;
  return hospitalName(org);
};
