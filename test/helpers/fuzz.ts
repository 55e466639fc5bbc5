/**
 * Arbitraries for the ingest fuzz test (packages/ingest/src/fuzz.test.ts).
 *
 * They generate small, printable *recipes* rather than bodies, so that a counterexample stays readable
 * even when the body it stands for is a 500 KB string, 200,000 nested brackets or a gzip bomb;
 * `toInject` turns a recipe into the options of `app.inject`. Kept out of packages/ so that no test
 * helper ships in a package build.
 */
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { METRIC_NAMES, METRIC_SCALES } from '@feedloop/schema';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { ORIGIN, PUBLIC_KEY } from './config.js';

/** The site's secret key in the fuzz config (`Authorization: Bearer …` for requests without an Origin). */
export const SECRET_KEY = 'sk_test_fuzz_0123456789abcdef';
/** The property a prototype-pollution payload tries to plant on `Object.prototype`. */
export const POLLUTION_SENTINEL = 'feedloopFuzzPolluted';

// ---------------------------------------------------------------------------------------------------------
// Recipes

export type Path = readonly string[];

export type Mutation =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  | { op: 'huge'; path: Path; length: number; char: string }
  /** Nesting is spliced in as text: building it as an object would overflow this helper's own JSON.stringify. */
  | { op: 'deep'; path: Path; depth: number; container: 'array' | 'object' }
  | { op: 'pollute'; path: Path; key: '__proto__' | 'constructor' | 'prototype' };

export interface EventRecipe {
  base: Record<string, unknown>;
  mutations: Mutation[];
}

export type BodyRecipe =
  | { kind: 'event'; event: EventRecipe }
  | { kind: 'batch'; items: (EventRecipe | { raw: unknown })[]; sentAt?: unknown; envelope: Mutation[] }
  /** A batch of `count` valid events around the 100-event limit. */
  | { kind: 'many'; count: number; seed: number }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'truncated'; of: BodyRecipe; keep: number }
  | { kind: 'bytes'; bytes: number[] }
  /** Already gzip: `{"batch":[` + `megabytes` of spaces + `]}`, a few KB that expand past the 500 KB limit. */
  | { kind: 'bomb'; megabytes: number }
  | { kind: 'empty' };

export type Compression = 'none' | 'gzip' | 'deflate' | 'br' | 'gzip-truncated' | 'gzip-twice' | 'gzip-trailing-garbage';

export interface RequestRecipe {
  method: 'POST' | 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD';
  path: string;
  query: string;
  contentType: string | undefined;
  /** How the body is really compressed, and what Content-Encoding says; the two may disagree. */
  encoding: { compression: Compression; header: string | undefined };
  /** A Content-Length that lies. */
  contentLength: 'short' | 'zero' | 'huge' | undefined;
  feedloopKey: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  forwardedFor: string | undefined;
  userAgent: string | undefined;
  remoteAddress: string;
  body: BodyRecipe;
}

// ---------------------------------------------------------------------------------------------------------
// Building blocks

/** Characters a real HTTP parser lets through in a header value: tab, visible ASCII, space and obs-text. */
const headerChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 1, arbitrary: fc.constant(0x09) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
).map((code) => String.fromCharCode(code));
export const headerGarbage = fc.string({ unit: headerChar, maxLength: 40 });

const unicode = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  // Lone surrogates, NUL, line and paragraph separators, RTL marks, a BOM.
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('\u0000', '\u2028\u2029', '\u202e\u200f', '\ufeff', '\ud800', '\udfff\ud800', '👩‍👩‍👧‍👦'.repeat(50), 'é'.normalize('NFD')),
);

/** ISO-8601-shaped timestamps, valid or off by one in any component. */
const isoLike = fc
  .record({
    year: fc.integer({ min: -1, max: 10_000 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.constantFrom('', '.000', '.5', '.123456789', '.'),
    zone: fc.constantFrom('Z', 'z', '+00:00', '-23:59', '+24:00', '+99:99', '', '+0530', ' UTC'),
  })
  .map(({ year, month, day, hour, minute, second, fraction, zone }) => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${zone}`;
  });

const validDate = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

const scalar = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean());
const smallMap = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), scalar, { maxKeys: 5 });

/** A metric and a value on its scale. */
const rating = fc
  .constantFrom(...METRIC_NAMES)
  .chain((metric) => fc.integer({ min: METRIC_SCALES[metric].min, max: METRIC_SCALES[metric].max }).map((value) => ({ metric, value })));

/** A wire event the schema accepts, with a random choice of the optional fields. */
export const validEvent: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      id: fc.uuid({ version: 4 }),
      touchpoint: fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/),
      rating,
      createdAt: validDate,
      comment: fc.string({ unit: 'grapheme', maxLength: 80 }),
      answers: smallMap,
      metadata: smallMap,
      user: fc.record({ id: fc.string({ minLength: 1, maxLength: 20 }), email: fc.constantFrom('a@example.com', 'ünï@example.org') }, { requiredKeys: [] }),
      context: fc.record({ url: fc.constantFrom('https://shop.example/checkout', 'http://localhost:8080/?q=1'), locale: fc.constantFrom('en', 'de-DE'), screen: fc.record({ width: fc.nat(8000), height: fc.nat(8000) }) }, { requiredKeys: [] }),
      interaction: fc.record({ channel: fc.constantFrom('chat', 'email', 'web'), endedAt: validDate }, { requiredKeys: [] }),
    },
    { requiredKeys: ['id', 'touchpoint', 'rating', 'createdAt'] },
  )
  .map(({ rating: { metric, value }, ...rest }) => ({ ...rest, metric, value }));

const PATHS: Path[] = [
  ['id'], ['touchpoint'], ['metric'], ['value'], ['createdAt'], ['comment'], ['answers'], ['metadata'], ['user'], ['context'], ['interaction'],
  ['user', 'email'], ['user', 'traits'], ['user', 'traits', 'plan'], ['context', 'url'], ['context', 'screen', 'width'], ['context', 'sdk'],
  ['interaction', 'channel'], ['interaction', 'endedAt'], ['answers', 'q1'], ['metadata', 'k'], ['unknownField'], ['context', 'unknown'],
];
const path = fc.constantFrom(...PATHS);

/** Values of the wrong type (or the right type and the wrong shape) for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, '', ' ', '0', 'NaN', [], {}, [null], { '': '' }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer(),
  fc.double(),
  unicode,
  isoLike,
  fc.constantFrom(...METRIC_NAMES, 'CSAT', 'stars'),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), path, value: wrongValue }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), path }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('huge' as const),
      path,
      // Around the limits: comment (2,000 chars), event (32 KB), request (500 KB).
      length: fc.oneof(fc.constantFrom(2_001, 32 * 1024, 33 * 1024, 499 * 1024, 510 * 1024), fc.integer({ min: 0, max: 600 * 1024 })),
      char: fc.constantFrom('x', ' ', 'é', '😀', '"', '\\'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deep' as const),
      path,
      depth: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1_000, max: 250_000 })),
      container: fc.constantFrom('array' as const, 'object' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('pollute' as const),
      path: fc.constantFrom<Path>([], ['metadata'], ['answers'], ['user'], ['user', 'traits'], ['context'], ['interaction']),
      key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const),
    }),
  },
);

/** Mutations of the `{ batch, sentAt }` envelope itself. */
const envelopePath = fc.constantFrom<Path>(['batch'], ['sentAt'], ['extra'], ['batch', '0']);
const envelopeMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), path: envelopePath, value: wrongValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), path: envelopePath }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deep' as const), path: envelopePath, depth: fc.integer({ min: 1, max: 250_000 }), container: fc.constantFrom('array' as const, 'object' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pollute' as const), path: fc.constantFrom<Path>([], ['batch']), key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const) }) },
);

const eventRecipe: fc.Arbitrary<EventRecipe> = fc.record({
  base: validEvent,
  mutations: fc.oneof({ weight: 2, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
});

const structuredBody: fc.Arbitrary<BodyRecipe> = fc.oneof(
  { weight: 4, arbitrary: eventRecipe.map((event) => ({ kind: 'event' as const, event })) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      items: fc.array(fc.oneof({ weight: 5, arbitrary: eventRecipe }, { weight: 1, arbitrary: fc.record({ raw: wrongValue }) }), { maxLength: 8 }),
      sentAt: fc.option(fc.oneof(validDate, isoLike, wrongValue), { nil: undefined }),
      envelope: fc.oneof({ weight: 5, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 2, arbitrary: fc.array(envelopeMutation, { minLength: 1, maxLength: 2 }) }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('many' as const), count: fc.integer({ min: 95, max: 130 }), seed: fc.nat() }) },
);

export const bodyRecipe: fc.Arbitrary<BodyRecipe> = fc.oneof(
  { weight: 10, arbitrary: structuredBody },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'json' as const, value })) },
  { weight: 1, arbitrary: fc.oneof(unicode, fc.string({ unit: headerChar, maxLength: 100 })).map((text) => ({ kind: 'text' as const, text })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncated' as const), of: structuredBody, keep: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
  { weight: 1, arbitrary: fc.constantFrom(0.6, 2, 10).map((megabytes) => ({ kind: 'bomb' as const, megabytes })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
);

const contentType = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom('application/json', 'text/plain', 'text/plain;charset=UTF-8', 'application/json; charset=utf-8') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'APPLICATION/JSON', 'Text/Plain', 'application/json; charset=latin1', 'application/json; charset=utf-16le', 'text/plain; charset="utf-8"',
      'application/json;;', 'application/json, text/plain', 'application/json; charset=utf-8; charset=ascii', 'application/jsonx',
      'application/vnd.api+json', 'application/xml', 'text/html', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded',
      'application/octet-stream', 'application', '/', ';', '', ' application/json', 'application/json ', 'text/plain; foo', '*/*',
    ),
  },
  { weight: 1, arbitrary: headerGarbage },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

const COMPRESSIONS: Compression[] = ['none', 'gzip', 'deflate', 'br', 'gzip-truncated', 'gzip-twice', 'gzip-trailing-garbage'];
const encoding = fc.oneof(
  // Compression and label agree, on something ingest takes.
  {
    weight: 8,
    arbitrary: fc.constantFrom<RequestRecipe['encoding']>(
      { compression: 'none', header: undefined },
      { compression: 'none', header: undefined },
      { compression: 'none', header: 'identity' },
      { compression: 'gzip', header: 'gzip' },
      { compression: 'gzip', header: 'GZIP' },
    ),
  },
  // They agree on something it does not take, or a gzip body is labelled as plain.
  {
    weight: 1,
    arbitrary: fc.constantFrom<RequestRecipe['encoding']>({ compression: 'deflate', header: 'deflate' }, { compression: 'br', header: 'br' }, { compression: 'gzip', header: undefined }),
  },
  // Anything goes.
  {
    weight: 2,
    arbitrary: fc.record({
      compression: fc.constantFrom(...COMPRESSIONS),
      header: fc.option(fc.oneof(fc.constantFrom('gzip', 'x-gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'gzip, identity', '', ' gzip', 'compress', '*', 'zstd'), headerGarbage), { nil: undefined }),
    }),
  },
);

const query = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constant(`?key=${PUBLIC_KEY}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '?', '?key=', '?key', '?key=pk_nobody', `?key=${PUBLIC_KEY}&key=${PUBLIC_KEY}`, `?key=${PUBLIC_KEY}&key=pk_other`, '?key=__proto__',
      '?key=constructor', '?key=toString', '?key[]=x', `?KEY=${PUBLIC_KEY}`, `?key=${PUBLIC_KEY}%00`, `?key=%20${PUBLIC_KEY}`,
      '?%zz=%E0%A4%A', '?key=%ff%fe', '?__proto__[key]=x', '?&&&==&', `?key=${PUBLIC_KEY}#frag`,
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `?key=${encodeURIComponent(s)}`) },
);

const feedloopKey = fc.oneof(
  { weight: 8, arbitrary: fc.constant(PUBLIC_KEY) },
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('', 'pk_nobody', PUBLIC_KEY.toUpperCase(), ` ${PUBLIC_KEY}`, `${PUBLIC_KEY}\t`, SECRET_KEY, '__proto__', 'constructor', 'hasOwnProperty', `${PUBLIC_KEY}, ${PUBLIC_KEY}`) },
  { weight: 1, arbitrary: headerGarbage },
);

const origin = fc.oneof(
  { weight: 5, arbitrary: fc.constant(ORIGIN) },
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('https://evil.example', 'null', '', `${ORIGIN}/`, ORIGIN.toUpperCase(), `${ORIGIN}:443`, 'http://shop.example', `${ORIGIN}.evil.example`, 'https://xn--shp-qla.example', '*', 'file://'),
  },
  { weight: 1, arbitrary: headerGarbage },
);

const authorization = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constant(`Bearer ${SECRET_KEY}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('Bearer ', 'Bearer', `bearer ${SECRET_KEY}`, `Bearer  ${SECRET_KEY}`, `Bearer ${SECRET_KEY}x`, `Bearer ${SECRET_KEY.slice(0, -1)}`, `Bearer ${SECRET_KEY.slice(0, -1)}é`, 'Bearer sk_wrong', `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${PUBLIC_KEY}`),
  },
  { weight: 1, arbitrary: headerGarbage.map((s) => `Bearer ${s}`) },
  { weight: 1, arbitrary: headerGarbage },
);

const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('::1', '::ffff:203.0.113.9', 'fe80::1%eth0'));
const forwardedFor = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: ip },
  { weight: 1, arbitrary: fc.array(ip, { minLength: 2, maxLength: 4 }).map((ips) => ips.join(', ')) },
  { weight: 1, arbitrary: fc.oneof(headerGarbage, fc.constantFrom('', ',', 'unknown', '999.999.999.999', '1.2.3', '[::1]:80')) },
);

/**
 * Who the request says it is from. Half the time a well-formed browser or server caller, so that most
 * requests get past the key and origin checks to the body; otherwise each part drawn on its own.
 */
const caller = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      query: fc.constantFrom('', `?key=${PUBLIC_KEY}`),
      feedloopKey: fc.constantFrom(PUBLIC_KEY, undefined),
      origin: fc.constant(ORIGIN),
      authorization: fc.option(authorization, { nil: undefined }),
    }).map((c) => (c.query || c.feedloopKey ? c : { ...c, feedloopKey: PUBLIC_KEY })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      query: fc.constant(''),
      feedloopKey: fc.constant(PUBLIC_KEY),
      origin: fc.constant(undefined),
      authorization: fc.constant(`Bearer ${SECRET_KEY}`),
    }),
  },
  { weight: 4, arbitrary: fc.record({ query, feedloopKey, origin, authorization }) },
);

const other = fc.record({
  method: fc.oneof({ weight: 15, arbitrary: fc.constant('POST' as const) }, { weight: 1, arbitrary: fc.constantFrom('GET' as const, 'PUT' as const, 'PATCH' as const, 'DELETE' as const, 'OPTIONS' as const, 'HEAD' as const) }),
  path: fc.constantFrom('/v1/events', '/v1/events', '/v1/events/'),
  contentType,
  encoding,
  contentLength: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('short' as const, 'zero' as const, 'huge' as const) }),
  forwardedFor,
  userAgent: fc.option(fc.oneof(headerGarbage, fc.constant('Mozilla/5.0 (X11; Linux x86_64)'), fc.constant('x'.repeat(8_000))), { nil: undefined }),
  remoteAddress: fc.oneof({ weight: 4, arbitrary: fc.constant('127.0.0.1') }, { weight: 1, arbitrary: ip }),
  body: bodyRecipe,
});

export const requestRecipe: fc.Arbitrary<RequestRecipe> = fc.tuple(caller, other).map(([who, rest]) => ({ ...rest, ...who }));

// ---------------------------------------------------------------------------------------------------------
// From recipe to request

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Sets an own property, even `__proto__`, without calling a setter. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function parentOf(root: Record<string, unknown>, path: Path): Record<string, unknown> {
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (!isObject(next)) setOwn(node, key, {});
    node = node[key] as Record<string, unknown>;
  }
  return node;
}

interface Splices {
  texts: string[];
}

/** Applies mutations to a copy of `value`; deep nesting is left as a placeholder string for `serialize`. */
function mutate(value: unknown, mutations: readonly Mutation[], splices: Splices): unknown {
  const root = structuredClone(value) as Record<string, unknown>;
  for (const m of mutations) {
    if (m.path.length === 0) {
      if (m.op === 'pollute') setOwn(root, m.key, pollutionPayload(m.key));
      else if (m.op === 'set') return m.value;
      continue;
    }
    const parent = parentOf(root, m.path);
    const key = m.path.at(-1)!;
    switch (m.op) {
      case 'set':
        setOwn(parent, key, m.value);
        break;
      case 'delete':
        delete parent[key];
        break;
      case 'huge':
        setOwn(parent, key, m.char.repeat(m.length));
        break;
      case 'deep': {
        const [open, close] = m.container === 'array' ? ['[', ']'] : ['{"a":', '}'];
        splices.texts.push(open.repeat(m.depth) + '1' + close.repeat(m.depth));
        setOwn(parent, key, placeholder(splices.texts.length - 1));
        break;
      }
      case 'pollute': {
        const target = (Object.hasOwn(parent, key) && isObject(parent[key]) ? parent[key] : {}) as Record<string, unknown>;
        setOwn(target, m.key, pollutionPayload(m.key));
        setOwn(parent, key, target);
        break;
      }
    }
  }
  return root;
}

function pollutionPayload(key: '__proto__' | 'constructor' | 'prototype'): unknown {
  const poison = { [POLLUTION_SENTINEL]: 'polluted', toString: 'polluted', hasOwnProperty: 'polluted' };
  return key === 'constructor' ? { prototype: poison } : poison;
}

const placeholder = (i: number) => `\u0000fuzz-splice-${i}\u0000`;

function serialize(value: unknown, splices: Splices): string {
  let text = JSON.stringify(value) ?? 'null';
  splices.texts.forEach((splice, i) => {
    text = text.split(JSON.stringify(placeholder(i))).join(splice);
  });
  return text;
}

function uuidFor(seed: number, i: number): string {
  const hex = (seed * 1_000 + i).toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
}

function bodyText(body: BodyRecipe): string | Buffer {
  const splices: Splices = { texts: [] };
  switch (body.kind) {
    case 'event':
      return serialize(mutate(body.event.base, body.event.mutations, splices), splices);
    case 'batch': {
      const items = body.items.map((item) => ('raw' in item ? item.raw : mutate(item.base, item.mutations, splices)));
      const envelope: Record<string, unknown> = { batch: items };
      if (body.sentAt !== undefined) envelope.sentAt = body.sentAt;
      return serialize(mutate(envelope, body.envelope, splices), splices);
    }
    case 'many': {
      const batch = Array.from({ length: body.count }, (_, i) => ({ id: uuidFor(body.seed, i), touchpoint: 'checkout', metric: 'csat', value: 4, createdAt: new Date().toISOString() }));
      return JSON.stringify({ batch });
    }
    case 'json':
      return JSON.stringify(body.value) ?? '';
    case 'text':
      return body.text;
    case 'truncated': {
      const whole = bodyText(body.of);
      return whole.slice(0, Math.floor(whole.length * body.keep));
    }
    case 'bytes':
      return Buffer.from(body.bytes);
    case 'bomb':
      return bomb(body.megabytes);
    case 'empty':
      return '';
  }
}

const bombs = new Map<number, Buffer>();
function bomb(megabytes: number): Buffer {
  let compressed = bombs.get(megabytes);
  if (!compressed) {
    const spaces = Buffer.alloc(Math.round(megabytes * 1024 * 1024), 0x20);
    compressed = gzipSync(Buffer.concat([Buffer.from('{"batch":['), spaces, Buffer.from(']}')]));
    bombs.set(megabytes, compressed);
  }
  return compressed;
}

// The fastest levels: the test is about what the server makes of the bytes, not about the ratio.
const gzip = (raw: Buffer) => gzipSync(raw, { level: 1 });

function compress(raw: Buffer, compression: Compression): Buffer {
  switch (compression) {
    case 'none':
      return raw;
    case 'gzip':
      return gzip(raw);
    case 'deflate':
      return deflateSync(raw, { level: 1 });
    case 'br':
      return brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
    case 'gzip-truncated': {
      const zipped = gzip(raw);
      return zipped.subarray(0, Math.max(1, zipped.length - 6));
    }
    case 'gzip-twice':
      return gzip(gzip(raw));
    case 'gzip-trailing-garbage':
      return Buffer.concat([gzip(raw), Buffer.from('\x1f\x8b garbage')]);
  }
}

/** The payload as sent, compressed or not: exposed so that tests can reason about it. */
export function payloadOf(recipe: RequestRecipe): Buffer {
  const text = bodyText(recipe.body);
  // A bomb is gzip already; it goes out as it is, whatever the label says.
  if (recipe.body.kind === 'bomb') return text as Buffer;
  return compress(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), recipe.encoding.compression);
}

export function toInject(recipe: RequestRecipe): InjectOptions {
  const payload = payloadOf(recipe);
  const headers: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined) headers[name] = value;
  };
  put('content-type', recipe.contentType);
  put('content-encoding', recipe.encoding.header);
  put('x-feedloop-key', recipe.feedloopKey);
  put('origin', recipe.origin);
  put('authorization', recipe.authorization);
  put('x-forwarded-for', recipe.forwardedFor);
  put('user-agent', recipe.userAgent);
  if (recipe.contentLength === 'short') headers['content-length'] = String(Math.max(0, payload.length - 1));
  if (recipe.contentLength === 'zero') headers['content-length'] = '0';
  if (recipe.contentLength === 'huge') headers['content-length'] = String(1_000_000_000);
  return { method: recipe.method, url: recipe.path + recipe.query, headers, payload, remoteAddress: recipe.remoteAddress };
}

// ---------------------------------------------------------------------------------------------------------
// Cases every run goes through first, whatever the random draw

const validBase = { id: '00000000-0000-4000-8000-00000000f022', touchpoint: 'checkout', metric: 'csat', value: 4, createdAt: '2026-01-01T00:00:00.000Z' };

const browser: RequestRecipe = {
  method: 'POST',
  path: '/v1/events',
  query: '',
  contentType: 'application/json',
  encoding: { compression: 'none', header: undefined },
  contentLength: undefined,
  feedloopKey: PUBLIC_KEY,
  origin: ORIGIN,
  authorization: undefined,
  forwardedFor: undefined,
  userAgent: undefined,
  remoteAddress: '127.0.0.1',
  body: { kind: 'event', event: { base: validBase, mutations: [] } },
};

const withEvent = (mutations: Mutation[]): BodyRecipe => ({ kind: 'event', event: { base: validBase, mutations } });

/** Named cases from issue 4, so that a short run still covers each of them. */
export const EXAMPLES: RequestRecipe[] = [
  browser,
  { ...browser, origin: undefined, authorization: `Bearer ${SECRET_KEY}`, contentType: 'text/plain;charset=UTF-8', feedloopKey: undefined, query: `?key=${PUBLIC_KEY}` },
  { ...browser, encoding: { compression: 'gzip', header: 'gzip' } },
  { ...browser, encoding: { compression: 'gzip', header: undefined } },
  { ...browser, encoding: { compression: 'gzip', header: 'gzip' }, body: { kind: 'bomb', megabytes: 2 } },
  { ...browser, encoding: { compression: 'gzip', header: undefined }, body: { kind: 'bomb', megabytes: 0.6 } },
  { ...browser, encoding: { compression: 'gzip-truncated', header: 'gzip' } },
  { ...browser, encoding: { compression: 'br', header: 'br' } },
  { ...browser, body: withEvent([{ op: 'pollute', path: [], key: '__proto__' }]) },
  { ...browser, body: withEvent([{ op: 'pollute', path: ['metadata'], key: 'constructor' }]) },
  { ...browser, body: { kind: 'batch', items: [{ base: validBase, mutations: [] }], envelope: [{ op: 'pollute', path: [], key: '__proto__' }] } },
  { ...browser, body: withEvent([{ op: 'huge', path: ['comment'], length: 510 * 1024, char: 'x' }]) },
  { ...browser, body: withEvent([{ op: 'huge', path: ['metadata', 'k'], length: 33 * 1024, char: '😀' }]) },
  { ...browser, body: withEvent([{ op: 'deep', path: ['metadata'], depth: 200_000, container: 'array' }]) },
  { ...browser, body: withEvent([{ op: 'set', path: ['value'], value: '4' }, { op: 'delete', path: ['createdAt'] }]) },
  { ...browser, body: { kind: 'truncated', of: withEvent([]), keep: 0.5 } },
  { ...browser, body: { kind: 'bytes', bytes: [0xff, 0xfe, 0x7b, 0x00, 0xc3, 0x28] } },
  { ...browser, body: { kind: 'many', count: 101, seed: 1 } },
  { ...browser, body: { kind: 'empty' } },
  { ...browser, contentType: 'application/xml' },
  { ...browser, contentType: undefined },
  { ...browser, feedloopKey: '__proto__' },
  { ...browser, origin: 'https://evil.example' },
  { ...browser, origin: undefined, authorization: `Bearer ${SECRET_KEY.slice(0, -1)}é` },
];
