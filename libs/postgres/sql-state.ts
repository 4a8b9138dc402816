/** SQLSTATE 42P01: the table or view does not exist, e.g. a read model whose projection has never run. */
export const UNDEFINED_TABLE = '42P01';
/** SQLSTATE 3F000: the schema does not exist, e.g. `read_models` before anything has created it. */
export const UNDEFINED_SCHEMA = '3F000';

/** Whether a query failed because what it reads has not been created yet (rather than being wrong or unreachable). */
export const isNotCreatedYet = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === UNDEFINED_TABLE || code === UNDEFINED_SCHEMA;
};
