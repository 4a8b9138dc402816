import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { HEARTBEAT_EVERY_MS, HEARTBEAT_QUEUE, recordHeartbeat } from '#libs/queues/heartbeat.js';
import { onReconnected } from '#libs/queues/reconnected.js';

export interface RunningWorker {
  stop(): Promise<void>;
}

export const startWorker = async (redisUrl: string, prefix: string, logger: Logger): Promise<RunningWorker> => {
  // BullMQ workers block on Redis and must never give up a command while Redis restarts.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const heartbeatQueue = new Queue(HEARTBEAT_QUEUE, { connection, prefix });
  const scheduleHeartbeat = () =>
    heartbeatQueue.upsertJobScheduler(
      'heartbeat',
      { every: HEARTBEAT_EVERY_MS },
      { name: 'heartbeat', opts: { removeOnComplete: 10, removeOnFail: 100 } },
    );
  await scheduleHeartbeat();
  // A Redis that comes back empty has lost the scheduler too: without it the heartbeat, and so /health, would stay silent.
  const stopWatchingRedis = onReconnected(connection, () => {
    scheduleHeartbeat().catch((error: Error) => logger.warn({ error: error.message }, 'cannot schedule the heartbeat again'));
  });
  const heartbeatWorker = new Worker(
    HEARTBEAT_QUEUE,
    async () => recordHeartbeat(connection, prefix, new Date()),
    { connection, prefix },
  );
  heartbeatWorker.on('failed', (job, error) => logger.warn({ job: job?.id, error: error.message }, 'heartbeat failed'));
  heartbeatWorker.on('error', (error) => logger.warn({ error: error.message }, 'worker connection error'));
  await heartbeatWorker.waitUntilReady();
  logger.info({ queues: [HEARTBEAT_QUEUE] }, 'worker connected to Redis');

  return {
    async stop() {
      stopWatchingRedis();
      await heartbeatWorker.close();
      await heartbeatQueue.close();
      connection.disconnect();
    },
  };
};
