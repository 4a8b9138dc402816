/**
 * The mod-11 control digit of `digits` under `weights` (one weight per digit),
 * or null when the remainder is 1: no digit can make such a number valid.
 */
export const mod11ControlDigit = (digits: readonly number[], weights: readonly number[]): number | null => {
  const sum = weights.reduce((total, weight, i) => total + weight * (digits[i] ?? 0), 0);
  const control = (11 - (sum % 11)) % 11;
  return control === 10 ? null : control;
};

export const toDigits = (text: string): number[] => [...text].map(Number);
