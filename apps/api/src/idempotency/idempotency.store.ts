import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, requireJwtSecret, type AppConfig } from '@libs/config';
import { DatabaseService } from '@libs/database';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency-key';
import { PRESENCE_LOCK_CLASS, ProcessPresence } from './process-presence';
import { ResponseSealer } from './response-sealer';

/** What a request is, for comparing a retry with the first request under the same key. */
export interface RequestFingerprint {
  method: string;
  path: string;
  bodyHash: Buffer;
}

/** The right to run the request (and record its response) under a key. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  claimId: string;
}

export type ClaimOutcome =
  | { kind: 'claimed'; claim: IdempotencyClaim }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/**
 * A first request that has not completed after this long is taken to have died with its process; a retry with the
 * same request may then run it again (the create endpoints refuse true duplicates by their natural keys, and a
 * case's id is derived from the key). Far above any request's own time limits. A claim whose owning process is
 * known to be gone (its presence lock is free: ProcessPresence) is taken over at once instead.
 */
const ABANDONED_AFTER = '5 minutes';
const ABANDONED_AFTER_MS = 5 * 60_000;
/** A response or release that could not be written (database outage) is written again this often until it is. */
const PERSIST_RETRY_MS = 2000;
const TTL = `${IDEMPOTENCY_KEY_TTL_HOURS} hours`;
const CLEANUP_INTERVAL_MS = 10 * 60_000;

interface KeyRow {
  method: string;
  path: string;
  request_hash: Buffer;
  response_status: number | null;
  response_body: Buffer | null;
}

/** The `idempotency_keys` table: claims a key for one request, records its response, answers retries. */
@Injectable()
export class IdempotencyStore implements OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyStore.name);
  private readonly sealer: ResponseSealer;
  private readonly presence: ProcessPresence;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private lastCleanupAt = 0;

  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Without a secret the API refuses to start; nothing is ever sealed with an empty key.
    this.sealer = new ResponseSealer(requireJwtSecret(config));
    this.presence = new ProcessPresence(config.databaseUrl);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.presence.close();
  }

  /**
   * Claims (user, key) for this request when the key is new, expired, or abandoned by a crashed first request with
   * the same fingerprint; otherwise says what the first request left: its response, that it is still running, or
   * that it was a different request.
   */
  async claim(userId: string, key: string, request: RequestFingerprint): Promise<ClaimOutcome> {
    this.deleteExpiredNowAndThen();
    const owner = await this.presence.current();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const claimId = randomUUID();
      // Abandoned: the same request, still not completed, and either claimed long ago or by a process whose
      // presence lock nobody holds any more (it died).
      const claimed: unknown[] = await this.database.ready.query(
        `INSERT INTO idempotency_keys AS k (user_id, key, method, path, request_hash, claim_id, owner_instance)
         VALUES ($1, $2, $3, $4, $5, $6, $9)
         ON CONFLICT (user_id, key) DO UPDATE SET
           method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
           claim_id = EXCLUDED.claim_id, claimed_at = now(), response_status = NULL, response_body = NULL,
           completed_at = NULL, owner_instance = EXCLUDED.owner_instance,
           created_at = CASE WHEN k.created_at < now() - $7::interval THEN now() ELSE k.created_at END
         WHERE k.created_at < now() - $7::interval
            OR (k.completed_at IS NULL
                AND k.method = EXCLUDED.method AND k.path = EXCLUDED.path AND k.request_hash = EXCLUDED.request_hash
                AND (k.claimed_at < now() - $8::interval
                     OR (k.owner_instance IS NOT NULL AND NOT EXISTS (
                           SELECT 1 FROM pg_locks l
                            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                              AND l.classid = $10::integer::oid AND l.objid = k.owner_instance::oid))))
         RETURNING 1`,
        [
          userId,
          key,
          request.method,
          request.path,
          request.bodyHash,
          claimId,
          TTL,
          ABANDONED_AFTER,
          owner,
          PRESENCE_LOCK_CLASS,
        ],
      );
      if (claimed.length === 1) return { kind: 'claimed', claim: { userId, key, claimId } };

      const rows: KeyRow[] = await this.database.ready.query(
        `SELECT method, path, request_hash, response_status, response_body
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      const row = rows[0];
      if (!row) continue; // expired and deleted in between: claim again
      if (row.method !== request.method || row.path !== request.path || !row.request_hash.equals(request.bodyHash)) {
        return { kind: 'mismatch' };
      }
      if (row.response_status === null || row.response_body === null) return { kind: 'in_progress' };
      const text = this.sealer.open(row.response_body, associatedData(userId, key));
      if (text !== null) return { kind: 'replay', status: row.response_status, body: JSON.parse(text) as unknown };
      // Sealed under a secret that has since been rotated: forget it and run the request again (the creates refuse
      // true duplicates by their natural keys, and a case's id comes from the key).
      this.logger.warn(`stored response for an idempotency key of user ${userId} is unreadable; running it again`);
      await this.database.ready.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [userId, key]);
    }
    throw new Error('could not claim the idempotency key');
  }

  /**
   * Records the response of a claimed request: every retry gets exactly this. When the database cannot take it now
   * (an outage), it is written again in the background until it is — else every retry would be told "in progress".
   */
  async complete(claim: IdempotencyClaim, status: number, body: unknown): Promise<void> {
    const sealed = this.sealer.seal(JSON.stringify(body ?? null), associatedData(claim.userId, claim.key));
    await this.persisting('storing an idempotent response', () =>
      this.database.ready.query(
        `UPDATE idempotency_keys SET response_status = $4, response_body = $5, completed_at = now()
          WHERE user_id = $1 AND key = $2 AND claim_id = $3`,
        [claim.userId, claim.key, claim.claimId, status, sealed],
      ),
    );
  }

  /** The request failed: nothing is remembered, so the same key may be retried (written again like complete). */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.persisting('releasing an idempotency key', () =>
      this.database.ready.query(
        `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND claim_id = $3 AND completed_at IS NULL`,
        [claim.userId, claim.key, claim.claimId],
      ),
    );
  }

  /** Runs `write`; if it fails, rethrows and tries again every PERSIST_RETRY_MS for as long as a claim can live. */
  private async persisting(what: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const giveUpAt = Date.now() + ABANDONED_AFTER_MS;
      const again = (): void => {
        const timer = setTimeout(() => {
          this.retryTimers.delete(timer);
          write().then(
            () => this.logger.log(`${what}: written after a retry`),
            (retryError: unknown) => {
              if (Date.now() < giveUpAt) again();
              else this.logger.warn(`${what}: gave up (${String(retryError)})`);
            },
          );
        }, PERSIST_RETRY_MS);
        timer.unref();
        this.retryTimers.add(timer);
      };
      again();
      throw error;
    }
  }

  /** Expired keys are deleted by whichever request comes along, at most every ten minutes per process. */
  private deleteExpiredNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastCleanupAt < CLEANUP_INTERVAL_MS) return;
    this.lastCleanupAt = now;
    Promise.resolve()
      .then(() =>
        this.database.ready.query(`DELETE FROM idempotency_keys WHERE created_at < now() - $1::interval`, [TTL]),
      )
      .catch((error: unknown) => this.logger.warn(`deleting expired idempotency keys: ${String(error)}`));
  }
}

function associatedData(userId: string, key: string): string {
  return `${userId}\n${key}`;
}
