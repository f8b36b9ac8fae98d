import request from 'supertest';
import type { Client as PgClient } from 'pg';
import { asRole, type SignedIn, type TestUser } from '../support/auth';
import { pgClient, startApi, temporalClient, testConfig, validCase, type RunningApi } from '../support/stack';

describe('POST /api/cases refuses bad input and changes nothing', () => {
  const config = testConfig();
  let api: RunningApi;
  let db: PgClient;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let official: SignedIn & { user: TestUser };

  beforeAll(async () => {
    [api, db, temporal] = await Promise.all([startApi(config), pgClient(), temporalClient()]);
    official = await asRole(api.url, db, 'official', { provinceCodes: ['01'] });
  });

  const post = () => request(api.url).post('/api/cases').set(official.authHeader);

  afterAll(async () => {
    await Promise.all([api?.close(), db?.end(), temporal?.close()]);
  });

  // Only this suite's official raises cases here: other suites write to the same database at the same time.
  async function footprint() {
    const cases = await db.query('SELECT count(*)::int AS n FROM cases WHERE raised_by_user_id = $1', [
      official.user.id,
    ]);
    const events = await db.query('SELECT count(*)::int AS n FROM case_events WHERE actor_user_id = $1', [
      official.user.id,
    ]);
    const workflows = await temporal.client.workflow.count(`TaskQueue = '${config.temporal.taskQueue}'`);
    return { cases: cases.rows[0].n, events: events.rows[0].n, workflows: workflows.count };
  }

  const invalid: [string, Record<string, unknown>, string[]][] = [
    ['missing everything', {}, ['title', 'description', 'provinceCode', 'communeCode', 'field', 'priority']],
    ['blank title', { ...validCase, title: '   ' }, ['title']],
    ['title too long', { ...validCase, title: 'x'.repeat(301) }, ['title']],
    ['numeric province code', { ...validCase, provinceCode: 1 }, ['provinceCode']],
    ['malformed commune code', { ...validCase, communeCode: '123' }, ['communeCode']],
    ['field outside the Ministry (religion moved away in 2025)', { ...validCase, field: 'religion' }, ['field']],
    ['unknown priority', { ...validCase, priority: 'critical' }, ['priority']],
    ['unknown property', { ...validCase, status: 'closed' }, ['status']],
    [
      'several at once',
      { ...validCase, communeCode: 'abcde', priority: null, field: ['civil_service'] },
      ['communeCode', 'priority', 'field'],
    ],
  ];

  it.each(invalid)('%s → 400 VALIDATION_FAILED naming every offending field', async (_name, body, fields) => {
    const before = await footprint();
    const response = await post().send(body).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.statusCode).toBe(400);
    expect(typeof response.body.message).toBe('string');
    const named = new Set(response.body.errors.map((error: { field: string }) => error.field));
    expect([...named].sort()).toEqual([...fields].sort());
    for (const error of response.body.errors) {
      expect(error.message).toContain(error.field);
      expect(typeof error.code).toBe('string');
    }
    expect(await footprint()).toEqual(before);
  });

  it('speaks Vietnamese by default and English on request', async () => {
    const vi = await post()
      .send({ ...validCase, priority: 'x' })
      .expect(400);
    expect(vi.body.message).toMatch(/không hợp lệ/);
    expect(vi.headers['content-language']).toBe('vi');
    const en = await post()
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send({ ...validCase, priority: 'x' })
      .expect(400);
    expect(en.body.message).toMatch(/invalid/);
    expect(en.headers['content-language']).toBe('en');
  });

  it('refuses malformed JSON, non-JSON bodies and oversized bodies with stable codes', async () => {
    const before = await footprint();
    const malformed = await post().set('Content-Type', 'application/json').send('{"title": ').expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const form = await post().set('Content-Type', 'text/plain').send('title=x').expect(415);
    expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await post()
      .send({ ...validCase, description: 'x'.repeat(300 * 1024) })
      .expect(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const array = await post().send([validCase]).expect(400);
    expect(array.body.code).toBe('VALIDATION_FAILED');
    expect(await footprint()).toEqual(before);
  });
});
