/** No command body nests deeper than a few levels; far deeper JSON would overflow class-transformer's recursion (a 500). */
export const MAX_BODY_DEPTH = 32;

/** True when `value` nests objects or arrays deeper than `max`; iterative, so any depth is safe to check. */
export const nestsDeeperThan = (value: unknown, max: number): boolean => {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
};
