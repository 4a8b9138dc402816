import type { Redis } from 'ioredis';

/** The worker proves it is alive by a job that runs through BullMQ itself, so a stuck queue shows too. */
export const HEARTBEAT_QUEUE = 'overgang-heartbeat';
export const HEARTBEAT_KEY = 'overgang:worker:heartbeat';
export const HEARTBEAT_EVERY_MS = 15_000;

export const recordHeartbeat = async (redis: Redis, at: Date): Promise<void> => {
  await redis.set(HEARTBEAT_KEY, at.toISOString(), 'PX', HEARTBEAT_EVERY_MS * 4);
};

export const lastHeartbeat = async (redis: Redis): Promise<string | null> => redis.get(HEARTBEAT_KEY);
