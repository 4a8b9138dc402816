import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { heartbeatKey } from '#libs/queues/heartbeat.js';

describe('the worker process', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `overgang-test-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(redisUrl);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('connects to Redis through BullMQ and beats, then stops cleanly on SIGTERM', async () => {
    const startedAt = Date.now();
    const worker = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      env: { ...process.env, NODE_OPTIONS: '', QUEUE_PREFIX: prefix, REDIS_URL: redisUrl, LOG_LEVEL: 'warn' },
      stdio: 'inherit',
    });
    try {
      let beat: string | null = null;
      for (let i = 0; i < 100 && beat === null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        beat = await redis.get(heartbeatKey(prefix));
      }
      expect(beat).not.toBeNull();
      expect(Date.parse(beat!)).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(await redis.exists(`${prefix}:overgang-heartbeat:meta`)).toBe(1);
    } finally {
      const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
