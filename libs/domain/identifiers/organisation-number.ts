import { mod11ControlDigit, toDigits } from './mod11.js';

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** A Norwegian organisation number (Enhetsregisteret): 9 digits, the last a mod-11 control digit. */
export const isValidOrganisationNumber = (value: string): boolean => {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = toDigits(value);
  return mod11ControlDigit(digits.slice(0, 8), WEIGHTS) === digits[8];
};
