/**
 * `probe()`, or a rejection once `ms` have passed: for status reads, since a dependency that is down may hang rather
 * than fail (ioredis queues commands until Redis is back).
 */
export const within = async <T>(ms: number, probe: () => Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};
