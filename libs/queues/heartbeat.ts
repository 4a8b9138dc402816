import type { Redis } from 'ioredis';

/** The worker proves it is alive by a job that runs through BullMQ itself, so a stuck queue shows too. */
export const HEARTBEAT_QUEUE = 'overgang-heartbeat';
export const HEARTBEAT_EVERY_MS = 15_000;

export const heartbeatKey = (prefix: string): string => `${prefix}:worker:heartbeat`;

export const recordHeartbeat = async (redis: Redis, prefix: string, at: Date): Promise<void> => {
  await redis.set(heartbeatKey(prefix), at.toISOString(), 'PX', HEARTBEAT_EVERY_MS * 4);
};

export const lastHeartbeat = (redis: Redis, prefix: string): Promise<string | null> => redis.get(heartbeatKey(prefix));
