import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { DEVELOPMENT_ONLY_JWT_SECRET, type AppConfig } from '@libs/config';
import { freePort } from '../support/ports';
import { createUser, type TestUser } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

const ISSUER = 'https://sso.example.gov.vn/realms/bnv';
const AUDIENCE = 'case-engine';

/** A tiny identity provider: a JWKS document served on the loopback interface. */
async function serveJwks(keys: JWK[]): Promise<{ url: string; server: Server; requests: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    if (req.url !== '/protocol/openid-connect/certs') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/protocol/openid-connect/certs`, server, requests: () => count };
}

function withOidc(jwksUrl: string, audience: string | null = AUDIENCE): AppConfig {
  const config = testConfig();
  return { ...config, auth: { ...config.auth, oidc: { issuer: ISSUER, jwksUrl, audience } } };
}

describe('single sign-on with an external OpenID Connect provider', () => {
  let provider: Awaited<ReturnType<typeof serveJwks>>;
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;
  let api: RunningApi;
  let db: PgClient;
  let member: TestUser;
  let subject: string;

  const token = (
    claims: Record<string, unknown> = {},
    options: { key?: CryptoKey; kid?: string; iss?: string; aud?: string | string[]; exp?: number; sub?: string } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: ['admin'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'bnv-2025' })
      .setIssuer(options.iss ?? ISSUER)
      .setAudience(options.aud ?? AUDIENCE)
      .setSubject(options.sub ?? subject)
      .setIssuedAt(now - 60)
      .setExpirationTime(options.exp ?? now + 300)
      .sign(options.key ?? signingKey);
  };
  const me = (bearer: string) => request(api.url).get('/api/auth/me').set('Authorization', `Bearer ${bearer}`);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'bnv-2025', alg: 'RS256', use: 'sig' };
    provider = await serveJwks([publicJwk]);
    db = await pgClient();
    api = await startApi(withOidc(provider.url));
    subject = `f:bnv:${Date.now()}`;
    member = await createUser(db, {
      roles: ['working_group'],
      displayName: 'Đỗ Hải Yến',
      passwordLogin: false,
      externalSubject: subject,
    });
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
    await new Promise((resolve) => provider?.server.close(resolve));
  });

  it('accepts a valid provider token, maps sub to the account, and takes roles from the database', async () => {
    const response = await me(await token()).expect(200);
    expect(response.body).toMatchObject({
      id: member.id,
      username: member.username,
      displayName: 'Đỗ Hải Yến',
      roles: ['working_group'],
      authMethod: 'oidc',
    });
    expect(provider.requests()).toBeGreaterThanOrEqual(1);
    // The token claims admin; the database says working_group.
    const refused = await request(api.url)
      .get('/api/users')
      .set('Authorization', `Bearer ${await token()}`)
      .expect(403);
    expect(refused.body.code).toBe('ROLE_NOT_ALLOWED');
  });

  it.each([
    ['another issuer', () => token({}, { iss: 'https://evil.example.org' })],
    ['another audience', () => token({}, { aud: 'another-client' })],
    [
      'a token for several audiences that another client was issued (azp)',
      () => token({ azp: 'another-client' }, { aud: [AUDIENCE, 'another-client'] }),
    ],
    ['an expired token', () => token({}, { exp: Math.floor(Date.now() / 1000) - 300 })],
    ['a subject with no account', () => token({}, { sub: 'f:bnv:nobody' })],
    ['a key the provider does not publish', () => token({}, { key: strangerKey, kid: 'bnv-2025' })],
    ['an unknown key id', () => token({}, { key: strangerKey, kid: 'rogue' })],
    [
      'an HS256 token claiming the provider as issuer (algorithm confusion)',
      () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject(subject)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(DEVELOPMENT_ONLY_JWT_SECRET)),
    ],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, make) => {
    const response = await me(await make()).expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a token that names this application as its authorised party (azp)', async () => {
    await me(await token({ azp: AUDIENCE }, { aud: [AUDIENCE, 'account'] })).expect(200);
  });

  it('refuses the token of a deactivated account at once', async () => {
    const sub = `f:bnv:leaver:${Date.now()}`;
    const leaver = await createUser(db, { roles: ['leadership'], passwordLogin: false, externalSubject: sub });
    await me(await token({}, { sub })).expect(200);
    await db.query(`UPDATE users SET active = false WHERE id = $1`, [leaver.id]);
    await me(await token({}, { sub })).expect(401);
  });

  it('still accepts the API’s own tokens next to the provider’s', async () => {
    const local = await createUser(db, { roles: ['personnel'] });
    const login = await request(api.url)
      .post('/api/auth/login')
      .send({ username: local.username, password: local.password })
      .expect(200);
    expect((await me(login.body.accessToken).expect(200)).body.authMethod).toBe('password');
  });

  it('gives an SSO-only account no password to change', async () => {
    const response = await request(api.url)
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${await token()}`)
      .send({ currentPassword: 'anything', newPassword: 'Mật-khẩu-mới-2025' })
      .expect(409);
    expect(response.body.code).toBe('PASSWORD_LOGIN_NOT_AVAILABLE');
  });

  it('answers 503 IDENTITY_PROVIDER_UNAVAILABLE when the key set cannot be fetched', async () => {
    const unreachable = await startApi(withOidc(`http://127.0.0.1:${await freePort()}/certs`));
    try {
      const response = await request(unreachable.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${await token()}`)
        .expect(503);
      expect(response.body.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    } finally {
      await unreachable.close();
    }
  });
});
