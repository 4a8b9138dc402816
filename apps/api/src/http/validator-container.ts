import type { INestApplicationContext } from '@nestjs/common';
import { useContainer } from 'class-validator';

/**
 * Lets class-validator build the constraints Nest provides (those that need configuration, such as
 * ALLOW_SYNTHETIC_IDS) and build every other one itself. Each class is looked up in Nest once: a failed
 * lookup throws, and throwing on every validated request cost more than a tenth of the API's CPU.
 */
export const useNestForValidators = (context: INestApplicationContext): void => {
  const resolved = new Map<unknown, unknown>();
  const lookup = (type: unknown): unknown => {
    try {
      return context.get(type as never);
    } catch {
      return undefined;
    }
  };
  useContainer(
    {
      get: (type: unknown) => {
        if (!resolved.has(type)) resolved.set(type, lookup(type));
        return resolved.get(type);
      },
    },
    { fallback: true },
  );
};
