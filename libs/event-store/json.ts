const bigintAsString = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;

/** The JSON text stored for event data and metadata. JSON has no 64-bit integers, so bigints are written as strings. */
export const toJson = (value: unknown): string => {
  try {
    return JSON.stringify(value);
  } catch (error) {
    // Only bigints need the replacer, which takes JSON.stringify off its fast path.
    if (error instanceof TypeError) return JSON.stringify(value, bigintAsString);
    throw error;
  }
};
