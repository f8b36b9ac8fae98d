import type { DatabaseService } from '@libs/database';
import { identityCacheMs, IdentityLookupService } from './identity-lookup.service';

const row = {
  id: '7d3f3a7e-5b6a-4d7e-9d5c-0a1b2c3d4e5f',
  username: 'lanh.dao',
  display_name: 'Lãnh đạo',
  roles: ['leadership'],
  unit_code: null,
  must_change_password: false,
  province_codes: [],
  session_live: true,
};

function service(
  env: string | undefined,
  rows: () => unknown[],
): { lookups: () => number; svc: IdentityLookupService } {
  const previous = process.env.AUTH_IDENTITY_CACHE_MS;
  if (env === undefined) delete process.env.AUTH_IDENTITY_CACHE_MS;
  else process.env.AUTH_IDENTITY_CACHE_MS = env;
  let calls = 0;
  const database = {
    ready: {
      query: () => {
        calls += 1;
        return Promise.resolve(rows());
      },
    },
  } as unknown as DatabaseService;
  const svc = new IdentityLookupService(database);
  if (previous === undefined) delete process.env.AUTH_IDENTITY_CACHE_MS;
  else process.env.AUTH_IDENTITY_CACHE_MS = previous;
  return { lookups: () => calls, svc };
}

describe('IdentityLookupService cache (AUTH_IDENTITY_CACHE_MS)', () => {
  it('is off by default: every request reads the database', async () => {
    const { svc, lookups } = service(undefined, () => [row]);
    await svc.byUserId(row.id, 'a3f1c2d4-0000-4000-8000-000000000001');
    await svc.byUserId(row.id, 'a3f1c2d4-0000-4000-8000-000000000001');
    expect(lookups()).toBe(2);
  });

  it('reuses an identity for the same user and session within the TTL only, and never caches a refusal', async () => {
    let current: unknown[] = [row];
    const { svc, lookups } = service('1000', () => current);
    const session = 'a3f1c2d4-0000-4000-8000-000000000001';
    const t0 = new Date('2026-12-02T03:00:00Z');
    expect((await svc.byUserId(row.id, session, t0))?.actor.roles).toEqual(['leadership']);
    await svc.byUserId(row.id, session, new Date(t0.getTime() + 999));
    expect(lookups()).toBe(1);
    await svc.byUserId(row.id, 'a3f1c2d4-0000-4000-8000-000000000002', t0);
    expect(lookups()).toBe(2);
    current = [];
    expect(await svc.byUserId(row.id, session, new Date(t0.getTime() + 1000))).toBeNull();
    expect(await svc.byUserId(row.id, session, new Date(t0.getTime() + 1001))).toBeNull();
    expect(lookups()).toBe(4);
  });

  it('refuses a bad setting', () => {
    expect(() => identityCacheMs({ AUTH_IDENTITY_CACHE_MS: '-1' })).toThrow(/AUTH_IDENTITY_CACHE_MS/);
    expect(() => identityCacheMs({ AUTH_IDENTITY_CACHE_MS: 'abc' })).toThrow(/AUTH_IDENTITY_CACHE_MS/);
    expect(() => identityCacheMs({ AUTH_IDENTITY_CACHE_MS: '70000' })).toThrow(/AUTH_IDENTITY_CACHE_MS/);
    expect(identityCacheMs({ AUTH_IDENTITY_CACHE_MS: '1500' })).toBe(1500);
  });
});
