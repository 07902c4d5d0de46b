import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACT_AS_HEADER, MAX_BODY_BYTES, VERSION_HEADER } from '../../src/api/protocol.js';
import { apiClient, isAlive, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { boundedAll, rawRequest } from '../helpers/raw-http.js';
import { rssMb } from '../helpers/rss.js';
import { daemonRoutes } from '../helpers/routes.js';
import { PASSWORD, SP } from '../helpers/team.js';
import { seededRandom } from '../helpers/random.js';

/**
 * 10,000 malformed requests over the unix socket to the real daemon: bad JSON, wrong types,
 * huge strings, odd unicode, path tricks, unknown routes and methods, oversized, half-sent and
 * slow requests, bad credentials and version headers. Every one is wrong by construction, so
 * every answer must be a 4xx in the API's error format — never a 5xx, never a hang — and the
 * daemon must stay up with flat memory. Reproduce a failure with GURU_FUZZ_SEED=<seed>.
 */

const TOTAL = 10_000;
const WARM_UP = 1_000;
const CONCURRENCY = 32;
const HEAP_CAP_MB = 96;
const TIMEOUT_MS = 10_000;
const SEED = Number(process.env.GURU_FUZZ_SEED ?? randomInt(2 ** 31));

/** The seeded generator with the helpers the fuzz draws with. */
function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
const rnd = prng(SEED);

// ---- the vocabulary of malformed things ----------------------------------------------------

const ODD_CHARS = [
  '\ud800',
  '\udfff',
  '\udc00\ud800', // lone and reversed surrogates
  '\u0000',
  '\u0001',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\uffff',
  '\ufffe',
  '\ufffd',
  'İ',
  'ı',
  'ß',
  'ﬃ',
  'é',
  'é',
  'Å',
  '𝕏',
  '😀',
  '👩‍👩‍👧',
  '中文',
  'עברית',
  'ﷺ',
  '\u0301\u0301\u0301',
  '%',
  '%00',
  '\\',
  '"',
  "'",
  '<script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is one of the hostile inputs
  '${x}',
  '../',
  '\r\n',
  '\t',
];
const oddText = (max = 40) =>
  Array.from({ length: rnd.int(1, max) }, () => (rnd.chance(0.6) ? rnd.pick(ODD_CHARS) : String.fromCharCode(rnd.int(32, 126)))).join('');

/** Percent-encodes any JS string, lone surrogates included (as the UTF-8 bytes they would be). */
function encodeAny(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isHigh = c >= 0xd800 && c <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

/** Values wrong for every field of every body: no schema takes an object or a list of non-strings there. */
const ALWAYS_WRONG: unknown[] = [{}, { a: 1 }, [1], [null], [{}], [[]], [true, 'x'], { __proto__: null, x: 1 }];
const ODD_VALUES: unknown[] = [
  -1,
  0,
  1.5,
  -0.0,
  1e308,
  2 ** 53 + 1,
  1e-7,
  true,
  false,
  null,
  '',
  ' ',
  '0',
  'true',
  '1e309',
  [],
  ['chats.send'],
  'a'.repeat(300),
  ...ALWAYS_WRONG,
];
const UNKNOWN_KEYS = ['admin', 'role ', '__proto__', 'constructor', 'prototype', '', '\u0000', 'isAdmin', 'id', 'passwordHash', 'toString'];

/** The body fields each validated route knows (so the fuzz mixes right names with wrong values). */
const BODY_FIELDS: Record<string, string[]> = {
  'POST /v1/account/init': ['accountName', 'seats', 'adminEmail', 'adminName', 'adminPassword'],
  'PATCH /v1/account': ['name', 'seats', 'sessionIdleMs', 'publicAddress', 'smtp', 'mailFrom'],
  'POST /v1/users': ['email', 'name', 'password', 'whatsapp', 'visibleName', 'role', 'permissions', 'departments'],
  'PATCH /v1/users/:email': ['email', 'name', 'visibleName', 'whatsapp', 'role', 'permissions', 'addPermissions', 'removePermissions', 'departments'],
  'POST /v1/users/:email/password': ['password'],
  'POST /v1/invites/redeem': ['email', 'code', 'password'],
  'POST /v1/password/forgot': ['email'],
  'POST /v1/password/reset': ['email', 'code', 'password'],
  'POST /v1/departments': ['name', 'permissions'],
  'POST /v1/departments/:name/rename': ['name'],
  'POST /v1/departments/:name/members': ['emails'],
  'DELETE /v1/departments/:name/members': ['emails'],
  'POST /v1/departments/:name/permissions': ['permissions'],
  'DELETE /v1/departments/:name/permissions': ['permissions'],
  'PUT /v1/availability': ['status', 'user', 'auto'],
  'POST /v1/phones': ['number', 'label'],
  'PATCH /v1/phones/:number': ['label', 'reassignWhenAbsent'],
  'PUT /v1/phones/:number/bot': ['source'],
  'PUT /v1/phones/:number/hours': ['spec', 'timeZone', 'addHolidays', 'removeHolidays', 'reply', 'off'],
  'POST /v1/phones/:number/bot/test': ['answers', 'silent'],
  'POST /v1/round-robins/:phone/entries': ['target', 'times', 'active', 'skipOffline', 'maxOpen'],
  'POST /v1/round-robins/:phone/move': ['from', 'to'],
  'PATCH /v1/round-robins/:phone/entries/:position': ['active', 'skipOffline', 'maxOpen'],
  'POST /v1/chats': ['number', 'text', 'phone', 'key'],
  'POST /v1/chats/:chat/messages': ['text', 'file', 'quick', 'replyTo', 'key'],
  'POST /v1/quick-replies': ['shortcut', 'text', 'everyone', 'dept'],
  'PATCH /v1/quick-replies/:ref': ['text', 'shortcut', 'scope'],
  'POST /v1/messages/:message/reactions': ['emoji', 'key'],
  'POST /v1/chats/:chat/notes': ['text'],
  'POST /v1/media-store/prune': ['olderThanMs', 'dryRun'],
  'POST /v1/chats/:chat/assign': ['user', 'dept'],
  'PATCH /v1/contacts/:customer': ['name', 'fields'],
  'POST /v1/privacy/export': ['customer'],
  'POST /v1/privacy/erasure': ['customer'],
  'POST /v1/privacy/erase': ['customer'],
  'POST /v1/chats/:chat/tags': ['add', 'remove'],
  'POST /v1/tags': ['name', 'colour'],
  'POST /v1/chats/:chat/scheduled': ['text', 'at'],
  'PATCH /v1/tags/:name': ['name', 'colour'],
  'POST /v1/memory-transport/:phone/messages': ['from', 'text', 'id', 'pushName', 'time'],
  'POST /v1/memory-transport/:phone/receipts': ['id', 'status'],
};
/** The string field whose limit each validated route enforces, and that limit. */
const STRING_LIMIT: Record<string, [string, number]> = {
  'POST /v1/privacy/export': ['customer', 10_000],
  'POST /v1/privacy/erasure': ['customer', 10_000],
  'POST /v1/privacy/erase': ['customer', 10_000],
  'POST /v1/users': ['name', 10_000],
  'PATCH /v1/users/:email': ['visibleName', 10_000],
  'POST /v1/departments': ['name', 10_000],
  'POST /v1/departments/:name/rename': ['name', 10_000],
  'POST /v1/phones': ['label', 10_000],
  'POST /v1/round-robins/:phone/entries': ['target', 10_000],
  'POST /v1/chats': ['number', 10_000],
  'POST /v1/chats/:chat/messages': ['text', 100_000],
  'POST /v1/chats/:chat/notes': ['text', 100_000],
  'POST /v1/chats/:chat/assign': ['user', 10_000],
  'POST /v1/quick-replies': ['text', 10_000],
  'POST /v1/account/init': ['adminName', 10_000],
};

/** Ids that look like ids but name nothing here: path tricks, encodings, junk. */
const PATH_TRICKS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '%2e',
  '..%2F..%2Fstate.json',
  '%2e%2e%2f%2e%2e%2fowner.token',
  '..%5C..%5Cowner.token',
  '%252e%252e%252f',
  '%c0%ae%c0%ae',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  'x%00y',
  '%2F',
  '%2f%2f',
  '....%2F%2F',
  ';x',
  '%3Bx',
  '%3F',
  '%23',
  'a%20b',
  '%20',
  '%09',
  '%0d%0a',
  '%ff',
  '%ED%A0%80',
  'x'.repeat(300),
  '~',
  '$',
  '*',
  '%2A',
  'null',
  'undefined',
  '0x1',
  '1e3',
  '-1',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '%E2%80%AE',
  '%EF%BB%BF',
  'lid:123',
  'lid%3A',
  'ghost%40nowhere.example',
];
const WHOLE_PATH_TRICKS = [
  '/v1/users/../../etc/passwd',
  '/v1/./users/%2e%2e/',
  '/%2e%2e/v1/users',
  '/v1%2Fusers',
  '/v1/users%00',
  '/v1/users;x',
  '/v1/users/',
  '/v1//users',
  '//v1/users',
  '/./v1/users',
  '/v1/users/.',
  '/v1/users/..',
  '/V1/USERS',
  '/v1/Users',
  '/v2/users',
  '/',
  '/v1',
  '/v1/',
  '/v1/%75sers',
  '/v1/users?',
  '/v1/users#x',
  '/v1/users/%2e',
  '/%76%31/users',
  '/v1/chats/../../v1/users',
  '/.well-known/security.txt',
  '/v1/watch/..',
  '/v1/status/x',
  '/v1/login/../shutdown',
];
const METHODS_UNKNOWN_TO_US = ['PUT', 'OPTIONS', 'TRACE', 'PROPFIND', 'PURGE', 'LINK', 'UNLINK', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'SEARCH', 'HEAD'];
const RAW_ONLY_METHODS = ['CONNECT', 'FOO', 'get', 'G ET', 'POST\u0000', '', 'GET\tX', 'BREW', 'M-SEARCH'];

// ---- requests ----------------------------------------------------------------------------

interface HttpSpec {
  kind: 'http';
  category: string;
  method: string;
  path: string;
  headers: Record<string, string | number>;
  body?: Buffer;
}
/** Bytes written straight to a socket, in pieces (with pauses), then `end` (half-close) or `destroy`. */
interface RawSpec {
  kind: 'raw';
  category: string;
  pieces: { bytes: Buffer; pauseMs: number }[];
  finish: 'end' | 'destroy' | 'wait';
  /** Must an answer come back (vs. the daemon may just close)? */
  mustAnswer: boolean;
  /** Only this status is right (else: any 4xx). */
  status?: number;
  timeoutMs?: number;
}
type Spec = HttpSpec | RawSpec;

interface Context {
  owner: string;
  bia: string;
  routes: { method: string; path: string; pattern: RegExp; key: string }[];
}

const TOKENLESS = [null, 'f'.repeat(64), 'x', '', 'Bearer'];

function fillParams(path: string, value: (name: string) => string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => value(name));
}
/** Parameter values that exist in the fuzz's data: only for callers who are refused anyway. */
function realParam(name: string): string {
  return (
    { email: 'bia%40acme.com', name: 'Vendas', number: encodeURIComponent(SP), phone: encodeURIComponent(SP), position: '1', chat: 'abcdefgh' }[name] ?? 'x'
  );
}
function trickParam(): string {
  return rnd.chance(0.8) ? rnd.pick(PATH_TRICKS) : encodeAny(oddText(12));
}
function versionHeader(headers: Record<string, string | number>): void {
  const roll = rnd.next();
  if (roll < 0.25) return; // missing
  headers[VERSION_HEADER] = roll < 0.5 ? '0.1.0' : roll < 0.75 ? rnd.pick(['0.0.0', '99.0.0', 'x', '', '0.1.0-evil', '1'.repeat(200)]) : encodeAny(oddText(6));
}
function auth(headers: Record<string, string | number>, token: string | null): void {
  if (token === null) return;
  headers.authorization = token.startsWith('Bearer') || token === '' || token === 'x' ? token : `Bearer ${token}`;
}
const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

function http(category: string, method: string, path: string, token: string | null, body?: Buffer | string, contentType = 'application/json'): HttpSpec {
  const headers: Record<string, string | number> = {};
  auth(headers, token);
  versionHeader(headers);
  const buf = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (buf) {
    if (rnd.chance(0.9)) headers['content-type'] = contentType;
    headers['content-length'] = buf.length;
  }
  return { kind: 'http', category, method, path, headers, body: buf };
}

/** A body that certainly is not JSON (and not empty, which the daemon reads as "no body"). */
function brokenJson(): Buffer {
  for (;;) {
    const valid = JSON.stringify({ email: 'x@acme.com', name: oddText(8), permissions: ['chats.send'], n: rnd.int(-5, 5) });
    const candidates = [
      () => valid.slice(0, rnd.int(1, valid.length - 1)),
      () => `${valid.slice(0, -1)},}`,
      () => valid.replace(/"/g, "'"),
      () => valid.replace(/"(\w+)":/g, '$1:'),
      () => `\ufeff${valid}`,
      () => `${valid}${rnd.pick(['x', '}', ']', ',', '{}'])}`,
      () =>
        rnd.pick([
          'NaN',
          'Infinity',
          'undefined',
          '{',
          '[',
          '"',
          "{'a':1}",
          '{"a":1,,}',
          '[1,]',
          '{"a"}',
          '\u0000',
          'nul',
          'tru',
          '01',
          '-',
          '.5',
          '+1',
          '{"a":"\\x"}',
          '{"a":"\\u12"}',
        ]),
      () => '['.repeat(rnd.int(1, 50_000)),
      () => `{"a":${'['.repeat(rnd.int(1, 20_000))}`,
      () => `// comment\n${valid}`,
      () => Array.from({ length: rnd.int(1, 200) }, () => String.fromCharCode(rnd.int(0, 255))).join(''),
    ];
    const text = rnd.pick(candidates)();
    const buf = rnd.chance(0.1) ? Buffer.from(Array.from({ length: rnd.int(1, 300) }, () => rnd.int(0, 255))) : Buffer.from(text, 'utf8');
    const decoded = buf.toString('utf8');
    if (decoded.trim() === '') continue;
    try {
      JSON.parse(decoded);
    } catch {
      return buf;
    }
  }
}

/** A body for `route` with at least one certain violation of its schema. */
function wrongBody(route: string): unknown {
  const roll = rnd.next();
  if (roll < 0.12) return rnd.pick([[], [1, 2], 42, -1, 'text', true, false, 0, [{}], '']);
  const fields = BODY_FIELDS[route]!;
  const body: Record<string, unknown> = {};
  for (const f of fields) if (rnd.chance(0.5)) body[f] = rnd.chance(0.5) ? rnd.pick(ODD_VALUES) : oddText(20);
  if (route.includes('memory-transport')) {
    // Validated by hand, not by zod: from/text (id/status) must be strings, so break one of those.
    const key = route.endsWith('messages') ? rnd.pick(['from', 'text']) : rnd.pick(['id', 'status']);
    body[key] = rnd.pick(ALWAYS_WRONG);
  } else if (roll < 0.55) {
    Object.defineProperty(body, rnd.pick(UNKNOWN_KEYS), { value: rnd.pick(ODD_VALUES), enumerable: true });
  } else {
    body[rnd.pick(fields)] = rnd.pick(ALWAYS_WRONG);
  }
  return body;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

function generators(ctx: Context) {
  const bodyRoutes = Object.keys(BODY_FIELDS);
  const pathOf = (key: string) => key.slice(key.indexOf(' ') + 1);
  const methodOf = (key: string) => key.slice(0, key.indexOf(' '));
  const writes = ctx.routes.filter((r) => r.method !== 'GET');
  const paramRoutes = ctx.routes.filter((r) => r.path.includes(':'));
  const anyToken = () => rnd.pick([ctx.owner, ctx.bia, ...TOKENLESS]);
  const isRoute = (method: string, path: string) => {
    try {
      const { pathname } = new URL(path, 'http://guru');
      return ctx.routes.some((r) => r.method === method && r.pattern.test(pathname));
    } catch {
      return false;
    }
  };

  const g: Record<string, { weight: number; make: () => Spec }> = {
    // Any write route: the body is read (and must parse) before anything else looks at it.
    badJson: {
      weight: 1400,
      make: () => {
        const r = rnd.pick(writes);
        return http(
          'badJson',
          r.method,
          fillParams(r.path, realParam),
          anyToken(),
          brokenJson(),
          rnd.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', '']),
        );
      },
    },
    // As the owner, so the request gets past authentication to the schema.
    wrongTypes: {
      weight: 1400,
      make: () => {
        const key = rnd.pick(bodyRoutes);
        let text = JSON.stringify(wrongBody(key));
        if (text.startsWith('{') && rnd.chance(0.05)) {
          // Deeply nested (valid) JSON, spliced in as text: it would overflow JSON.stringify here.
          const depth = rnd.int(1_000, 50_000);
          text = `{"deep":${'['.repeat(depth)}${']'.repeat(depth)}${text === '{}' ? '' : ','}${text.slice(1)}`;
        }
        return http('wrongTypes', methodOf(key), fillParams(pathOf(key), realParam), ctx.owner, text);
      },
    },
    // Only at the start of the warm-up: 32 bodies of nearly 1 MB at once, the most this fuzz
    // ever holds in flight, so memory measured after the warm-up is past its high-water mark.
    nearlyOneMegabyte: {
      weight: 0,
      make: () => http('nearlyOneMegabyte', 'POST', '/v1/chats/abcdefgh/messages', ctx.owner, json({ text: 'm'.repeat(MAX_BODY_BYTES - 100) })),
    },
    hugeStrings: {
      weight: 500,
      make: () => {
        const roll = rnd.next();
        if (roll < 0.6) {
          const key = rnd.pick(Object.keys(STRING_LIMIT));
          const [field, limit] = STRING_LIMIT[key]!;
          const length = rnd.chance(0.8) ? rnd.int(limit + 1, limit + 20_000) : rnd.int(limit + 1, MAX_BODY_BYTES - 2_000);
          const filler = rnd.pick(['a', 'é', '\u0000', '😀', ' ']);
          const text = filler.repeat(Math.ceil(length / filler.length)).slice(0, length);
          const body: Record<string, unknown> = Object.fromEntries((BODY_FIELDS[key] ?? []).map((f) => [f, 'x@acme.com']));
          body[field] = text;
          let buf = json(body);
          if (buf.length > MAX_BODY_BYTES)
            buf = json({ ...body, [field]: text.slice(0, Math.max(limit + 1, text.length - (buf.length - MAX_BODY_BYTES) - 10)) });
          return http('hugeStrings', methodOf(key), fillParams(pathOf(key), realParam), ctx.owner, buf);
        }
        if (roll < 0.75) {
          // A path parameter of up to ~14 KB (under Node's 16 KB header limit): a 4xx from the engine.
          const r = rnd.pick(paramRoutes.filter((p) => p.method === 'GET'));
          const big = rnd.pick(['a', '%C3%A9', '.', '%2F', '@']).repeat(rnd.int(1_000, 4_000));
          return http(
            'hugeStrings',
            r.method,
            fillParams(r.path, () => big),
            ctx.owner,
          );
        }
        if (roll < 0.9) {
          // Over the header limit: a query of 20–60 KB, or a huge header.
          const spec = http('hugeStrings', 'GET', `/v1/chats?search=${'q'.repeat(rnd.int(20_000, 60_000))}`, ctx.owner);
          if (rnd.chance(0.5)) {
            spec.path = '/v1/chats';
            spec.headers['x-padding'] = 'p'.repeat(rnd.int(17_000, 40_000));
          }
          return spec;
        }
        return http('hugeStrings', 'GET', `/v1/chats?status=huge&search=${'s'.repeat(rnd.int(10_001, 12_000))}`, ctx.owner);
      },
    },
    unicode: {
      weight: 1200,
      make: () => {
        const odd = oddText();
        const roll = rnd.int(0, 8);
        switch (roll) {
          case 0:
            return http('unicode', 'GET', `/v1/users/${encodeAny(`${odd}@${oddText(5)}.com`)}`, rnd.pick([ctx.owner, ctx.bia]));
          case 1:
            return http(
              'unicode',
              'GET',
              `/v1/${rnd.pick(['departments', 'chats', 'phones', 'round-robins'])}/${encodeAny(odd)}`,
              rnd.pick([ctx.owner, ctx.bia]),
            );
          case 2: // every field odd, but the password too short: refused whatever else passes
            return http(
              'unicode',
              'POST',
              '/v1/users',
              ctx.owner,
              json({ email: `${odd}@acme.com`, name: oddText(), visibleName: oddText(), password: oddText(3).slice(0, 7) }),
            );
          case 3: // a permission that cannot exist
            return http('unicode', 'POST', '/v1/departments', ctx.owner, json({ name: odd, permissions: ['chats.send', `chats.send${rnd.pick(ODD_CHARS)}`] }));
          case 4:
            return http('unicode', 'GET', `/v1/chats?status=${encodeAny(odd)}&search=${encodeAny(oddText())}`, ctx.owner);
          case 5: // a chat that does not exist, an odd message
            return http('unicode', 'POST', `/v1/chats/${encodeAny(oddText(8))}/messages`, rnd.pick([ctx.owner, ctx.bia]), json({ text: odd }));
          case 6: // a user that does not exist
            return http('unicode', 'PATCH', `/v1/users/${encodeAny(`ghost${odd}@acme.com`)}`, ctx.owner, json({ name: odd }));
          case 7: {
            // Raw bytes that are not UTF-8 inside a JSON string (the password still too short).
            const bytes = Buffer.concat([
              Buffer.from('{"email":"'),
              Buffer.from(Array.from({ length: rnd.int(1, 30) }, () => rnd.int(0x80, 0xff))),
              Buffer.from('@acme.com","name":"X","password":"short"}'),
            ]);
            return http('unicode', 'POST', '/v1/users', ctx.owner, bytes);
          }
          default: {
            // Header bytes outside ASCII in the credentials or the --as header (a user that
            // cannot exist: it ends in "é"): only a raw socket sends these.
            const header = rnd.chance(0.5)
              ? `Authorization: Bearer ${ctx.owner.slice(0, 10)}\u00ff\u00fe${odd}`
              : `Authorization: Bearer ${ctx.owner}\r\n${ACT_AS_HEADER}: ${odd}@${rnd.pick(['acme.com', 'x'])}\u00e9`;
            const bytes = Buffer.from(`GET /v1/${rnd.pick(['users', 'status', 'whoami'])} HTTP/1.1\r\nHost: guru\r\n${header}\r\n\r\n`, 'utf8');
            return { kind: 'raw', category: 'unicode', pieces: [{ bytes, pauseMs: 0 }], finish: 'wait', mustAnswer: true };
          }
        }
      },
    },
    pathTricks: {
      weight: 1400,
      make: () => {
        if (rnd.chance(0.3)) {
          // Whole-path tricks may resolve to a real route, so they go without valid credentials.
          const method = rnd.pick(['GET', 'POST', 'DELETE', 'PATCH']);
          return http('pathTricks', method, rnd.pick(WHOLE_PATH_TRICKS), rnd.pick(TOKENLESS), method === 'GET' ? undefined : '{}');
        }
        const r = rnd.pick(paramRoutes);
        // At least one parameter names nothing, so even the owner gets a 4xx. (Every
        // round-robin is empty, so a trick that reads as position 1 is still out of range.)
        const names = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const forced = rnd.pick(names);
        const path = fillParams(r.path, (name) => (name === forced || rnd.chance(0.5) ? trickParam() : realParam(name)));
        const token = r.method === 'GET' ? rnd.pick([ctx.owner, ctx.bia, null]) : rnd.pick([ctx.owner, ctx.bia, null, 'f'.repeat(64)]);
        const body = r.method === 'GET' ? undefined : JSON.stringify(BODY_FIELDS[`${r.method} ${r.path}`] ? wrongBody(`${r.method} ${r.path}`) : {});
        return http('pathTricks', r.method, path, token, body);
      },
    },
    unknownRoutes: {
      weight: 1000,
      make: () => {
        for (;;) {
          const method = rnd.chance(0.6) ? rnd.pick(METHODS_UNKNOWN_TO_US) : rnd.pick(['GET', 'POST', 'PATCH', 'DELETE']);
          const path = rnd.chance(0.5)
            ? fillParams(rnd.pick(ctx.routes).path, realParam)
            : `/${rnd.pick(['v1', 'v2', 'v0', 'api', ''])}/${Array.from({ length: rnd.int(0, 4) }, () => rnd.pick(['users', 'x', 'admin', 'chats', 'debug', 'metrics', encodeAny(oddText(4))])).join('/')}`;
          if (isRoute(method, path)) continue; // a real route is not what this category is about
          return http('unknownRoutes', method, path, anyToken(), method === 'GET' || method === 'HEAD' ? undefined : '{}');
        }
      },
    },
    rawProtocol: {
      weight: 500,
      make: () => {
        const method = rnd.pick(RAW_ONLY_METHODS);
        const lines = rnd.pick([
          `${method} /v1/users HTTP/1.1\r\nHost: guru\r\n\r\n`,
          'POST /v1/users HTTP/1.1\r\nHost: guru\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', // smuggling
          'POST /v1/users HTTP/1.1\r\nHost: guru\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}{}{}{',
          'GET /v1/users HTTP/9.9\r\nHost: guru\r\n\r\n',
          'GET /v1/users\r\n\r\n',
          `GET /v1/users HTTP/1.1\r\nHost: guru\r\n${'X'.repeat(rnd.int(1, 50))}\r\n\r\n`, // header without colon
          'GET /v1/users HTTP/1.1\r\nHost: guru\r\nAuthorization : Bearer x\r\n\r\n',
          `\u0000\u0001\u0002${oddText(10)}\r\n\r\n`,
          'GET /v1/users HTTP/1.1\nHost: guru\n\n',
          'POST /v1/users HTTP/1.1\r\nHost: guru\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
          'POST /v1/users HTTP/1.1\r\nHost: guru\r\nContent-Length: -1\r\n\r\n',
          'POST /v1/users HTTP/1.1\r\nHost: guru\r\nContent-Length: 1e3\r\n\r\n',
        ]);
        return { kind: 'raw', category: 'rawProtocol', pieces: [{ bytes: Buffer.from(lines, 'latin1'), pauseMs: 0 }], finish: 'wait', mustAnswer: true };
      },
    },
    badAuth: {
      weight: 600,
      make: () => {
        const route = rnd.pick(['/v1/users', '/v1/status', '/v1/whoami', '/v1/account', '/v1/audit', '/v1/reports', '/v1/phone-health', '/v1/chats']);
        const o = ctx.owner;
        const spec = http('badAuth', 'GET', route, null);
        const roll = rnd.int(0, 3);
        if (roll === 0) {
          spec.headers.authorization = rnd.pick([
            'Bearer',
            'Bearer ',
            'Bearer    ',
            `bearer ${o}`,
            `BEARER ${o}`,
            `Basic ${Buffer.from(`owner:${o}`).toString('base64')}`,
            `Bearer ${o}x`,
            `Bearer ${o.slice(1)}`,
            `Bearer ${o} ${o}`,
            `Bearer ${'a'.repeat(8_000)}`,
            `Token ${o}`,
            `Bearer%20${o}`,
            `Bearer ${o.toUpperCase()}x`,
            'Bearer null',
            'Bearer undefined',
          ]);
        } else if (roll === 1) {
          // A user may not act as anyone (403); the owner only as an existing, active user (400/401/404).
          auth(spec.headers, ctx.bia);
          spec.headers[ACT_AS_HEADER] = rnd.pick(['ana@acme.com', 'bia@acme.com', 'off@acme.com']);
        } else if (roll === 2) {
          auth(spec.headers, o);
          spec.headers[ACT_AS_HEADER] = rnd.pick(['off@acme.com', 'ghost@acme.com', 'ana@acme.com.ghost', 'not-an-email', '@', 'ana@', encodeAny(oddText(5))]);
        } else {
          auth(spec.headers, rnd.pick(TOKENLESS));
        }
        return spec;
      },
    },
    badQuery: {
      weight: 700,
      make: () => {
        const roll = rnd.int(0, 4);
        const junk = () => encodeAny(rnd.pick([oddText(6), 'yes', '2', '0', '-1', 'true', '']));
        if (roll === 0) {
          const bad = rnd.pick([
            `status=${rnd.pick(['opened', 'OPEN', 'x', '', '%00'])}`,
            `mine=${rnd.pick(['2', 'yes', 'true', ''])}`,
            `unassigned=${rnd.pick(['0', 'no', ''])}`,
            'dept=NoSuchDept',
            `search=${'s'.repeat(10_001)}`,
          ]);
          return http('badQuery', 'GET', `/v1/chats?${rnd.chance(0.5) ? `search=${junk()}&` : ''}${bad}`, rnd.pick([ctx.owner, ctx.bia]));
        }
        if (roll === 1)
          return http(
            'badQuery',
            'GET',
            `/v1/chats/${trickParam()}?limit=${rnd.pick(['0', '-1', 'abc', '1e9', '10001', '1.5', '', 'Infinity', '%00'])}`,
            ctx.owner,
          );
        if (roll === 2) {
          return http(
            'badQuery',
            'GET',
            `/v1/round-robins/${encodeURIComponent(SP)}/simulate?next=${rnd.pick(['0', '-5', 'abc', '1001', '1e4', '2.5', 'NaN', ''])}${rnd.chance(0.3) ? `&online=${junk()}` : ''}`,
            ctx.owner,
          );
        }
        if (roll === 3)
          return http(
            'badQuery',
            'GET',
            `/v1/round-robins/${encodeURIComponent(SP)}/simulate?online=${rnd.pick(['ghost@acme.com', 'not-an-email', ',,,x'])}`,
            ctx.owner,
          );
        return http('badQuery', 'GET', `/v1/audit?since=${rnd.pick(['yesterday', '2026-13-01T00:00:00Z', '0', '', '2026-01-01', junk()])}`, ctx.owner);
      },
    },
    oversized: {
      weight: 150,
      make: () => {
        const route = rnd.pick(['/v1/users', '/v1/departments', `/v1/chats/abcdefgh/messages`, '/v1/login']);
        const head = (extra: string) =>
          Buffer.from(`POST ${route} HTTP/1.1\r\nHost: guru\r\nAuthorization: Bearer ${ctx.owner}\r\nContent-Type: application/json\r\n${extra}\r\n`, 'latin1');
        if (rnd.chance(0.5)) {
          // Declared too large: refused before a byte of the body is read.
          const declared = rnd.pick([MAX_BODY_BYTES + 1, MAX_BODY_BYTES * 2, 10 ** 10, 2 ** 53]);
          return {
            kind: 'raw',
            category: 'oversized',
            pieces: [
              { bytes: head(`Content-Length: ${declared}\r\n`), pauseMs: 0 },
              { bytes: Buffer.from('{"email":"'), pauseMs: 0 },
            ],
            finish: 'wait',
            mustAnswer: true,
            status: 413,
          };
        }
        // Chunked, no length declared: refused once the first megabyte is past.
        const size = rnd.int(MAX_BODY_BYTES + 1, MAX_BODY_BYTES + 600_000);
        const chunk = CHUNK;
        const pieces = [{ bytes: head('Transfer-Encoding: chunked\r\n'), pauseMs: 0 }];
        const chunkHead = Buffer.from(`${chunk.length.toString(16)}\r\n`);
        const crlf = Buffer.from('\r\n');
        for (let sent = 0; sent < size; sent += chunk.length)
          pieces.push({ bytes: chunkHead, pauseMs: 0 }, { bytes: chunk, pauseMs: 0 }, { bytes: crlf, pauseMs: 0 });
        pieces.push({ bytes: Buffer.from('0\r\n\r\n'), pauseMs: 0 });
        return { kind: 'raw', category: 'oversized', pieces, finish: 'wait', mustAnswer: true, status: 413 };
      },
    },
    halfSent: {
      weight: 800,
      make: () => {
        const body = JSON.stringify({ email: 'half@acme.com', name: 'Half', password: PASSWORD });
        const request = `POST /v1/users HTTP/1.1\r\nHost: guru\r\nAuthorization: Bearer ${ctx.owner}\r\nContent-Type: application/json\r\nContent-Length: ${body.length + rnd.int(1, 1000)}\r\n\r\n${body}`;
        // Cut anywhere: in the request line, the headers, or the body (whose length is overstated).
        const cut = rnd.int(1, request.length);
        return {
          kind: 'raw',
          category: 'halfSent',
          pieces: [{ bytes: Buffer.from(request.slice(0, cut), 'latin1'), pauseMs: 0 }],
          finish: rnd.pick(['end', 'destroy'] as const),
          mustAnswer: false,
        };
      },
    },
    slowHeaders: {
      weight: 40,
      make: () => {
        const request = Buffer.from(
          `GET /v1/users/${trickParam()} HTTP/1.1\r\nHost: guru\r\n${VERSION_HEADER}: 0.1.0\r\nAuthorization: Bearer ${ctx.owner}\r\n\r\n`,
          'latin1',
        );
        const cuts = [0, ...Array.from({ length: rnd.int(2, 5) }, () => rnd.int(1, request.length - 1)).sort((a, b) => a - b), request.length];
        const pieces = cuts.slice(1).map((end, i) => ({ bytes: request.subarray(cuts[i], end), pauseMs: rnd.int(50, 300) }));
        return { kind: 'raw', category: 'slowHeaders', pieces, finish: 'wait', mustAnswer: true };
      },
    },
  };
  return g;
}

// ---- sending ---------------------------------------------------------------------------------

interface Outcome {
  status: number | null; // null: closed without an answer
  text: string;
  headers: Record<string, string | string[] | undefined>;
  error?: string;
}

function sendRaw(socketPath: string, spec: RawSpec): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const split = text.indexOf('\r\n\r\n');
      const headers: Outcome['headers'] = {};
      for (const line of text.slice(0, split).split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const body = split >= 0 ? Buffer.from(text.slice(split + 4), 'latin1').toString('utf8') : '';
      const problem = error ?? socketError;
      resolve({ status: m ? Number(m[1]) : null, text: body, headers, ...(problem ? { error: problem } : {}) });
    };
    const timer = setTimeout(() => done('timeout'), spec.timeoutMs ?? TIMEOUT_MS);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      // One answer is all we wait for: stop once its declared body has arrived.
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text.slice(0, split));
      if (split >= 0 && length && Buffer.byteLength(text.slice(split + 4), 'latin1') >= Number(length[1])) done();
    });
    let socketError: string | undefined;
    // EPIPE/ECONNRESET after the daemon refused: judged by what arrived.
    socket.on('error', (err: NodeJS.ErrnoException) => (socketError = err.code ?? err.message));
    socket.on('close', () => done());
    socket.on('connect', async () => {
      for (const piece of spec.pieces) {
        if (piece.pauseMs) await new Promise((r) => setTimeout(r, piece.pauseMs));
        if (settled || socket.destroyed) return;
        const ok = socket.write(piece.bytes);
        if (!ok) await new Promise((r) => socket.once('drain', r).once('close', r));
      }
      if (spec.finish === 'end') socket.end();
      if (spec.finish === 'destroy') setImmediate(() => done());
    });
  });
}

async function send(socketPath: string, spec: Spec): Promise<Outcome> {
  if (spec.kind === 'raw') return sendRaw(socketPath, spec);
  try {
    const res = await rawRequest(socketPath, { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body, timeoutMs: TIMEOUT_MS });
    return { status: res.status, text: res.text, headers: res.headers };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { status: null, text: '', headers: {}, error: String(code) };
  }
}

/** What is wrong with an answer, or null. */
function judge(spec: Spec, out: Outcome): string | null {
  if (out.error === 'timeout' || out.error?.startsWith('no answer')) return 'no answer in time (hang)';
  if (out.status === null) {
    if (spec.kind === 'raw' && !spec.mustAnswer) return null; // cut off by the client, or refused mid-body
    // Large bodies (the 1 MB warm-up, huge strings): now and then, only on a loaded machine,
    // Node's client reports EPIPE although the daemon read the whole body and answered 4xx (in
    // the case reproduced, its log showed all 64 requests answered 400; never seen on a quiet machine). A
    // pipe closed after the answer is not a missing answer; 5xx and errors in the daemon's log
    // are still checked below.
    if (spec.kind === 'http' && (spec.body?.length ?? 0) >= 64 * 1024 && (out.error === 'EPIPE' || out.error === 'ECONNRESET')) return null;
    return `no answer (${out.error ?? 'closed'})`;
  }
  if (out.status >= 500) return `${out.status} ${out.text.slice(0, 200)}`;
  if (out.status < 400) return `not refused: ${out.status} ${out.text.slice(0, 200)}`;
  if (spec.kind === 'raw' && spec.status && out.status !== spec.status) return `${out.status}, want ${spec.status}`;
  if (out.headers[VERSION_HEADER] === undefined) return `${out.status} without a ${VERSION_HEADER} header`;
  if (spec.kind === 'http' && spec.method === 'HEAD') return null; // no body, by HTTP
  try {
    const body = JSON.parse(out.text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string')
      return `${out.status} body not {error:{code,message}}: ${out.text.slice(0, 200)}`;
  } catch {
    return `${out.status} body not JSON: ${JSON.stringify(out.text.slice(0, 200))}`;
  }
  return null;
}

const describeSpec = (spec: Spec) =>
  spec.kind === 'http'
    ? `${spec.category} ${spec.method} ${spec.path.slice(0, 160)} ${spec.body ? JSON.stringify(spec.body.subarray(0, 120).toString('utf8')) : ''}`
    : `${spec.category} raw ${JSON.stringify(
        Buffer.concat(spec.pieces.slice(0, 2).map((p) => p.bytes))
          .subarray(0, 200)
          .toString('latin1'),
      )} (${spec.finish})`;

describe('API fuzz (real daemon)', () => {
  let dir: string;
  let home: string;
  let socket: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let ctx: Context;

  beforeAll(async () => {
    dir = await makeTempDir('guru-fuzz-');
    home = join(dir, 'data');
    socket = join(home, 'guru.sock');
    await guruOk(home, ['init', '--name', 'Acme', '--seats', '10', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], {
      stdin: PASSWORD,
    });
    await guruOk(home, ['phone', 'add', SP]);
    // A capped heap: a leak would end the daemon (and "still up" fails) instead of hiding in RSS,
    // which V8 grows and keeps as it likes.
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory', NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` } });
    const owner = apiClient(home, ownerToken(home)).operations();
    await owner.departments.add('Vendas', ['chats.send']);
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PASSWORD });
    await owner.users.add({ email: 'off@acme.com', name: 'Off', password: PASSWORD });
    await owner.users.disable('off@acme.com');
    const bia = (await apiClient(home, null).login('bia@acme.com', PASSWORD)).token;
    const routes = daemonRoutes().map((r) => ({
      ...r,
      key: `${r.method} ${r.path}`,
      pattern: new RegExp(`^${r.path.replace(/:(\w+)/g, '[^/]+')}$`),
    }));
    // Streams and session enders stay out of the pool: a refused request to them proves nothing
    // the others do not, and an accepted one would end the fuzz's own session or the daemon.
    const pool = routes.filter(
      (r) => !['GET /v1/watch', 'POST /v1/logout', 'POST /v1/shutdown', 'POST /v1/login', 'POST /v1/phones/:number/link'].includes(r.key),
    );
    ctx = { owner: ownerToken(home), bia, routes: pool };
    // Every route that validates a body is known to the generators (a new one must be added).
    const validated = routes.filter((r) => r.method !== 'GET' && r.method !== 'DELETE' && !BODY_FIELDS[r.key]).map((r) => r.key);
    // `PUT /v1/media` takes raw bytes, not JSON: any body is a file (within its cap, test/api/streamed-routes).
    expect(validated.filter((k) => !/\/(disable|enable|invite|close|reopen|retry|read|unlink|link|logout|shutdown|login|outbox|alive|media)$/.test(k))).toEqual(
      [],
    );
  });

  afterAll(async () => {
    await daemon?.stop();
    if (dir) await removeDir(dir);
  });

  it(`10,000 malformed requests: all 4xx in the error format, no hang, daemon up, memory flat`, async () => {
    const g = generators(ctx);
    // GURU_FUZZ_ONLY=<category,…> narrows a rerun to what failed.
    const only = process.env.GURU_FUZZ_ONLY?.split(',');
    const names = Object.keys(g).filter((k) => !only || only.includes(k));
    const totalWeight = names.reduce((n, k) => n + g[k]!.weight, 0);
    // Categories are drawn up front; each request is made when its turn comes (in order, so
    // the seed still decides everything) to keep megabyte bodies from piling up in memory.
    const plan = Array.from({ length: TOTAL }, (_, i) => {
      if (i < 2 * CONCURRENCY && !only) return 'nearlyOneMegabyte';
      let roll = rnd.next() * totalWeight;
      return (
        names.find((k) => {
          roll -= g[k]!.weight;
          return roll < 0;
        }) ?? names[0]!
      );
    });

    // Requests whose headers stall: the daemon must time them out (408) rather than keep them.
    const stalled = Array.from({ length: 3 }, (_, i) =>
      sendRaw(socket, {
        kind: 'raw',
        category: 'stalled',
        pieces: [
          {
            bytes: Buffer.from(['GET /v1/us', 'GET /v1/users HTTP/1.1\r\nHost: gu', 'POST /v1/users HTTP/1.1\r\nContent-Length: 10\r\n'][i]!, 'latin1'),
            pauseMs: 0,
          },
        ],
        finish: 'wait',
        mustAnswer: true,
        status: 408,
        timeoutMs: 20_000, // the daemon's header timeout is 10 s
      }),
    );
    const started = Date.now();
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    let fiveXX = 0;
    const run = (batch: string[]) =>
      boundedAll(
        CONCURRENCY,
        batch.map((category) => async () => {
          const spec = g[category]!.make();
          counts[spec.category] = (counts[spec.category] ?? 0) + 1;
          const out = await send(socket, spec);
          if (out.status !== null && out.status >= 500) fiveXX++;
          const problem = judge(spec, out);
          if (problem && failures.length < 30) failures.push(`${problem} ← ${describeSpec(spec)}`);
        }),
      );

    // RSS is taken after the warm-up and half-way: growth is judged over the second half only,
    // once V8 has grown its heap to its working size (that first growth is not a leak; on
    // Node 24 it alone was ~50 MB).
    const HALF = WARM_UP + Math.floor((TOTAL - WARM_UP) / 2);
    await run(plan.slice(0, WARM_UP));
    const rssWarm = await rssMb(daemon.pid);
    await run(plan.slice(WARM_UP, HALF));
    const rssBefore = await rssMb(daemon.pid);
    await run(plan.slice(HALF));
    const rssAfter = await rssMb(daemon.pid);
    const stalledOutcomes = await Promise.all(stalled);
    stalledOutcomes.forEach((out, i) => {
      const problem = judge({ kind: 'raw', category: 'stalled', pieces: [], finish: 'wait', mustAnswer: true, status: 408 }, out);
      if (problem) failures.push(`stalled header #${i}: ${problem}`);
    });

    // Still up, still the same process, still answering, and nothing in its log is an error.
    expect(isAlive(daemon.pid)).toBe(true);
    const status = await apiClient(home, ctx.owner).status();
    expect(status.pid).toBe(daemon.pid);
    // A user is still served, on the session she had before: no fuzzed request may end it.
    // (One did: `/v1/users/%2E%2E/logout` was resolved to `/v1/logout` by the URL parser.)
    const biaStillIn = await apiClient(home, ctx.bia).operations().users.list();
    expect(biaStillIn.map((u) => u.email)).toEqual(['ana@acme.com', 'bia@acme.com', 'off@acme.com']);
    const errors = (await readFile(join(home, 'daemon.log'), 'utf8')).split('\n').filter((l) => /"level":(5|6)\d/.test(l));

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `api fuzz: ${TOTAL} malformed requests (seed ${SEED}), ${fiveXX} 5xx, ${failures.length} wrong, daemon ${isAlive(daemon.pid) ? 'up' : 'DOWN'}, ` +
        `RSS ${rssWarm.toFixed(0)}→${rssBefore.toFixed(0)}→${rssAfter.toFixed(0)} MB (heap cap ${HEAP_CAP_MB} MB), ${seconds} s, ${CONCURRENCY} at a time ` +
        `[${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}]`,
    );
    expect(failures, `seed ${SEED} (rerun with GURU_FUZZ_SEED=${SEED})`).toEqual([]);
    expect(fiveXX).toBe(0);
    expect(
      errors.map((l) => l.slice(0, 300)),
      'errors in the daemon log',
    ).toEqual([]);
    expect(rssAfter - rssBefore, `RSS grew ${rssBefore.toFixed(1)} → ${rssAfter.toFixed(1)} MB`).toBeLessThan(30);
  });
});
