import {
  currentRequestContext,
  isSafeRequestId,
  runWithRequestContext,
  setContextCase,
  setContextUser,
} from './request-context';

describe('request context', () => {
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('follows each request through its own awaits and timers, never another’s', async () => {
    const seen: Record<string, (string | undefined)[]> = { a: [], b: [] };
    const handle = (id: 'a' | 'b') =>
      runWithRequestContext({ requestId: id }, async () => {
        seen[id].push(currentRequestContext()?.requestId);
        await later();
        seen[id].push(currentRequestContext()?.requestId);
        await new Promise<void>((resolve) => setImmediate(resolve));
        seen[id].push(currentRequestContext()?.requestId);
      });
    await Promise.all([handle('a'), handle('b')]);
    expect(seen).toEqual({ a: ['a', 'a', 'a'], b: ['b', 'b', 'b'] });
    expect(currentRequestContext()).toBeUndefined();
  });

  it('learns the user and the case during the request, and they stay with it', async () => {
    const context = { requestId: 'r' };
    await runWithRequestContext(context, async () => {
      await later();
      setContextUser('user-1');
      setContextCase('case-1');
    });
    expect(context).toEqual({ requestId: 'r', userId: 'user-1', caseId: 'case-1' });
  });

  it('ignores the user and case outside a request', () => {
    expect(() => {
      setContextUser('user-1');
      setContextCase('case-1');
    }).not.toThrow();
    expect(currentRequestContext()).toBeUndefined();
  });

  it('accepts only request ids that are safe to echo and log', () => {
    expect(isSafeRequestId('5d0c1a2b-9f7e-4c55-a0e1-2b3c4d5e6f70')).toBe(true);
    expect(isSafeRequestId('trace:01HX.abc_1')).toBe(true);
    for (const bad of ['', 'x'.repeat(129), 'a b', 'a\nb', '<script>', 'é', undefined, 42, ['a']]) {
      expect(isSafeRequestId(bad)).toBe(false);
    }
  });
});
