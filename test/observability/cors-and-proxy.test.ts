import type { Client as PgClient } from 'pg';
import request from 'supertest';
import type { AppConfig } from '@libs/config';
import { createUser } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

const PORTAL = 'https://congchuc.example.gov.vn';

function withHttp(overrides: Partial<AppConfig['http']>): AppConfig {
  const config = testConfig();
  return { ...config, http: { ...config.http, ...overrides } };
}

describe('CORS', () => {
  let withCors: RunningApi;
  let withoutCors: RunningApi;

  beforeAll(async () => {
    [withCors, withoutCors] = await Promise.all([
      startApi(withHttp({ corsOrigins: [PORTAL, 'http://localhost:5173'] })),
      startApi(withHttp({ corsOrigins: [] })),
    ]);
  });

  afterAll(async () => {
    await Promise.all([withCors?.close(), withoutCors?.close()]);
  });

  const preflight = (api: RunningApi, origin: string) =>
    request(api.url)
      .options('/api/cases')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');

  it('answers a listed origin’s preflight with the allowed methods and headers, cached, without credentials', async () => {
    const response = await preflight(withCors, PORTAL).expect(204);
    expect(response.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(response.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    expect(response.headers['access-control-max-age']).toBe('600');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.headers.vary).toMatch(/Origin/);
  });

  it('lets a listed origin read the request id, Retry-After and Content-Language of answers', async () => {
    const response = await request(withCors.url).get('/api/auth/me').set('Origin', 'http://localhost:5173').expect(401);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const exposed = response.headers['access-control-expose-headers'].split(',');
    expect(exposed).toEqual(expect.arrayContaining(['X-Request-Id', 'Retry-After', 'Content-Language']));
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives an origin that is not listed nothing its page could use', async () => {
    const refused = await preflight(withCors, 'https://evil.example.com');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const read = await request(withCors.url)
      .get('/api/health')
      .set('Origin', 'https://congchuc.example.gov.vn.evil.com');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers at all when CORS_ORIGINS is empty', async () => {
    const response = await preflight(withoutCors, PORTAL);
    expect(response.status).not.toBe(204);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('trust proxy and login throttling', () => {
  let direct: RunningApi;
  let behindProxy: RunningApi;
  let db: PgClient;

  beforeAll(async () => {
    [direct, behindProxy, db] = await Promise.all([
      startApi(withHttp({ trustProxy: false })),
      // The test client connects over loopback, as a reverse proxy on the same host would.
      startApi(withHttp({ trustProxy: ['loopback'] })),
      pgClient(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([direct?.close(), behindProxy?.close(), db?.end()]);
  });

  const failLogin = (api: RunningApi, username: string, forwardedFor: string) =>
    request(api.url)
      .post('/api/auth/login')
      .set('X-Forwarded-For', forwardedFor)
      .send({ username, password: 'wrong-password-1' });

  async function throttleKeys(username: string): Promise<string[]> {
    const { rows } = await db.query<{ key: string }>(`SELECT key FROM login_throttle WHERE key LIKE $1 ORDER BY key`, [
      `login:${username}|%`,
    ]);
    return rows.map((row) => row.key);
  }

  it('ignores X-Forwarded-For unless API_TRUST_PROXY is set: a client cannot pick a fresh address per guess', async () => {
    const user = await createUser(db, { roles: ['personnel'] });
    for (let i = 1; i <= 5; i += 1) await failLogin(direct, user.username, `198.51.100.${i}`).expect(401);
    await failLogin(direct, user.username, '198.51.100.99').expect(429);
    const keys = await throttleKeys(user.username);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/\|(::ffff:)?127\.0\.0\.1$/);
  });

  it('behind a trusted proxy, throttles per real client address taken from X-Forwarded-For', async () => {
    const user = await createUser(db, { roles: ['personnel'] });
    for (let i = 0; i < 5; i += 1) await failLogin(behindProxy, user.username, '203.0.113.7').expect(401);
    await failLogin(behindProxy, user.username, '203.0.113.7').expect(429);
    // Another client of the same proxy is not locked out by the first one's guesses.
    await failLogin(behindProxy, user.username, '203.0.113.8').expect(401);
    // Only the hop the trusted proxy appended counts: addresses a client writes in front are not believed.
    await failLogin(behindProxy, user.username, '10.9.9.9, 203.0.113.7').expect(429);
    expect(await throttleKeys(user.username)).toEqual([
      `login:${user.username}|203.0.113.7`,
      `login:${user.username}|203.0.113.8`,
    ]);
  });
});
