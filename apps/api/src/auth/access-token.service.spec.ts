import { decodeJwt } from 'jose';
import { loadAppConfig, type AppConfig } from '@libs/config';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenService } from './access-token.service';

const config = (env: NodeJS.ProcessEnv): AppConfig => loadAppConfig({ DATABASE_URL: 'postgres://x/y', ...env });

describe('AccessTokenService', () => {
  it('refuses to start in production without AUTH_JWT_SECRET', () => {
    expect(() => new AccessTokenService(config({ NODE_ENV: 'production' }))).toThrow(/AUTH_JWT_SECRET/);
  });

  it('issues HS256 tokens naming the user and the session, that two processes with the same secret both accept', async () => {
    const env = { NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(40) };
    const one = new AccessTokenService(config(env));
    const other = new AccessTokenService(config(env));
    const issued = await one.issue('a3d1c5c2-0000-4000-8000-000000000001', 'a3d1c5c2-0000-4000-8000-000000000002');
    expect(issued.expiresIn).toBe(900);
    expect(decodeJwt(issued.token)).toMatchObject({
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      sub: 'a3d1c5c2-0000-4000-8000-000000000001',
      sid: 'a3d1c5c2-0000-4000-8000-000000000002',
    });
    await expect(other.verify(issued.token)).resolves.toEqual({
      kind: 'local',
      userId: 'a3d1c5c2-0000-4000-8000-000000000001',
      sessionId: 'a3d1c5c2-0000-4000-8000-000000000002',
    });
    const stranger = new AccessTokenService(config({ NODE_ENV: 'production', AUTH_JWT_SECRET: 't'.repeat(40) }));
    await expect(stranger.verify(issued.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
