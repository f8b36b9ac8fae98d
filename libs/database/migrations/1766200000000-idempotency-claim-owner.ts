import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `idempotency_keys.owner_instance`: the API process that holds a running claim. Each API process holds the
 * session-level advisory lock (1766200, owner_instance) on a connection of its own while it lives; a process that
 * dies (SIGKILL, crash, lost machine) loses its session and the lock with it. A retry may then take over the claim at
 * once instead of after the 5-minute fallback (still used when the owner is unknown, NULL).
 */
export class IdempotencyClaimOwner1766200000000 implements MigrationInterface {
  name = 'IdempotencyClaimOwner1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE idempotency_keys ADD COLUMN owner_instance integer CHECK (owner_instance > 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys DROP COLUMN owner_instance`);
  }
}
