import { randomInt } from 'node:crypto';
import { Client } from 'pg';

/** First key of the advisory locks that mark live API processes (the second key is the instance). */
export const PRESENCE_LOCK_CLASS = 1766200;

/**
 * This API process's presence in PostgreSQL: the session-level advisory lock (PRESENCE_LOCK_CLASS, instanceId),
 * held on a connection of its own for as long as the process lives. When the process dies — SIGKILL, a crash, a
 * lost machine — the kernel closes its sockets, PostgreSQL ends the session and the lock is gone, so another
 * process can tell at once that the idempotency claims it left are abandoned. A connection lost while the process
 * lives (a database outage) is opened again on the next claim, with the same instance id.
 */
export class ProcessPresence {
  readonly instanceId = randomInt(1, 2 ** 31 - 1);
  private client: Client | null = null;
  private acquiring: Promise<boolean> | null = null;
  private stopped = false;

  constructor(private readonly databaseUrl: string) {}

  /** The instance id while its lock is held (taking it first if needed); null when PostgreSQL cannot say so now. */
  async current(): Promise<number | null> {
    if (this.client) return this.instanceId;
    if (this.stopped) return null;
    this.acquiring ??= this.acquire().finally(() => {
      this.acquiring = null;
    });
    return (await this.acquiring) ? this.instanceId : null;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.acquiring?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async acquire(): Promise<boolean> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'case-engine-api-presence',
      connectionTimeoutMillis: 2000,
      keepAlive: true,
    });
    const lost = (): void => {
      if (this.client === client) this.client = null;
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS held', [
        PRESENCE_LOCK_CLASS,
        this.instanceId,
      ]);
      // Not held: another live process drew the same id (one chance in 2³¹); its claims are not ours to mark.
      if (!rows[0].held || this.stopped) {
        await client.end().catch(() => undefined);
        return false;
      }
      this.client = client;
      return true;
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
  }
}
