import pg from 'pg';

const LOCK_NAMESPACE = 'overgang-projection';

/**
 * The session advisory lock that makes one process at a time the runner of a projection. It lives on a connection of
 * its own: when the process dies, PostgreSQL ends the session and releases the lock, and a waiting process takes over.
 */
export class ProjectionLock {
  readonly #client: pg.Client;
  readonly #name: string;
  #pid = 0;

  private constructor(client: pg.Client, name: string) {
    this.#client = client;
    this.#name = name;
  }

  /** Connects and tries once to take the lock; null (connection closed) when another session holds it. */
  static async tryAcquire(config: pg.ClientConfig, name: string, onLost: (error: Error) => void): Promise<ProjectionLock | null> {
    const client = new pg.Client({ ...config, application_name: `projection_lock:${name}`.slice(0, 63) });
    client.on('error', onLost);
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean; pid: number }>(
        'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked, pg_backend_pid() AS pid',
        [LOCK_NAMESPACE, name],
      );
      if (!rows[0]!.locked) {
        await client.end();
        return null;
      }
      client.removeListener('error', onLost);
      client.on('error', onLost);
      client.on('end', () => onLost(new Error(`lock connection of ${name} ended`)));
      const lock = new ProjectionLock(client, name);
      lock.#pid = rows[0]!.pid;
      return lock;
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  }

  /** The lock's own connection, for the runner's control statements. */
  get client(): pg.Client {
    return this.#client;
  }

  /** Checks, inside a writer's transaction on another connection, that this session still holds the lock. */
  get fence(): LockFence {
    return new LockFence(this.#pid, this.#name);
  }

  async release(): Promise<void> {
    this.#client.removeAllListeners('end');
    await this.#client.end().catch(() => {});
  }
}

export class LockLostError extends Error {
  override readonly name = 'LockLostError';
}

/** Refuses a transaction of a runner whose lock session is gone, so a process that lost the lock never writes again. */
export class LockFence {
  constructor(
    readonly holderPid: number,
    readonly name: string,
  ) {}

  async check(db: pg.ClientBase): Promise<void> {
    const { rows } = await db.query<{ held: boolean }>(
      {
        name: 'projection_lock_fence',
        text: `SELECT EXISTS (
          SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1
            AND classid = hashtext($2)::oid AND objid = hashtext($3)::oid AND objsubid = 2) AS held`,
      },
      [this.holderPid, LOCK_NAMESPACE, this.name],
    );
    if (!rows[0]!.held) throw new LockLostError(`the lock of projection ${this.name} is no longer held`);
  }
}
