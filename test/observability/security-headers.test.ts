import request from 'supertest';
import type { AppConfig } from '@libs/config';
import { startApi, testConfig, validCase, type RunningApi } from '../support/stack';

function withOverrides(api: Partial<AppConfig['api']>, http: Partial<AppConfig['http']> = {}): AppConfig {
  const config = testConfig();
  return { ...config, api: { ...config.api, ...api }, http: { ...config.http, ...http } };
}

describe('security headers and body limits', () => {
  let plain: RunningApi;
  let https: RunningApi;

  beforeAll(async () => {
    [plain, https] = await Promise.all([
      startApi(withOverrides({ publicUrl: 'http://127.0.0.1:3000' }, { bodyLimitBytes: 4096 })),
      startApi(withOverrides({ publicUrl: 'https://xinykien.example.gov.vn' })),
    ]);
  });

  afterAll(async () => {
    await Promise.all([plain?.close(), https?.close()]);
  });

  it('gives API answers, errors included, a deny-all CSP and no-store, and no framework fingerprint', async () => {
    for (const response of [
      await request(plain.url).get('/api/health'),
      await request(plain.url).get('/api/cases/00000000-0000-0000-0000-000000000000').expect(401),
      await request(plain.url).get('/api/no-such-thing').expect(404),
    ]) {
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
    }
  });

  it('lets Swagger UI run on /api/docs only: its own scripts, inline styles, cacheable', async () => {
    const page = await request(plain.url).get('/api/docs').expect(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers['cache-control']).not.toBe('no-store');
    // Every script of the page is a file of its own, which is what lets the policy refuse inline scripts.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src=/);
      expect(body.trim()).toBe('');
    }
    const asset = await request(plain.url).get('/api/docs/swagger-ui-init.js').expect(200);
    expect(asset.headers['content-security-policy']).toBe(csp);
  });

  it('sends Strict-Transport-Security only when the public URL is https', async () => {
    const secure = await request(https.url).get('/api/health');
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const insecure = await request(plain.url).get('/api/health');
    expect(insecure.headers['strict-transport-security']).toBeUndefined();
  });

  it('refuses JSON bodies over API_BODY_LIMIT with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(plain.url)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...validCase, description: 'x'.repeat(5000) }))
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    // Within the limit the body reaches validation (and is refused there for its own reasons).
    await request(plain.url)
      .post('/api/auth/login')
      .send({ username: 'a', password: 'x'.repeat(3000) })
      .expect(400);
  });
});
