import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { METHODS } from 'node:http';
import request from 'supertest';
import { createUser, loginAs, type TestUser } from '../support/auth';
import { eventually, type validCase } from '../support/stack';
import { inParallel, raiseCase } from './case-fixtures';
import { busyWorkflows, fingerprintDiff, settledFingerprint, wedgedWorkflows, type Fingerprint } from './fingerprint';
import {
  anyBody,
  DATE_TRICKS,
  exampleValue,
  hostileString,
  invalidBody,
  MALFORMED_JSON,
  MISENCODED,
  percentEncode,
  plausibleBody,
} from './hostile-input';
import { startIsolatedStack, type IsolatedStack } from './isolated-stack';
import { fetchOpenApi, operationsOf, type OpenApiParameter, type Operation } from './openapi';
import { describeRequest, sendRaw, type RawRequest, type RawResponse } from './raw-http';

/**
 * Thousands of malformed, oversized, wrongly typed and hostile requests to every operation of the live OpenAPI
 * document, as an admin, as an official and anonymously, against a stack with a database and a Temporal namespace
 * of its own. Whatever arrives: no 5xx, every error in the common shape, and
 * - phase 1 (requests that must be refused, or cannot change anything by construction: bodies that break the DTO
 *   contract, unknown or hostile ids, actors the endpoint refuses, wrong content types, oversized bodies, odd
 *   methods) leaves the database and Temporal exactly as they were;
 * - phase 2 (well-formed requests carrying hostile text to real resources) may change things, but every accepted
 *   case is recorded with its text intact, no workflow is left failing its activities, and the new workflows are
 *   exactly the accepted cases.
 * Reproduce with FUZZ_SEED=<seed printed below>; FUZZ_RUNS sets the runs per operation and actor.
 */

function integerFromEnv(name: string, fallback: number, minimum: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < minimum)
    throw new Error(`${name} must be an integer ≥ ${minimum}: "${raw}"`);
  return value;
}

const SEED = integerFromEnv('FUZZ_SEED', 20250820, -(2 ** 31));
const RUNS = integerFromEnv('FUZZ_RUNS', 40, 1);
const BODY_LIMIT = 256 * 1024;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
/** Methods Node's HTTP parser accepts; CONNECT is a tunnel, not a request. */
const ODD_METHODS = METHODS.filter((method) => method !== 'CONNECT');

type ActorName = 'admin' | 'official' | 'anonymous';
const ACTORS: ActorName[] = ['admin', 'official', 'anonymous'];

interface Built {
  raw: RawRequest;
  category: string;
  /** Built so that it cannot change anything even if the API accepted it (reads, no-ops, refused callers). */
  harmlessIfAccepted: boolean;
  /** The only statuses that are right for this request, when the category fixes them (e.g. 413 for a huge body). */
  expect?: number[];
}

interface Anomaly {
  phase: string;
  kind: '5xx' | 'error shape' | 'internal detail leaked' | 'no answer' | 'accepted though invalid' | 'wrong status';
  operation: string;
  actor: ActorName;
  category: string;
  request: string;
  response: string;
  status: number;
}

class Tally {
  readonly perOperation = new Map<string, Map<string, number>>();
  readonly statuses = new Map<number, number>();
  total = 0;

  add(operation: string, status: number): void {
    this.total += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const row = this.perOperation.get(operation) ?? new Map<string, number>();
    row.set(String(status), (row.get(String(status)) ?? 0) + 1);
    this.perOperation.set(operation, row);
  }

  report(title: string, seconds: number): string {
    const width = Math.max(...[...this.perOperation.keys()].map((key) => key.length), 10);
    const rows = [...this.perOperation.entries()].map(([key, row]) => {
      const sent = [...row.values()].reduce((sum, n) => sum + n, 0);
      const spread = [...row.entries()]
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
      return `  ${key.padEnd(width)} ${String(sent).padStart(5)}  ${spread}`;
    });
    const distribution = [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    return `${title}: ${this.total} requests in ${seconds.toFixed(1)} s (seed ${SEED}, ${RUNS} runs per operation and actor)\n  status distribution: ${distribution}\n${rows.join('\n')}`;
  }
}

/** What in an error body would betray internals (stack frames, driver errors, file paths). */
const INTERNALS = /QueryFailedError|TypeORMError|node_modules|\n\s+at |\.(ts|js):\d+:\d+|ECONNREFUSED/;

function checkResponse(raw: RawRequest, response: RawResponse): Anomaly['kind'] | null {
  if (response.status >= 500) return '5xx';
  if (response.status < 400 || raw.method === 'HEAD') return null;
  const body = response.json as Record<string, unknown> | undefined;
  const wellShaped =
    typeof body === 'object' &&
    body !== null &&
    body.statusCode === response.status &&
    typeof body.code === 'string' &&
    UPPER_SNAKE.test(body.code) &&
    typeof body.message === 'string' &&
    body.message.trim() !== '';
  if (!wellShaped) return 'error shape';
  if (INTERNALS.test(response.text)) return 'internal detail leaked';
  return null;
}

describe('fuzz: hostile input to every endpoint', () => {
  let stack: IsolatedStack;
  let operations: Operation[];
  const tokens = new Map<ActorName, string>();
  const tokenNames = new Map<string, string>();
  const anomalies: Anomaly[] = [];
  const reports: string[] = [];
  /** (operation, actor) pairs the API refuses before looking at the request (401/403 from the guards). */
  const refusedByGuard = new Set<string>();
  let victim: TestUser;
  let victimPolicy: string;
  let ownCase: string;
  let foreignCase: string;
  let phaseTwoCases: string[];

  beforeAll(async () => {
    stack = await startIsolatedStack('fuzz');
    const { db, api } = stack;
    const [admin, officialUser, foreignOfficial, victimUser] = await Promise.all([
      createUser(db, { roles: ['admin'] }),
      createUser(db, { roles: ['official'], provinceCodes: ['01'] }),
      createUser(db, { roles: ['official'], provinceCodes: ['79'] }),
      createUser(db, { roles: ['personnel'] }),
    ]);
    victim = victimUser;
    const [adminSession, officialSession, foreignSession] = await Promise.all(
      [admin, officialUser, foreignOfficial].map((user) => loginAs(api.url, user.username, user.password!)),
    );
    tokens.set('admin', adminSession.accessToken);
    tokens.set('official', officialSession.accessToken);
    tokenNames.set(adminSession.accessToken, 'admin').set(officialSession.accessToken, 'official');

    const policy = await request(api.url)
      .post('/api/sla/policies')
      .set(adminSession.authHeader)
      .send({ policySet: 'fuzz-victim', allowanceSeconds: 28800 });
    if (policy.status !== 201) throw new Error(`policy fixture: ${policy.status} ${JSON.stringify(policy.body)}`);
    victimPolicy = policy.body.id;
    [ownCase, foreignCase, ...phaseTwoCases] = await inParallel(
      [
        () => raiseCase(api.url, officialSession),
        () => raiseCase(api.url, foreignSession, { provinceCode: '79', communeCode: '26732' }),
        ...Array.from({ length: 6 }, () => () => raiseCase(api.url, officialSession)),
      ],
      4,
    );
    operations = operationsOf(await fetchOpenApi(api.url));

    // Which operations refuse the admin or the official whatever the request says? Asked with an unknown id and a
    // body no DTO accepts, so the question itself cannot change anything.
    for (const operation of operations.filter((op) => !['GET', 'HEAD'].includes(op.method))) {
      for (const actor of ['admin', 'official'] as const) {
        const { response } = await send(
          {
            raw: {
              method: operation.method,
              target: operation.path.replace(/\{[^}]+\}/g, `fuzz-${randomUUID()}`),
              headers: { Authorization: `Bearer ${tokens.get(actor)}`, 'Content-Type': 'application/json' },
              body: Buffer.from('{"fuzzGuardProbe":true}'),
            },
            category: 'guard probe',
            harmlessIfAccepted: true,
          },
          'setup',
          operation.key,
          actor,
          null,
        );
        const code = (response?.json as { code?: string } | undefined)?.code;
        if (response && ['ROLE_NOT_ALLOWED', 'UNAUTHENTICATED'].includes(code ?? '')) {
          refusedByGuard.add(`${operation.key}|${actor}`);
        }
      }
    }
    // read-all and the like are no-ops only while nobody has unread notifications.
    const unread = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE read_at IS NULL`);
    expect(unread.rows[0].n).toBe(0);
    process.stdout.write(
      `[fuzz] seed ${SEED} (FUZZ_SEED to change), ${RUNS} runs per operation and actor (FUZZ_RUNS), ` +
        `${operations.length} operations from /api/docs-json\n`,
    );
  }, 120000);

  afterAll(async () => {
    if (reports.length > 0) console.log(reports.join('\n\n'));
    await stack?.close();
  });

  /** Sends one request, records what is wrong with the answer (if anything) and says whether it was right. */
  async function send(
    built: Built,
    phase: string,
    operation: string,
    actor: ActorName,
    tally: Tally | null,
  ): Promise<{ response: RawResponse | null; ok: boolean }> {
    const record = (kind: Anomaly['kind'], status: number, response: string) =>
      anomalies.push({
        phase,
        kind,
        operation,
        actor,
        category: built.category,
        request: describeRequest(built.raw, tokenNames),
        response,
        status,
      });
    let response: RawResponse;
    try {
      response = await sendRaw(stack.api.url, built.raw);
    } catch (error) {
      record('no answer', 0, String(error));
      return { response: null, ok: false };
    }
    tally?.add(operation, response.status);
    let kind = checkResponse(built.raw, response);
    const mutating = !['GET', 'HEAD', 'OPTIONS'].includes(built.raw.method);
    if (!kind && built.expect && !built.expect.includes(response.status)) kind = 'wrong status';
    if (!kind && phase === 'phase 1' && mutating && !built.harmlessIfAccepted && response.status < 300) {
      kind = 'accepted though invalid';
    }
    if (kind) record(kind, response.status, `${response.status} ${response.text.slice(0, 500)}`);
    return { response, ok: kind === null };
  }

  // ---- building requests --------------------------------------------------------------------------------------------

  /**
   * Real values of a path parameter: resources of the fixtures that exist (the foreign case exists too, outside the
   * official's scope). A well-formed body only goes to them from callers that are refused anyway.
   */
  function realValues(operation: Operation, parameter: OpenApiParameter): string[] {
    if (operation.path.startsWith('/api/cases/{id}')) return [ownCase, foreignCase];
    if (operation.path.startsWith('/api/users/{id}')) return [victim.id];
    if (operation.path.startsWith('/api/sla/policies/{id}')) return [victimPolicy, 'default.normal'];
    if (parameter.name === 'calendarId') return ['vn-civil-service', 'always-working'];
    if (parameter.name === 'date') return ['2026-02-16', '2199-12-31'];
    if (operation.path.startsWith('/api/reference/fields/{code}')) return ['civil_service', 'youth'];
    if (operation.path.startsWith('/api/notifications/{id}')) return ['0f0e0d0c-0b0a-4908-8706-050403020100'];
    const example = parameter.schema?.example;
    return [typeof example === 'string' ? example : 'x'];
  }

  /** Values that name nothing that exists (so even a valid body has nothing to act on). */
  const unknownValue: fc.Arbitrary<string> = fc.oneof(
    fc.uuid().map((id) => encodeURIComponent(id)),
    hostileString(1500).map((text) => percentEncode(text)),
    fc.constantFrom(...MISENCODED),
    fc.string({ maxLength: 20 }).map((text) => percentEncode(`fuzz-${text}`)),
  );

  function realPath(operation: Operation): fc.Arbitrary<string> {
    if (operation.pathParams.length === 0) return fc.constant(operation.path);
    const values = operation.pathParams.map((parameter) =>
      fc.constantFrom(...realValues(operation, parameter)).map((value) => encodeURIComponent(value)),
    );
    return fc.tuple(...values).map((encoded) => {
      let index = 0;
      return operation.path.replace(/\{[^}]+\}/g, () => encoded[index++]);
    });
  }

  /** At least one path parameter names nothing that exists, so even a valid body has nothing to act on. */
  function unknownPath(operation: Operation): fc.Arbitrary<string> {
    return fc
      .tuple(
        unknownValue,
        fc.tuple(
          ...operation.pathParams.map((parameter) =>
            fc.oneof(
              unknownValue,
              fc.constantFrom(...realValues(operation, parameter)).map((v) => encodeURIComponent(v)),
            ),
          ),
        ),
        fc.nat({ max: operation.pathParams.length - 1 }),
      )
      .map(([unknown, others, position]) => {
        let index = 0;
        return operation.path.replace(/\{[^}]+\}/g, () => {
          const value = index === position ? unknown : others[index];
          index += 1;
          return value;
        });
      });
  }

  /**
   * Query strings: "chaos" breaks any number of parameters at once; "focused" breaks one and keeps the others valid
   * or absent, so the request gets past validation of the rest and reaches the code behind it.
   */
  function queryArbitrary(operation: Operation): fc.Arbitrary<string> {
    const parameters = operation.queryParams.map((parameter) => {
      const schema = parameter.schema ?? {};
      const valid = schema.enum && schema.enum.length > 0 ? schema.enum.map(String) : [String(exampleValue(schema))];
      const name = parameter.name;
      const validValue = fc.constantFrom(...valid).map((value) => `${name}=${encodeURIComponent(value)}`);
      const hostile: fc.WeightedArbitrary<string>[] = [
        { weight: 3, arbitrary: hostileString(1500).map((value) => `${name}=${percentEncode(value)}`) },
        { weight: 1, arbitrary: fc.constantFrom(...MISENCODED).map((value) => `${name}=${value}`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...valid).map((value) => {
            const encoded = encodeURIComponent(value);
            return `${name}=${encoded}&${name}=${encoded}`;
          }),
        },
        { weight: 1, arbitrary: fc.constantFrom(`${name}[a]=1`, name, `${name}=`) },
      ];
      if (/cursor/i.test(name)) {
        // A cursor is base64url("<instant>|<id>"): keep the grammar, break the parts.
        hostile.push({
          weight: 4,
          arbitrary: fc
            .tuple(fc.oneof(fc.constantFrom(...DATE_TRICKS), hostileString(100)), fc.uuid())
            .map(([text, id]) => `${name}=${Buffer.from(`${text}|${id}`).toString('base64url')}`),
        });
      }
      return { validValue, hostile: fc.oneof(...hostile) };
    });
    const extra = fc.oneof(
      fc.constantFrom('x=1', 'limit=-1', 'offset=1e309', '__proto__[x]=1', 'constructor=1', '&&&', '=', '%00=%00'),
      hostileString(200).map((value) => `${percentEncode(value)}=${percentEncode(value)}`),
    );
    const join = (parts: (string | null)[]) => {
      const present = parts.filter((part): part is string => part !== null);
      return present.length > 0 ? `?${present.join('&')}` : '';
    };
    const chaos = fc
      .tuple(
        fc.tuple(
          ...parameters.map(({ validValue, hostile }) => fc.option(fc.oneof(validValue, hostile), { nil: null })),
        ),
        fc.option(extra, { nil: null }),
      )
      .map(([parts, more]) => join([...parts, more]));
    if (parameters.length === 0) return chaos;
    const focused = fc
      .nat({ max: parameters.length - 1 })
      .chain((focus) =>
        fc
          .tuple(
            ...parameters.map(({ validValue, hostile }, index) =>
              index === focus ? hostile : fc.option(validValue, { nil: null }),
            ),
          )
          .map(join),
      );
    return fc.oneof({ weight: 1, arbitrary: chaos }, { weight: 2, arbitrary: focused });
  }

  const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 2000);

  function headersArbitrary(actor: ActorName, tamper: boolean): fc.Arbitrary<Record<string, string>> {
    const authorization: fc.Arbitrary<string | null> =
      actor === 'anonymous' || tamper
        ? fc.oneof(
            fc.constant(null),
            fc.constantFrom(
              'Bearer',
              'Bearer ',
              'Basic YWRtaW46YWRtaW4=',
              'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
              'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x',
              `Bearer ${'a'.repeat(4000)}`,
              'bearer null',
            ),
            // One character of a real token changed; never the last one, whose low bits are base64url padding.
            fc
              .constantFrom(...[...tokens.values()])
              .chain((token) =>
                fc
                  .nat({ max: token.length - 2 })
                  .map((at) => `Bearer ${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`),
              ),
          )
        : fc.constant(`Bearer ${tokens.get(actor)}`);
    const optional = (name: string, values: fc.Arbitrary<string>) =>
      fc.option(
        values.map((value) => [name, printable(value)] as const),
        { nil: null, freq: 3 },
      );
    return fc
      .tuple(
        authorization,
        optional('Accept-Language', fc.oneof(fc.constantFrom('en', 'vi;q=NaN,en;q=1e9', '*', ''), hostileString(200))),
        optional('X-Request-Id', hostileString(300)),
        optional('Idempotency-Key', fc.oneof(fc.uuid(), hostileString(300))),
        optional('Origin', fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1:1')),
        optional('X-Forwarded-For', fc.constantFrom('1.2.3.4', "' OR 1=1", '::1, 10.0.0.1')),
      )
      .map(([auth, ...extras]) => {
        const headers: Record<string, string> = {};
        if (auth !== null) headers.Authorization = auth;
        for (const extra of extras) if (extra) headers[extra[0]] = extra[1];
        return headers;
      });
  }

  const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');

  /**
   * Phase 1: every request is refused by construction, or harmless whatever the answer. Where the caller may
   * use the endpoint and the path names real resources, the body breaks the DTO contract; a well-formed body only
   * travels with an unknown id, a refused caller, or to a read.
   */
  function refusedRequest(operation: Operation, actor: ActorName): fc.Arbitrary<Built> {
    const mutating = !['GET', 'HEAD'].includes(operation.method);
    const noop = mutating && operation.pathParams.length === 0 && !operation.bodySchema;
    const lifecycleRefused = actor === 'admin' && /^POST \/api\/cases\/\{id\}\/[a-z-]+$/.test(operation.key);
    // Credentials the fuzz makes up never match: sign-in, refresh, logout and password changes cannot succeed.
    const harmless =
      !mutating ||
      (actor === 'anonymous' && operation.secured) ||
      operation.path.startsWith('/api/auth/') ||
      refusedByGuard.has(`${operation.key}|${actor}`) ||
      lifecycleRefused ||
      noop;
    const schema = operation.bodySchema;
    const definedOnPath = operations.filter((other) => other.path === operation.path).map((other) => other.method);
    const query = queryArbitrary(operation);
    const secured = actor !== 'anonymous';

    const structured: fc.Arbitrary<Built> = fc
      .tuple(operation.pathParams.length > 0 ? fc.boolean() : fc.constant(false), headersArbitrary(actor, false), query)
      .chain(([unknownId, headers, search]) => {
        const path = unknownId ? unknownPath(operation) : realPath(operation);
        const safeToBeValid = harmless || unknownId;
        let body: fc.Arbitrary<unknown>;
        if (!mutating) body = fc.option(anyBody(schema), { nil: undefined, freq: 4 });
        else if (schema) body = safeToBeValid ? anyBody(schema) : invalidBody(schema);
        else if (safeToBeValid) body = fc.option(anyBody(null), { nil: undefined });
        else return unknownPath(operation).map((p) => ({ path: p, headers, search, body: undefined, unknownId: true }));
        return fc.tuple(path, body).map(([p, b]) => ({ path: p, headers, search, body: b, unknownId }));
      })
      .map(({ path, headers, search, body, unknownId }) => ({
        raw: {
          method: operation.method,
          target: `${path}${search}`,
          headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : json(body),
        },
        category: unknownId ? 'hostile ids' : mutating && schema && !harmless ? 'invalid body' : 'hostile input',
        harmlessIfAccepted: harmless || unknownId,
      }));

    const ownPath = realPath(operation);
    const example = schema ? exampleValue(schema) : { fuzz: true };
    const exampleText = JSON.stringify(example);
    // Methods that carry a body; the JSON-only check and the parser refuse before any route runs.
    const bodyMethod = ['POST', 'PUT', 'PATCH'].includes(operation.method) ? operation.method : 'POST';
    const malformed: fc.Arbitrary<Built> = fc
      .tuple(
        ownPath,
        headersArbitrary(actor, false),
        fc.oneof(
          fc.constantFrom(...MALFORMED_JSON),
          fc.integer({ min: 1, max: Math.max(1, exampleText.length - 1) }).map((cut) => exampleText.slice(0, cut)),
        ),
      )
      .map(([path, headers, text]) => ({
        raw: {
          method: bodyMethod,
          target: path,
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: Buffer.from(text, 'utf8'),
        },
        category: 'malformed JSON',
        harmlessIfAccepted: false,
        expect: [400],
      }));
    // These three are refused by middleware before routing, authentication or validation.
    const wrongType: fc.Arbitrary<Built> = fc
      .tuple(
        ownPath,
        headersArbitrary(actor, false),
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=fuzz',
          'application/xml',
          'application/octet-stream',
          'application/json; charset=iso-8859-1',
          'application/jsonp',
          'text/json',
          '',
          null,
        ),
      )
      .map(([path, headers, type]) => {
        const withType: Record<string, string> = { ...headers };
        if (type !== null) withType['Content-Type'] = type;
        return {
          raw: { method: bodyMethod, target: path, headers: withType, body: json(example) },
          category: 'wrong content type',
          harmlessIfAccepted: false,
          expect: [415],
        };
      });
    const oversized: fc.Arbitrary<Built> = fc
      .tuple(ownPath, headersArbitrary(actor, false), fc.integer({ min: 1, max: 64 * 1024 }))
      .map(([path, headers, extra]) => {
        const padded = { ...(typeof example === 'object' ? example : {}), padding: 'x'.repeat(BODY_LIMIT + extra) };
        return {
          raw: {
            method: bodyMethod,
            target: path,
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: json(padded),
          },
          category: 'oversized body',
          harmlessIfAccepted: false,
          expect: [413],
        };
      });
    const oddMethods = ODD_METHODS.filter((method) => !definedOnPath.includes(method) && method !== 'HEAD');
    const oddMethod: fc.Arbitrary<Built> = fc
      .tuple(ownPath, headersArbitrary(actor, false), fc.constantFrom(...oddMethods), fc.boolean())
      .map(([path, headers, method, withBody]) => ({
        raw: {
          method,
          target: path,
          headers: withBody ? { ...headers, 'Content-Type': 'application/json' } : headers,
          body: withBody ? json(example) : undefined,
        },
        category: 'odd method',
        harmlessIfAccepted: true,
      }));
    const tampered: fc.Arbitrary<Built> = fc
      .tuple(ownPath, headersArbitrary(actor, true), query)
      .map(([path, headers, search]) => ({
        raw: {
          method: operation.method,
          target: `${path}${search}`,
          headers: mutating ? { ...headers, 'Content-Type': 'application/json' } : headers,
          body: mutating ? json(example) : undefined,
        },
        category: 'forged token',
        harmlessIfAccepted: false,
        expect: [401],
      }));

    const arbitraries = [
      { weight: 8, arbitrary: structured },
      { weight: 1, arbitrary: malformed },
      { weight: 1, arbitrary: wrongType },
      { weight: 1, arbitrary: oddMethod },
    ];
    if (operation.method !== 'GET') arbitraries.push({ weight: 1, arbitrary: oversized });
    // A forged token on a public endpoint is just an anonymous request; everywhere else it must answer 401.
    if (secured && operation.secured) arbitraries.push({ weight: 1, arbitrary: tampered });
    return fc.oneof(...arbitraries);
  }

  /** Phase 2: real resources, the caller allowed, a body of the right shape with hostile free text. */
  function plausibleRequest(operation: Operation, actor: ActorName): fc.Arbitrary<Built> {
    const phaseTwoValue = (parameter: OpenApiParameter): fc.Arbitrary<string> => {
      if (operation.path.startsWith('/api/cases/{id}')) return fc.constantFrom(...phaseTwoCases);
      if (operation.path.startsWith('/api/users/{id}')) return fc.constant(victim.id);
      if (operation.path.startsWith('/api/sla/policies/{id}')) return fc.constant(victimPolicy);
      if (parameter.name === 'date')
        return fc.integer({ min: 1, max: 28 }).map((d) => `2199-02-${`${d}`.padStart(2, '0')}`);
      return fc.constantFrom(...realValues(operation, parameter));
    };
    const path = fc.tuple(...operation.pathParams.map((parameter) => phaseTwoValue(parameter))).map((values) => {
      let index = 0;
      return operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[index++]));
    });
    const body = operation.bodySchema ? plausibleBody(operation.bodySchema) : fc.constant(undefined);
    return fc.tuple(path, body, headersArbitrary(actor, false)).map(([target, payload, headers]) => ({
      raw: {
        method: operation.method,
        target,
        headers: payload === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        body: payload === undefined ? undefined : json(payload),
      },
      category: 'hostile text, valid shape',
      harmlessIfAccepted: true,
    }));
  }

  // ---- running ------------------------------------------------------------------------------------------------------

  /** A stable per-property seed, so adding an operation does not reshuffle the others. */
  function seedFor(phase: string, key: string): number {
    let hash = SEED;
    for (const char of `${phase}|${key}`) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
    return hash;
  }

  async function runProperties(
    phase: string,
    jobs: { operation: Operation; actor: ActorName; arbitrary: fc.Arbitrary<Built>; runs: number }[],
    tally: Tally,
    onResponse?: (operation: Operation, built: Built, response: RawResponse) => void,
  ): Promise<string[]> {
    const failures: string[] = [];
    await inParallel(
      jobs.map(({ operation, actor, arbitrary, runs }) => async () => {
        const details = await fc.check(
          fc.asyncProperty(arbitrary, async (built) => {
            const { response, ok } = await send(built, phase, operation.key, actor, tally);
            if (response && onResponse) onResponse(operation, built, response);
            return ok;
          }),
          { seed: seedFor(phase, `${operation.key}|${actor}`), numRuns: runs, endOnFailure: true },
        );
        if (details.failed) {
          failures.push(
            `${operation.key} as ${actor}: FUZZ_SEED=${SEED}, property seed ${details.seed}, path ${details.counterexamplePath}`,
          );
        }
      }),
      4,
    );
    return failures;
  }

  function summarise(phase: string): string[] {
    const groups = new Map<string, Anomaly>();
    for (const anomaly of anomalies.filter((a) => a.phase === phase)) {
      const code = /"code":"([A-Z_0-9]+)"/.exec(anomaly.response)?.[1] ?? '';
      const key = `${anomaly.kind} | ${anomaly.operation} | ${anomaly.status} ${code}`;
      if (!groups.has(key)) groups.set(key, anomaly);
    }
    return [...groups.entries()].map(
      ([key, example]) =>
        `${key}\n    as ${example.actor} (${example.category}): ${example.request}\n    → ${example.response}`,
    );
  }

  it('phase 1: refused requests never answer 5xx, always in the error shape, and change nothing', async () => {
    const started = Date.now();
    const before = await settledFingerprint(stack.db, stack.temporal, stack.config.temporal.taskQueue);
    const tally = new Tally();
    const jobs = operations.flatMap((operation) =>
      ACTORS.map((actor) => ({ operation, actor, arbitrary: refusedRequest(operation, actor), runs: RUNS })),
    );
    const failures = await runProperties('phase 1', jobs, tally);
    const after = await settledFingerprint(stack.db, stack.temporal, stack.config.temporal.taskQueue);
    reports.push(tally.report('Fuzz phase 1 (requests that must change nothing)', (Date.now() - started) / 1000));
    process.stdout.write(`[fuzz] phase 1: ${tally.total} requests, ${failures.length} failing properties\n`);

    expect({
      anomalies: summarise('phase 1'),
      failingProperties: failures,
      changedByRefusedRequests: fingerprintDiff(before, after),
    }).toEqual({ anomalies: [], failingProperties: [], changedByRefusedRequests: [] });
    // Every operation was fuzzed as every actor (a property stops early only on a failure, reported above).
    expect(tally.perOperation.size).toBe(operations.length);
    expect(tally.total).toBeGreaterThanOrEqual(operations.length * ACTORS.length);
  }, 180000);

  it('phase 2: accepted hostile text is stored as sent, no workflow is left failing, nothing else is started', async () => {
    const started = Date.now();
    const taskQueue = stack.config.temporal.taskQueue;
    const before: Fingerprint = await settledFingerprint(stack.db, stack.temporal, taskQueue);
    // The comparison of phase 1 could not fail if a change that keeps every row count went unseen.
    await request(stack.api.url)
      .patch(`/api/users/${victim.id}`)
      .set({ Authorization: `Bearer ${tokens.get('admin')}` })
      .send({ displayName: 'Người bị đổi tên để kiểm tra dấu vân tay' })
      .expect(200);
    const renamed = await settledFingerprint(stack.db, stack.temporal, taskQueue);
    expect(fingerprintDiff(before, renamed)).toEqual([
      expect.stringMatching(/^table users: (\d+) → \1 rows, contents changed$/),
    ]);
    const tally = new Tally();
    const raised: { id: string; title: string; description: string }[] = [];
    /** Hostile text of accepted case actions, which must reach the case's event log unchanged. */
    const actedText: { caseId: string; action: string; field: string; text: string }[] = [];
    const jobs = operations
      .filter((operation) => !['GET', 'HEAD'].includes(operation.method))
      .flatMap((operation) =>
        (['admin', 'official'] as const)
          .filter((actor) => !refusedByGuard.has(`${operation.key}|${actor}`))
          .filter((actor) => !(actor === 'admin' && operation.path.startsWith('/api/cases/{id}')))
          .map((actor) => ({
            operation,
            actor,
            arbitrary: plausibleRequest(operation, actor),
            runs: RUNS,
          })),
      );
    const failures = await runProperties('phase 2', jobs, tally, (operation, built, response) => {
      if (operation.key === 'POST /api/cases' && response.status === 201) {
        const sent = JSON.parse(built.raw.body!.toString('utf8')) as typeof validCase;
        const id = (response.json as { id: string }).id;
        if (!raised.some((kase) => kase.id === id)) {
          raised.push({ id, title: sent.title.trim(), description: sent.description.trim() });
        }
      }
      const action = /^\/api\/cases\/([0-9a-f-]{36})\/([a-z-]+)$/.exec(built.raw.target);
      if (action && response.status === 200 && operation.bodySchema) {
        const sent = JSON.parse(built.raw.body!.toString('utf8')) as Record<string, unknown>;
        for (const [field, value] of Object.entries(sent)) {
          const example = exampleValue(operation.bodySchema.properties?.[field] ?? {});
          if (typeof value === 'string' && value !== example) {
            actedText.push({ caseId: action[1], action: action[2], field, text: value });
          }
        }
      }
    });

    // Every accepted case is recorded, with its text exactly as sent.
    const session = { Authorization: `Bearer ${tokens.get('official')}` };
    const stored = await Promise.all(
      raised.map(async (kase) => {
        try {
          const found = await eventually(async () => {
            const response = await request(stack.api.url).get(`/api/cases/${kase.id}`).set(session);
            return response.status === 200 ? (response.body as { title: string; description: string }) : undefined;
          }, 10000);
          return {
            id: kase.id,
            title: found.title === kase.title,
            description: found.description === kase.description,
          };
        } catch {
          return { id: kase.id, title: 'never recorded', description: 'never recorded' };
        }
      }),
    );
    const logged = new Map<string, Set<string>>();
    for (const caseId of new Set(actedText.map((entry) => entry.caseId))) {
      const events = await request(stack.api.url).get(`/api/cases/${caseId}/events`).set(session);
      const texts = new Set<string>();
      const collect = (value: unknown): void => {
        if (typeof value === 'string') texts.add(value);
        else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      };
      collect((events.body as { payload: unknown }[]).map((event) => event.payload));
      logged.set(caseId, texts);
    }
    const actionsNotLoggedAsSent = actedText.filter(
      ({ caseId, text }) => !logged.get(caseId)?.has(text) && !logged.get(caseId)?.has(text.trim()),
    );
    const wedged = await wedgedWorkflows(stack.temporal, taskQueue);
    await eventually(
      async () => ((await busyWorkflows(stack.temporal, taskQueue)).length === 0 ? true : undefined),
      15000,
    ).catch(() => undefined);
    const after = await settledFingerprint(stack.db, stack.temporal, taskQueue).catch(() => null);
    reports.push(tally.report('Fuzz phase 2 (well-formed requests with hostile text)', (Date.now() - started) / 1000));
    process.stdout.write(
      `[fuzz] phase 2: ${tally.total} requests, ${raised.length} cases and ${actedText.length} texts of actions accepted\n`,
    );

    expect({
      anomalies: summarise('phase 2'),
      failingProperties: failures,
      wedgedWorkflows: wedged,
      casesNotStoredAsSent: stored.filter((kase) => kase.title !== true || kase.description !== true),
      actionsNotLoggedAsSent,
      settled: after !== null,
    }).toEqual({
      anomalies: [],
      failingProperties: [],
      wedgedWorkflows: [],
      casesNotStoredAsSent: [],
      actionsNotLoggedAsSent: [],
      settled: true,
    });
    // The only new workflows are the accepted cases, and each has its projection row.
    expect({
      newWorkflows: after!.temporal.executions - renamed.temporal.executions,
      newCaseRows: after!.tables.cases.rows - renamed.tables.cases.rows,
    }).toEqual({ newWorkflows: raised.length, newCaseRows: raised.length });
  }, 180000);
});
