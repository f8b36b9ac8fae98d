import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { ApiError } from '../common/api-error';

/** An ApiError the client may retry after a while; the controller sends `Retry-After`. */
export class RetryLaterError extends ApiError {
  constructor(
    status: number,
    code: 'TOO_MANY_LOGIN_ATTEMPTS' | 'PASSWORD_CHECKS_BUSY',
    readonly retryAfterSeconds: number,
  ) {
    super(status, code);
  }
}

/** 503 PASSWORD_CHECKS_BUSY: every password-check slot and every waiting place is taken. */
export class PasswordChecksBusyError extends RetryLaterError {
  constructor() {
    super(HttpStatus.SERVICE_UNAVAILABLE, 'PASSWORD_CHECKS_BUSY', 1);
  }
}

/**
 * A counting semaphore with a bounded queue: at most `concurrency` tasks run at once, at most `queueLimit` wait,
 * each for at most `maxWaitMs`; anything beyond is refused at once. Pure (no Nest), so it is unit-tested alone.
 */
export class BoundedSemaphore {
  private active = 0;
  private readonly waiting: { admit: () => void; timer: NodeJS.Timeout }[] = [];
  /** How many tasks have been admitted since start (tests read it to count password checks). */
  admitted = 0;

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
    private readonly maxWaitMs: number,
    private readonly refuse: () => Error,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active += 1;
      this.admitted += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit) return Promise.reject(this.refuse());
    return new Promise<void>((resolve, reject) => {
      const entry = {
        admit: () => {
          clearTimeout(entry.timer);
          this.admitted += 1;
          resolve();
        },
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(this.refuse());
        }, this.maxWaitMs),
      };
      entry.timer.unref();
      this.waiting.push(entry);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.admit();
    else this.active -= 1;
  }
}

/** A password check waits at most this long for a free slot. */
export const PASSWORD_CHECK_MAX_WAIT_MS = 10_000;

/**
 * Bounds the Argon2 verifications one API process runs at once (AUTH_PASSWORD_CHECK_CONCURRENCY, with up to
 * AUTH_PASSWORD_CHECK_QUEUE waiting): each costs ~19 MiB and tens of milliseconds of CPU, so unbounded parallel
 * sign-ins would be a cheap way to exhaust the API. Beyond the bound: 503 PASSWORD_CHECKS_BUSY with Retry-After.
 */
@Injectable()
export class PasswordCheckLimiter {
  private readonly semaphore: BoundedSemaphore;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.semaphore = new BoundedSemaphore(
      config.auth.passwordCheckConcurrency,
      config.auth.passwordCheckQueue,
      PASSWORD_CHECK_MAX_WAIT_MS,
      () => new PasswordChecksBusyError(),
    );
  }

  /** Password checks started since the process began. */
  get checksStarted(): number {
    return this.semaphore.admitted;
  }

  /** Most checks running at once so far is bounded by this. */
  get concurrency(): number {
    return this.semaphore.concurrency;
  }

  run<T>(check: () => Promise<T>): Promise<T> {
    return this.semaphore.run(check);
  }
}
