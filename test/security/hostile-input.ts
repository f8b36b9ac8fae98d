import fc from 'fast-check';
import type { SchemaObject } from './openapi';

// ---- hostile values -------------------------------------------------------------------------------------------------

export const SQL_INJECTION = [
  "' OR 1=1 --",
  '"; DROP TABLE cases; --',
  "1' OR '1'='1",
  "'; SELECT pg_sleep(10); --",
  "' UNION SELECT password_hash, username FROM users --",
  "%' OR '%'='",
  "\\'; DELETE FROM case_events; --",
  '$1',
  ':caseScopeProvinceCodes',
  "admin'--",
  '") OR ("1"="1',
  "'::uuid",
];

export const SCRIPT_INJECTION = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '<svg/onload=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '${process.exit(1)}',
  '=HYPERLINK("http://evil","x")',
  ']]><!--',
];

export const UNICODE_EDGES = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\u200F\u202Eevil\u202C',
  'a\u200Db',
  '\u200B',
  '👩‍👩‍👧‍👦',
  '🇻🇳',
  'e\u0301\u0302\u0303\u0304\u0305',
  'Nguye\u0302\u0303n Va\u0306n A\u0300n',
  '\uFEFFbom',
  '\uFFFE\uFFFF',
  '\u2028\u2029',
  '\r\n\r\n',
  '\u00A0\u3000',
  '０１２',
  '٠١٢',
  'İıßǅ',
  '\u001B[31mred',
  '💩'.repeat(60),
];

export const NUMERIC_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '-0',
  '0x10',
  '1_000',
  ' 1',
  '1 ',
  '',
  '+1',
  '9'.repeat(400),
  '1.5',
  'null',
  'undefined',
  'true',
];

/** Strings Date.parse reads as instants but PostgreSQL does not (or reads differently). */
export const DATE_TRICKS = [
  '1',
  '0',
  '-1',
  '2025',
  'June 5',
  'Tuesday 1',
  '2025-02-30',
  '2025-02-30T00:00:00.000000Z',
  '2025-01-01T24:00:00.000000Z',
  '0000-01-01T00:00:00.000000Z',
  '+275760-09-13T00:00:00.000Z',
  '2025-01-01T00:00:00.000000+99:99',
];

export const PATH_TRICKS = ['../../etc/passwd', '..', '.', '%2e%2e%2f', '\\', '?x=1', '#frag', '&a=b', ';a=b', '*'];

const SHORT_HOSTILE = [
  ...SQL_INJECTION,
  ...SCRIPT_INJECTION,
  ...UNICODE_EDGES,
  ...NUMERIC_STRINGS,
  ...DATE_TRICKS,
  ...PATH_TRICKS,
];

/** Strings meant to break parsers, queries, encodings and renderers. `maxLength` bounds the long ones. */
export function hostileString(maxLength = 100_000): fc.Arbitrary<string> {
  const long = ['A'.repeat(5_000), 'é'.repeat(20_001), 'x'.repeat(100_000)].filter((text) => text.length <= maxLength);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...SHORT_HOSTILE) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...SHORT_HOSTILE), fc.string({ maxLength: 8 }), fc.constantFrom(...SHORT_HOSTILE))
        .map(([a, b, c]) => `${a}${b}${c}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...(long.length > 0 ? long : ['A'.repeat(maxLength)])) },
  );
}

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 2 ** 31, -1, 0, -0, 1.5, 1e-300, 4294967296),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { a: value };
  return value;
}

/** Any JSON value, with a bias towards the nasty ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString(20_000) },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(50, 500, 3000), fc.boolean())
      .map(([depth, asArray]) => nested(depth, 'deep', asArray)),
  },
  { weight: 1, arbitrary: fc.array(hostileString(200), { maxLength: 5 }) },
);

// ---- values from a schema -------------------------------------------------------------------------------------------

/** A value the schema describes as valid: its example, default or first enum value, else something plain. */
export function exampleValue(schema: SchemaObject): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type ?? '') {
    case 'string':
      switch (schema.format ?? '') {
        case 'date':
          return '2025-08-20';
        case 'date-time':
          return '2025-08-20T08:00:00+07:00';
        case 'uuid':
          return '8c1f5a2e-3b8c-4a7e-9a43-2f7d2a9b1c00';
        case 'password':
          return 'Mật-khẩu-kiểm-thử-2025';
        default:
          return 'Nội dung kiểm thử';
      }
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [exampleValue(schema.items)] : [];
    case 'object':
      return objectExample(schema, true);
    default:
      return 'x';
  }
}

function objectExample(schema: SchemaObject, withOptional: boolean): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([name]) => withOptional || required.has(name))
      .map(([name, property]) => [name, exampleValue(property)]),
  );
}

/** Values of the wrong JSON type for a property (never null: null is "absent" for optional fields). */
function wrongTypeValues(schema: SchemaObject): unknown[] {
  switch (schema.type ?? '') {
    case 'string':
      return [42, -1.5, true, false, {}, [], ['x'], { toString: 'x' }];
    case 'number':
    case 'integer':
      return ['1', '', 'NaN', true, {}, [], [1]];
    case 'boolean':
      return ['true', 'false', 1, 0, {}, [], 'yes'];
    case 'array':
      return ['x', 1, true, { 0: 'x', length: 1 }];
    case 'object':
      return ['x', 1, true, [], [{}]];
    default:
      return [];
  }
}

/** Sets a key as an own property even when it is `__proto__`, so JSON.stringify writes it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', '$where', 'isAdmin', 'roles', '', ' ', 'a.b', '\u0000'];

/** Random damage: hostile values, removed fields, nulls, odd keys. The result may still happen to be valid. */
function chaos(schema: SchemaObject): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(schema.properties ?? {});
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), key: fc.constantFrom(...names, 'x'), value: hostileValue }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom(...names, 'x') }),
    fc.record({ kind: fc.constant('null' as const), key: fc.constantFrom(...names, 'x') }),
    fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom(...NASTY_KEYS), value: hostileValue }),
  );
  return fc.tuple(fc.boolean(), fc.array(edit, { maxLength: 3 })).map(([withOptional, edits]) => {
    const body = objectExample(schema, withOptional);
    for (const step of edits) {
      if (step.kind === 'delete') delete body[step.key];
      else if (step.kind === 'null') setOwn(body, step.key, null);
      else setOwn(body, step.key, step.value);
    }
    return body;
  });
}

/**
 * A body the endpoint must refuse whatever else it contains: chaos, then one violation that holds for every DTO
 * behind the global validation pipe (unknown fields are refused; every typed field checks its JSON type), or a
 * top-level value that is not an object.
 */
export function invalidBody(schema: SchemaObject): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const typed = Object.entries(properties).filter(([, property]) => wrongTypeValues(property).length > 0);
  const violations: fc.Arbitrary<(body: Record<string, unknown>) => unknown>[] = [
    fc
      .oneof(
        fc.constantFrom('isAdmin', 'status', 'raisedByUserId', 'roles_', 'xFuzz'),
        fc.string({ minLength: 1, maxLength: 12 }).map((name) => `x${name}`),
      )
      .filter((name) => !(name in properties))
      .chain((name) => hostileValue.map((value) => (body: Record<string, unknown>) => ({ ...body, [name]: value }))),
    fc.constantFrom(
      (body: Record<string, unknown>) => [body],
      () => [],
      (body: Record<string, unknown>) => [body, body],
    ),
  ];
  if (typed.length > 0) {
    violations.push(
      fc
        .constantFrom(...typed)
        .chain(([name, property]) =>
          fc
            .constantFrom(...wrongTypeValues(property))
            .map((value) => (body: Record<string, unknown>) => ({ ...body, [name]: value })),
        ),
    );
  }
  return fc.tuple(chaos(schema), fc.oneof(...violations)).map(([body, violate]) => violate(body));
}

/** Anything at all in a JSON body: chaos on the schema's example, or an arbitrary hostile value. */
export function anyBody(schema: SchemaObject | null): fc.Arbitrary<unknown> {
  const free = fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...NASTY_KEYS, 'a', 'b'), hostileValue));
  return schema?.properties ? fc.oneof(chaos(schema), invalidBody(schema), free) : free;
}

/**
 * Free text: a string without enum, pattern or format whose example (if any) reads like prose (has a space), so it
 * is not a code, a date or a name of something. Titles, descriptions, notes, reasons, display names.
 */
function isFreeText(property: SchemaObject): boolean {
  if (property.type !== 'string' || property.enum || property.pattern || property.format) return false;
  return typeof property.example !== 'string' || /\s/.test(property.example);
}

/**
 * A body of the right shape whose free-text fields carry hostile text of an allowed length; every other field keeps
 * its example. Such a body is meant to be accepted.
 */
export function plausibleBody(schema: SchemaObject): fc.Arbitrary<Record<string, unknown>> {
  const targets = Object.entries(schema.properties ?? {})
    .filter(([, property]) => isFreeText(property))
    .map(([name]) => name);
  return fc
    .tuple(
      fc.boolean(),
      fc.subarray(targets, { minLength: Math.min(1, targets.length) }),
      fc.array(hostileString(300), { minLength: targets.length, maxLength: targets.length }),
    )
    .map(([withOptional, chosen, texts]) => {
      const body = objectExample(schema, withOptional);
      chosen.forEach((name, index) => {
        const limit = schema.properties?.[name]?.maxLength ?? 300;
        body[name] = `${texts[index]} ${name}`.slice(-limit);
      });
      return body;
    });
}

export const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a': 1}",
  '{"a": NaN}',
  '{"a": Infinity}',
  '{"a": undefined}',
  '{a: 1}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\u0000"}',
  '[1,2',
  '"just a string"',
  'null',
  'true',
  '12',
  '\uFEFF{"a":',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '//comment\n{}',
  '{"__proto__": {"polluted": true}',
  '{"a":"' + 'x'.repeat(1000),
  ']',
  '\u0000',
  '{"a":1e99999}x',
];

/** Percent-encodes every UTF-16 code unit; lone surrogates become the bytes WTF-8 would write (never valid UTF-8). */
export function percentEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(index + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(index, index + 2));
      index += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[index]);
    }
  }
  return out;
}

/** Path segments and query values that are not valid percent-encoding, or decode to something odd. */
export const MISENCODED = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '%ED%A0%80', '%FF%FE', '%u0041', '%%41', '%2'];
