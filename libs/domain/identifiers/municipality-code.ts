/** A municipality number (kommunenummer): exactly 4 digits, kept as text because of leading zeros (0301 Oslo). */
export const isValidMunicipalityCode = (value: string): boolean => /^\d{4}$/.test(value);
