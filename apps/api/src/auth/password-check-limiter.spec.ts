import { BoundedSemaphore } from './password-check-limiter';

class Refused extends Error {}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('BoundedSemaphore', () => {
  it('runs at most `concurrency` tasks at once, queues up to the limit and refuses the rest at once', async () => {
    const semaphore = new BoundedSemaphore(2, 3, 10_000, () => new Refused());
    const gate = deferred();
    let running = 0;
    let most = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await gate.promise;
      running -= 1;
      return 'done';
    };
    const outcomes = Array.from({ length: 8 }, () =>
      semaphore.run(task).then(
        (value) => value,
        (error: unknown) => (error instanceof Refused ? 'refused' : 'other'),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(semaphore.running).toBe(2);
    expect(semaphore.queued).toBe(3);
    gate.resolve();
    const results = await Promise.all(outcomes);
    expect(results.filter((result) => result === 'done')).toHaveLength(5);
    expect(results.filter((result) => result === 'refused')).toHaveLength(3);
    expect(most).toBe(2);
    expect(semaphore.admitted).toBe(5);
    expect(semaphore.running).toBe(0);
  });

  it('frees the slot when a task fails, and refuses a waiter that waited too long', async () => {
    jest.useFakeTimers();
    try {
      const semaphore = new BoundedSemaphore(1, 1, 1000, () => new Refused());
      await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(semaphore.running).toBe(0);
      const gate = deferred();
      const holder = semaphore.run(() => gate.promise);
      const waiter = semaphore.run(() => Promise.resolve('late'));
      jest.advanceTimersByTime(1001);
      await expect(waiter).rejects.toBeInstanceOf(Refused);
      expect(semaphore.queued).toBe(0);
      gate.resolve();
      await holder;
      await expect(semaphore.run(() => Promise.resolve('next'))).resolves.toBe('next');
    } finally {
      jest.useRealTimers();
    }
  });
});
