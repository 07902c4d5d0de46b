import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyDeclaration } from '../../src/api/declare.js';
import { ENGINE_OPERATIONS, SERVICE_OPERATIONS } from '../../src/api/operations.js';
import { ACT_AS_HEADER, VERSION_HEADER } from '../../src/api/protocol.js';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { PERMISSIONS, type Permission } from '../../src/core/permissions.js';
import { apiClient, memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { freshStoreUrl, onPostgres } from '../helpers/postgres.js';
import { readFileSync } from 'node:fs';
import { boundedAll, rawRequest, type NetTarget, type RawResponse } from '../helpers/raw-http.js';
import { daemonRoutes } from '../helpers/routes.js';
import { PASSWORD, SP } from '../helpers/team.js';

/**
 * The authorisation matrix, against the real daemon process: every route of the router table
 * × every kind of caller, each answer compared with what DESIGN.md allows; then a normal user
 * guessing the ids of chats they may not see, which must look exactly like guessing ids of
 * chats that do not exist.
 */

const P2 = '+5511999990001'; // round-robin changes happen here, away from the chats' phone
const GHOST_PHONE = '+5521977770000'; // a valid number that is never registered
const enc = encodeURIComponent;

type Kind = 'owner' | 'user' | 'disabled' | 'anon' | 'bad' | 'forger';

interface Role {
  name: string;
  kind: Kind;
  token: string | null;
  actAs?: string;
  /** The user acting (none for the owner and strangers). */
  email?: string;
  admin: boolean;
  perms: ReadonlySet<Permission>;
  /** A chat assigned to whoever acts (an admin's for the owner and strangers). */
  chat: string;
}

interface Call {
  method: string;
  path: string;
  body?: unknown;
  /** An upload route's raw body (not JSON). */
  bytes?: string;
}

interface Case {
  call(role: Role): Call;
  /** The status DESIGN.md (and the engine's documented refusals) call for. */
  expect(role: Role): number;
  stream?: boolean;
}

/** Strangers get 401, a user forging `--as` 403, the rest `ok` when allowed and 403 when not. */
function gate(role: Role, allowed: boolean, ok: number): number {
  if (role.kind === 'anon' || role.kind === 'bad' || role.kind === 'disabled') return 401;
  if (role.kind === 'forger') return 403;
  return allowed ? ok : 403;
}
const anyone =
  (ok = 200) =>
  (r: Role) =>
    gate(r, true, ok);
const needs =
  (perm: Permission, ok = 200) =>
  (r: Role) =>
    gate(r, r.admin || r.perms.has(perm), ok);
const ownerOnly =
  (ok = 200) =>
  (r: Role) =>
    gate(r, r.kind === 'owner', ok);

const get = (path: string): Call => ({ method: 'GET', path });
const post = (path: string, body?: unknown): Call => ({ method: 'POST', path, body });
const slug = (name: string) =>
  name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/**
 * One expectation per route. Calls that change something are chosen to give the same answer
 * however often and in whatever order they run (an idempotent change, a conflict or a not-found
 * that the engine can only reach after the permission check), so the matrix needs no ordering.
 */
const CASES: Record<string, Case> = {
  'POST /v1/account/init': {
    call: () => post('/v1/account/init', { accountName: 'Evil', seats: 5, adminEmail: 'evil@acme.com', adminName: 'Evil', adminPassword: PASSWORD }),
    expect: ownerOnly(409), // already initialised: only the owner gets as far as being told so
  },
  'GET /v1/account': { call: () => get('/v1/account'), expect: anyone() },
  'PATCH /v1/account': { call: () => ({ method: 'PATCH', path: '/v1/account', body: { name: 'Acme' } }), expect: needs('users.manage') },

  'GET /v1/users': { call: () => get('/v1/users'), expect: anyone() },
  'GET /v1/users/:email': { call: () => get('/v1/users/target%40acme.com'), expect: anyone() },
  'POST /v1/users': {
    call: (r) => post('/v1/users', { email: `made-by-${slug(r.name)}@acme.com`, name: 'Made', password: PASSWORD }),
    expect: needs('users.manage'),
  },
  'PATCH /v1/users/:email': { call: () => ({ method: 'PATCH', path: '/v1/users/target%40acme.com', body: { name: 'Target' } }), expect: needs('users.manage') },
  'POST /v1/users/:email/password': { call: () => post('/v1/users/target%40acme.com/password', { password: PASSWORD }), expect: needs('users.manage') },
  'POST /v1/users/:email/disable': { call: () => post('/v1/users/toggle%40acme.com/disable'), expect: needs('users.manage') },
  'POST /v1/users/:email/enable': { call: () => post('/v1/users/toggle%40acme.com/enable'), expect: needs('users.manage') },
  // target@ holds nothing, so whoever manages users may see and end its (no) sessions.
  'GET /v1/users/:email/sessions': { call: () => get('/v1/users/target%40acme.com/sessions'), expect: needs('users.manage') },
  'POST /v1/users/:email/logout': { call: () => post('/v1/users/target%40acme.com/logout'), expect: needs('users.manage') },
  // target has no number: the invite comes back for the admin to pass on (a 200), every time.
  'POST /v1/users/:email/invite': { call: () => post('/v1/users/target%40acme.com/invite'), expect: needs('users.manage') },
  // Nobody has that email: whoever may remove users is told so (404, after the permission check;
  // `user list` is anyone's to read), so the matrix removes nobody it needs.
  'DELETE /v1/users/:email': { call: () => ({ method: 'DELETE', path: '/v1/users/gone%40acme.com' }), expect: needs('users.manage', 404) },

  // Anyone may see a colleague's status (presence is the team's); the owner has none of its own, so it names one.
  'GET /v1/availability': { call: () => get('/v1/availability?user=target%40acme.com'), expect: anyone() },
  // Someone else's status needs users.manage; target@ is online already, so the answer is the same every time.
  'PUT /v1/availability': {
    call: () => ({ method: 'PUT', path: '/v1/availability', body: { status: 'online', user: 'target@acme.com' } }),
    expect: needs('users.manage'),
  },
  'GET /v1/departments': { call: () => get('/v1/departments'), expect: anyone() },
  'GET /v1/departments/:name': { call: () => get('/v1/departments/Scratch'), expect: anyone() },
  'POST /v1/departments': { call: (r) => post('/v1/departments', { name: `Made by ${r.name}` }), expect: needs('departments.manage') },
  'POST /v1/departments/:name/rename': { call: () => post('/v1/departments/Scratch/rename', { name: 'Scratch' }), expect: needs('departments.manage') },
  // As for users: a department nobody made, 404 once the permission is checked.
  'DELETE /v1/departments/:name': { call: () => ({ method: 'DELETE', path: '/v1/departments/Gone' }), expect: needs('departments.manage', 404) },
  'POST /v1/departments/:name/members': {
    call: () => post('/v1/departments/Scratch/members', { emails: ['target@acme.com'] }),
    expect: needs('departments.manage'),
  },
  'DELETE /v1/departments/:name/members': {
    call: () => ({ method: 'DELETE', path: '/v1/departments/Scratch/members', body: { emails: ['login@acme.com'] } }),
    expect: needs('departments.manage', 400), // "not in Scratch", which only a manager may learn
  },
  // A manager may grant what they hold: departments.manage is the one every manager holds.
  'POST /v1/departments/:name/permissions': {
    call: () => post('/v1/departments/Scratch/permissions', { permissions: ['departments.manage'] }),
    expect: needs('departments.manage'),
  },
  'DELETE /v1/departments/:name/permissions': {
    call: () => ({ method: 'DELETE', path: '/v1/departments/Scratch/permissions', body: { permissions: ['departments.manage'] } }),
    expect: needs('departments.manage'),
  },

  'GET /v1/phones': { call: () => get('/v1/phones'), expect: anyone() },
  'GET /v1/phones/:number': { call: () => get(`/v1/phones/${enc(SP)}`), expect: anyone() },
  'POST /v1/phones': { call: () => post('/v1/phones', { number: SP }), expect: needs('phones.manage', 409) },
  'PUT /v1/phones/:number/hours': {
    call: () => ({ method: 'PUT', path: `/v1/phones/${enc(GHOST_PHONE)}/hours`, body: { spec: 'mon-fri 08:00-18:00' } }),
    expect: needs('phones.manage', 404),
  },
  'PATCH /v1/phones/:number': {
    call: () => ({ method: 'PATCH', path: `/v1/phones/${enc(SP)}`, body: { reassignWhenAbsent: false } }),
    expect: needs('phones.manage'),
  },
  'DELETE /v1/phones/:number': { call: () => ({ method: 'DELETE', path: `/v1/phones/${enc(GHOST_PHONE)}` }), expect: needs('phones.manage', 404) },
  'POST /v1/phones/:number/link': { call: () => post(`/v1/phones/${enc(GHOST_PHONE)}/link`, {}), expect: needs('phones.manage', 404), stream: true },
  'POST /v1/phones/:number/unlink': { call: () => post(`/v1/phones/${enc(GHOST_PHONE)}/unlink`), expect: needs('phones.manage', 404) },
  // A menu bot is the number's setting: phones.manage for all four; a number nobody registered is 404 once that is checked.
  'GET /v1/phones/:number/bot': { call: () => get(`/v1/phones/${enc(GHOST_PHONE)}/bot`), expect: needs('phones.manage', 404) },
  'PUT /v1/phones/:number/bot': {
    call: () => ({
      method: 'PUT',
      path: `/v1/phones/${enc(GHOST_PHONE)}/bot`,
      body: { source: 'greeting: Oi\nretry: Hein?\noptions:\n  - {key: 1, label: Scratch, department: Scratch}\n' },
    }),
    expect: needs('phones.manage', 404),
  },
  'DELETE /v1/phones/:number/bot': { call: () => ({ method: 'DELETE', path: `/v1/phones/${enc(GHOST_PHONE)}/bot` }), expect: needs('phones.manage', 404) },
  'POST /v1/phones/:number/bot/test': { call: () => post(`/v1/phones/${enc(GHOST_PHONE)}/bot/test`, { answers: ['2'] }), expect: needs('phones.manage', 404) },

  'GET /v1/round-robins/:phone': { call: () => get(`/v1/round-robins/${enc(P2)}`), expect: anyone() },
  'POST /v1/round-robins/:phone/entries': {
    call: () => post(`/v1/round-robins/${enc(P2)}/entries`, { target: 'user:target@acme.com' }),
    expect: needs('round_robin.manage'),
  },
  'DELETE /v1/round-robins/:phone/entries/:position': {
    call: () => ({ method: 'DELETE', path: `/v1/round-robins/${enc(P2)}/entries/999` }),
    expect: needs('round_robin.manage', 400), // out of range, told only to a manager
  },
  'POST /v1/round-robins/:phone/move': { call: () => post(`/v1/round-robins/${enc(P2)}/move`, { from: 1, to: 1 }), expect: needs('round_robin.manage') },
  'PATCH /v1/round-robins/:phone/entries/:position': {
    call: () => ({ method: 'PATCH', path: `/v1/round-robins/${enc(P2)}/entries/1`, body: { active: true } }),
    expect: needs('round_robin.manage'),
  },
  'GET /v1/round-robins/:phone/simulate': { call: () => get(`/v1/round-robins/${enc(P2)}/simulate?next=3`), expect: anyone() },

  'GET /v1/chats': { call: () => get('/v1/chats?status=all'), expect: anyone() },
  'GET /v1/chat-search': { call: () => get('/v1/chat-search?status=all&search=ol%C3%A1'), expect: anyone() },
  'GET /v1/chats/:chat': { call: (r) => get(`/v1/chats/${r.chat}`), expect: anyone() },
  'GET /v1/chats/:chat/why': { call: (r) => get(`/v1/chats/${r.chat}/why`), expect: anyone() },
  'POST /v1/chats/:chat/messages': {
    call: (r) => post(`/v1/chats/${r.chat}/messages`, { text: 'matrix' }),
    // The owner is nobody: it may do anything, but sending needs a person (`--as`).
    expect: (r) => (r.kind === 'owner' ? 400 : needs('chats.send')(r)),
  },
  'POST /v1/chats/:chat/assign': { call: (r) => post(`/v1/chats/${r.chat}/assign`, { user: r.email ?? 'ana@acme.com' }), expect: needs('chats.transfer') },
  'POST /v1/chats/:chat/close': { call: (r) => post(`/v1/chats/${r.chat}/close`), expect: needs('chats.close') },
  'POST /v1/chats/:chat/reopen': { call: (r) => post(`/v1/chats/${r.chat}/reopen`), expect: needs('chats.close') },
  'POST /v1/chats/:chat/read': { call: (r) => post(`/v1/chats/${r.chat}/read`), expect: anyone() },
  // An internal note needs only seeing the chat; the owner is nobody (a note needs an author: `--as`).
  'POST /v1/chats/:chat/notes': {
    call: (r) => post(`/v1/chats/${r.chat}/notes`, { text: `matrix note by ${r.name}` }),
    expect: (r) => (r.kind === 'owner' ? 400 : anyone()(r)),
  },
  // Not a number: whoever may start conversations learns only that (400), before WhatsApp is asked.
  // The owner is nobody: it may do anything, but a conversation needs a person (`--as`).
  'POST /v1/chats': {
    call: (r) => post('/v1/chats', { number: 'not-a-number', phone: SP, text: `matrix ${r.name}` }),
    expect: (r) => (r.kind === 'owner' ? 400 : gate(r, r.admin || (r.perms.has('chats.start') && r.perms.has('chats.send')), 400)),
  },
  // No such message: whoever may send learns only that (404), before anything is sent.
  'POST /v1/messages/:message/retry': { call: () => post('/v1/messages/NO-SUCH-MESSAGE/retry'), expect: needs('chats.send', 404) },
  // An empty file: whoever may send learns only that it is empty (400); nothing is kept.
  'PUT /v1/media': {
    call: () => ({ method: 'PUT', path: '/v1/media', bytes: '' }),
    expect: (r) => (r.kind === 'owner' ? 400 : needs('chats.send', 400)(r)),
  },
  'POST /v1/messages/:message/reactions': { call: () => post('/v1/messages/NO-SUCH-MESSAGE/reactions', { emoji: '👍' }), expect: needs('chats.send', 404) },
  // No such message: whoever sees every chat learns that (404); anyone else gets the answer a
  // message in a chat hidden from them gets (403), so an id tells nothing.
  'GET /v1/messages/:message/media': {
    call: () => get('/v1/messages/NO-SUCH-MESSAGE/media'),
    // contacts.privacy reaches every chat's files (an export takes them): nothing is hidden from it.
    expect: (r) => gate(r, true, r.kind === 'owner' || r.admin || r.perms.has('chats.view_all') || r.perms.has('contacts.privacy') ? 404 : 403),
  },

  // Contacts: whoever sees a chat with the customer may read and edit theirs (each role its own
  // chat's customer, named by the chat id; the same field set every time).
  'GET /v1/contacts': { call: () => get('/v1/contacts?search=9'), expect: anyone() },
  'GET /v1/contacts/:customer': { call: (r) => get(`/v1/contacts/${r.chat}`), expect: anyone() },
  'PATCH /v1/contacts/:customer': {
    call: (r) => ({ method: 'PATCH', path: `/v1/contacts/${r.chat}`, body: { fields: { matrix: 'yes' } } }),
    expect: anyone(),
  },
  // A customer's data (LGPD): contacts.privacy, whoever's chats they are in. A number nobody is
  // (erasing it changes nothing the other cases use; the owner holds every permission).
  'POST /v1/privacy/export': { call: () => post('/v1/privacy/export', { customer: '+5511900000099' }), expect: needs('contacts.privacy') },
  'POST /v1/privacy/erasure': { call: () => post('/v1/privacy/erasure', { customer: '+5511900000099' }), expect: needs('contacts.privacy') },
  'GET /v1/retention/plan': { call: () => get('/v1/retention/plan'), expect: needs('contacts.privacy') },
  'POST /v1/privacy/erase': { call: () => post('/v1/privacy/erase', { customer: '+5511900000099' }), expect: needs('contacts.privacy') },
  // Scheduled messages. A time in the past: whoever may send in the chat learns only that (400),
  // nothing is scheduled; the owner is nobody and cannot send (400). Listing: anyone, filtered by
  // what they see. Unscheduling a made-up id: whoever may send learns only that it is not found.
  'POST /v1/chats/:chat/scheduled': {
    call: (r) => post(`/v1/chats/${r.chat}/scheduled`, { text: 'matrix', at: '2000-01-01 09:00' }),
    expect: (r) => (r.kind === 'owner' ? 400 : needs('chats.send', 400)(r)),
  },
  'GET /v1/scheduled': { call: () => get('/v1/scheduled'), expect: anyone() },
  'DELETE /v1/scheduled/:id': { call: () => ({ method: 'DELETE', path: '/v1/scheduled/S-NO-SUCH' }), expect: needs('chats.send', 404) },

  // What the media store holds: anyone logged in (`daemon status` shows it too).
  'GET /v1/media-store': { call: () => get('/v1/media-store'), expect: anyone() },
  // Pruning is for admins; an age under a day is refused (400) only once the caller may prune.
  'POST /v1/media-store/prune': { call: () => post('/v1/media-store/prune', { olderThanMs: 1000 }), expect: (r) => gate(r, r.admin, 400) },

  'GET /v1/audit': { call: () => get('/v1/audit'), expect: needs('audit.view') },
  // Reports: every agent's figures, so reports.view (admins hold it).
  'GET /v1/reports': { call: () => get('/v1/reports?by=agent'), expect: needs('reports.view') },
  'GET /v1/phone-health': { call: () => get('/v1/phone-health'), expect: needs('reports.view') },
  'GET /v1/reports/panel': { call: () => get('/v1/reports/panel'), expect: needs('reports.view') },

  // Quick replies: one's own are anyone's; a department's or everyone's need quick_replies.manage
  // (a department nobody made: 404 once the permission is checked). A reply nobody has is not
  // found for everyone; filling one in needs a person (the owner: 400), and the chat seen.
  'GET /v1/quick-replies': { call: () => get('/v1/quick-replies'), expect: anyone() },
  'POST /v1/quick-replies': {
    call: () => post('/v1/quick-replies', { shortcut: '/matrix', text: 'matrix', dept: 'Nowhere' }),
    expect: needs('quick_replies.manage', 404),
  },
  'PATCH /v1/quick-replies/:ref': { call: () => ({ method: 'PATCH', path: '/v1/quick-replies/%2Fnope', body: { text: 'x' } }), expect: anyone(404) },
  'DELETE /v1/quick-replies/:ref': { call: () => ({ method: 'DELETE', path: '/v1/quick-replies/%2Fnope' }), expect: anyone(404) },
  'GET /v1/chats/:chat/quick-replies/:ref': {
    call: (r) => get(`/v1/chats/${r.chat}/quick-replies/%2Fnope`),
    expect: (r) => (r.kind === 'owner' ? 400 : anyone(404)(r)),
  },

  // Tags: anyone logged in reads the team's tags and tags a chat they see (their own here);
  // defining tags needs tags.manage. Renaming Scratch to itself changes nothing, every time.
  'GET /v1/tags': { call: () => get('/v1/tags'), expect: anyone() },
  'POST /v1/tags': { call: (r) => post('/v1/tags', { name: `T ${slug(r.name)}` }), expect: needs('tags.manage') },
  'PATCH /v1/tags/:name': { call: () => ({ method: 'PATCH', path: '/v1/tags/Scratch', body: { name: 'Scratch' } }), expect: needs('tags.manage') },
  // A tag nobody made: 404 once the permission is checked.
  'DELETE /v1/tags/:name': { call: () => ({ method: 'DELETE', path: '/v1/tags/Gone' }), expect: needs('tags.manage', 404) },
  'POST /v1/chats/:chat/tags': { call: (r) => post(`/v1/chats/${r.chat}/tags`, { add: ['Scratch'] }), expect: anyone() },

  'POST /v1/memory-transport/:phone/messages': {
    call: () => post(`/v1/memory-transport/${enc(SP)}/messages`, { from: '5511955550000@s.whatsapp.net', text: 'matrix', id: 'MATRIX-IN-1' }),
    expect: ownerOnly(),
  },
  'GET /v1/memory-transport/:phone/outbox': { call: () => get(`/v1/memory-transport/${enc(SP)}/outbox`), expect: ownerOnly() },
  'POST /v1/memory-transport/:phone/receipts': {
    call: () => post(`/v1/memory-transport/${enc(SP)}/receipts`, { id: 'NO-SUCH-MESSAGE', status: 'read' }),
    expect: ownerOnly(),
  },

  // Logging in asks for no credentials: whatever token comes along is irrelevant.
  'POST /v1/login': { call: () => post('/v1/login', { email: 'login@acme.com', password: PASSWORD }), expect: () => 200 },
  // Password recovery asks for no credentials either. No mail server is set up here: everyone
  // is told so (409); a reset with a wrong code fails as a wrong login does (one email per role,
  // so no email's wrong-code budget runs out).
  'POST /v1/password/forgot': { call: () => post('/v1/password/forgot', { email: 'login@acme.com' }), expect: () => 409 },
  'POST /v1/password/reset': {
    call: (r) => post('/v1/password/reset', { email: `reset-${slug(r.name)}@acme.com`, code: '00000000', password: PASSWORD }),
    expect: () => 401,
  },
  // So does redeeming an invite: a code that is not one is refused alike, whoever asks (each
  // role its own email, as wrong codes are throttled per email).
  'POST /v1/invites/redeem': {
    call: (r) => post('/v1/invites/redeem', { email: `invitee-${slug(r.name)}@acme.com`, code: 'AAAA-AAAA-AAAA', password: PASSWORD }),
    expect: () => 401,
  },
  'GET /v1/whoami': { call: () => get('/v1/whoami'), expect: anyone() },
  'GET /v1/status': { call: () => get('/v1/status'), expect: anyone() },
  'GET /v1/watch': { call: () => get('/v1/watch'), expect: anyone(), stream: true },
  // Nobody's stream has this id: every authenticated caller learns only that it is not there.
  'POST /v1/watch/:id/alive': { call: () => post('/v1/watch/no-such-stream/alive'), expect: anyone(404) },
  // These two end things, so they run last (see LAST).
  // The owner token is no session, acting as a user or not: nothing to end.
  'POST /v1/logout': { call: () => post('/v1/logout'), expect: (r) => (r.kind === 'owner' || (r.kind === 'user' && r.actAs) ? 400 : anyone()(r)) },
  'POST /v1/shutdown': { call: () => post('/v1/shutdown'), expect: ownerOnly() },
};
/** Run after everything else, in this order; the owner's shutdown is the very last request. */
const LAST = ['POST /v1/shutdown', 'POST /v1/logout'];

/** Routes that ask for no credentials (logging in, password recovery): a token sent along is ignored. */
const NO_CREDENTIALS = new Set(
  (Object.values({ ...ENGINE_OPERATIONS, ...SERVICE_OPERATIONS }) as AnyDeclaration[]).filter((d) => d.needs === 'nobody').map((d) => `${d.method} ${d.path}`),
);

const CODE_FOR: Record<number, string> = { 400: 'invalid_input', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found', 409: 'conflict' };

/**
 * The whole matrix runs once per door: the unix socket, and TCP with TLS (the daemon started
 * with `--listen 127.0.0.1:0`, the client trusting the certificate it serves). Over TCP the
 * owner token is no credential at all (401, `--as` with it too); everything else must answer
 * exactly as on the socket.
 */
describe.each(['the unix socket', 'TCP+TLS'] as const)('authorisation matrix (real daemon, over %s)', (door) => {
  const overTcp = door === 'TCP+TLS';
  let dir: string;
  let home: string;
  let target: string | NetTarget;
  let ownerTok: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let owner: ReturnType<ReturnType<typeof apiClient>['operations']>;
  const roles: Role[] = [];
  const wrong: string[] = [];
  let checked = 0;
  let visibilityChecked = 0;

  const send = (role: Pick<Role, 'token' | 'actAs'>, call: Call, stream = false): Promise<RawResponse> => {
    const headers: Record<string, string | number> = { [VERSION_HEADER]: '0.1.0' };
    if (role.token) headers.authorization = `Bearer ${role.token}`;
    if (role.actAs) headers[ACT_AS_HEADER] = role.actAs;
    let body: string | undefined;
    if (call.bytes !== undefined) {
      body = call.bytes;
      headers['content-type'] = 'application/octet-stream';
      headers['content-length'] = Buffer.byteLength(body);
    } else if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    // A bound, not a latency goal: thousands of writes, a scrypt per allowed password reset,
    // on a 2-core machine running other test files (one answer took over 10 s in CI).
    return rawRequest(target, { method: call.method, path: call.path, headers, body, headersOnly: stream, timeoutMs: 60_000 });
  };

  /** Over TCP a request with the owner token is a stranger's, except where no credentials are asked. */
  const expected = (route: string, c: Case, role: Role) => (overTcp && role.token === ownerTok && !NO_CREDENTIALS.has(route) ? 401 : c.expect(role));
  /** Callers who can act through this door (over TCP, not the owner token's). */
  const acting = (role: Role) => !(overTcp && role.token === ownerTok);

  /** Checks one answer: the status, and for refusals the {error:{code,message}} body. */
  const judge = (label: string, res: RawResponse, want: number, stream = false) => {
    checked++;
    if (res.status !== want) return void wrong.push(`${label}: got ${res.status}, want ${want} ${res.text.slice(0, 160)}`);
    if (want < 400 || stream) return;
    try {
      const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
      if (body.error?.code !== CODE_FOR[want] || typeof body.error?.message !== 'string' || body.error.message === '') {
        wrong.push(`${label}: error body ${res.text.slice(0, 160)}`);
      }
    } catch {
      wrong.push(`${label}: error body is not JSON: ${res.text.slice(0, 160)}`);
    }
  };

  beforeAll(async () => {
    dir = await makeTempDir(`guru-authz-${overTcp ? 'tls' : 'socket'}-`);
    home = join(dir, 'data');
    // In the `postgres` project the data dir keeps its data in a fresh schema of the run's server.
    const store = onPostgres() ? ['--store', freshStoreUrl('authz')] : [];
    await guruOk(home, ['init', '--name', 'Acme', '--seats', '500', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin', ...store], {
      stdin: PASSWORD,
    });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['phone', 'add', P2]);
    // Every caller guesses a reset code and an invite code from this one source: more callers
    // (one per permission) than the default budget of wrong guesses per source.
    daemon = await startDaemon(
      home,
      { env: { GURU_TRANSPORT: 'memory', GURU_LOGIN_MAX_FAILURES_PER_SOURCE: '1000' } },
      overTcp ? ['--listen', '127.0.0.1:0'] : [],
    );
    target = overTcp
      ? { host: '127.0.0.1', port: Number(daemon.listen!.address.split(':').at(-1)), ca: readFileSync(join(home, 'tls', 'cert.pem'), 'utf8'), keepAlive: true }
      : join(home, 'guru.sock');
    ownerTok = ownerToken(home);
    owner = apiClient(home, ownerToken(home)).operations();
    const phone = memoryPhone(home, SP);

    // The cast: one normal user per permission held directly, one per permission held through
    // a department, one with none, a disabled one, and the users the calls act on.
    const made: { email: string; perms: Permission[]; dept?: string }[] = [{ email: 'none@acme.com', perms: [] }];
    for (const perm of PERMISSIONS) {
      made.push({ email: `own-${perm}@acme.com`, perms: [perm] });
      await owner.departments.add(`Has ${perm}`, [perm]);
      made.push({ email: `dept-${perm}@acme.com`, perms: [perm], dept: `Has ${perm}` });
    }
    await owner.departments.add('Scratch');
    await owner.departments.add('Busy');
    await owner.tags.add('Scratch');
    const extras: typeof made = ['off', 'target', 'toggle', 'rr', 'login'].map((n) => ({ email: `${n}@acme.com`, perms: [] }));
    // A few at a time: each add is a 32 MB scrypt in the daemon.
    await boundedAll(
      4,
      [...made, ...extras].map(
        (u) => () =>
          owner.users.add({
            email: u.email,
            name: u.email.split('@')[0]!,
            password: PASSWORD,
            permissions: u.dept ? [] : u.perms,
            departments: u.dept ? [u.dept] : [],
          }),
      ),
    );
    await owner.roundRobin.add(P2, 'user:rr@acme.com');
    await owner.roundRobin.add(P2, 'dept:Busy');

    // One chat per acting user (the rodízio of SP is empty: chats arrive unassigned).
    const chatOf = new Map<string, string>();
    const actors = ['ana@acme.com', 'off@acme.com', ...made.map((u) => u.email)];
    for (const [i, email] of actors.entries()) {
      const customer = `+55119000${String(i).padStart(4, '0')}`;
      expect(await phone.write({ from: `${customer.slice(1)}@s.whatsapp.net`, text: `oi ${i}` })).toMatchObject({ newChat: true });
      const id = chatIdFor(SP, customer);
      await owner.chats.assign(id, { user: email });
      chatOf.set(email, id);
    }

    const login = async (email: string) => (await apiClient(home, null).login(email, PASSWORD)).token;
    const all = new Set<Permission>(PERMISSIONS);
    const token = ownerToken(home);
    const anaChat = chatOf.get('ana@acme.com')!;
    const noneChat = chatOf.get('none@acme.com')!;
    roles.push({ name: 'owner', kind: 'owner', token, admin: true, perms: all, chat: anaChat });
    roles.push({ name: 'admin', kind: 'user', token: await login('ana@acme.com'), email: 'ana@acme.com', admin: true, perms: all, chat: anaChat });
    const tokens = await boundedAll(
      4,
      made.map((u) => () => login(u.email)),
    );
    made.forEach((u, i) => {
      roles.push({
        name: u.email.split('@')[0]!,
        kind: 'user',
        token: tokens[i]!,
        email: u.email,
        admin: false,
        perms: new Set(u.perms),
        chat: chatOf.get(u.email)!,
      });
    });
    // The owner acting as a user (`--as`) is exactly that user, owner powers gone.
    roles.push({ name: 'owner-as-none', kind: 'user', token, actAs: 'none@acme.com', email: 'none@acme.com', admin: false, perms: new Set(), chat: noneChat });
    // Only the owner may act as someone else: a user trying it is refused outright.
    // (Its own session, so that none's logout in the matrix does not end it first.)
    roles.push({
      name: 'none-forging-as-admin',
      kind: 'forger',
      token: await login('none@acme.com'),
      actAs: 'ana@acme.com',
      admin: false,
      perms: new Set(),
      chat: noneChat,
    });
    const offToken = await login('off@acme.com');
    await owner.users.disable('off@acme.com');
    roles.push({
      name: 'disabled',
      kind: 'disabled',
      token: offToken,
      email: 'off@acme.com',
      admin: false,
      perms: new Set(),
      chat: chatOf.get('off@acme.com')!,
    });
    roles.push({ name: 'no-token', kind: 'anon', token: null, admin: false, perms: new Set(), chat: anaChat });
    roles.push({ name: 'bad-token', kind: 'bad', token: 'f'.repeat(64), admin: false, perms: new Set(), chat: anaChat });
    roles.push({
      name: 'owner-token-tampered',
      kind: 'bad',
      token: `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`,
      admin: false,
      perms: new Set(),
      chat: anaChat,
    });
  });

  afterAll(async () => {
    await daemon?.stop();
    if (dir) await removeDir(dir);
  });

  it('a normal user cannot see or touch a chat outside their view: guessed ids answer exactly like ids that do not exist', async () => {
    // Agents with the action permissions but a partial view: a department member, and one who
    // also sees unassigned chats.
    await owner.departments.add('Suporte');
    await owner.users.add({
      email: 'agent@acme.com',
      name: 'Agent',
      password: PASSWORD,
      permissions: ['chats.send', 'chats.transfer', 'chats.close'],
      departments: ['Suporte'],
    });
    await owner.users.add({
      email: 'triage@acme.com',
      name: 'Triage',
      password: PASSWORD,
      permissions: ['chats.send', 'chats.transfer', 'chats.close', 'chats.view_unassigned'],
    });
    const phone = memoryPhone(home, SP);
    const chats: Record<string, { id: string; customer: string }> = {};
    const open = async (name: string, n: number, assign?: { user?: string; dept?: string }, close = false) => {
      const customer = `+55119800${String(n).padStart(5, '0')}`;
      await phone.write({ from: `${customer.slice(1)}@s.whatsapp.net`, text: `${name}: a secret about ${customer}` });
      const id = chatIdFor(SP, customer);
      if (assign) await owner.chats.assign(id, assign);
      if (close) await owner.chats.close(id);
      chats[name] = { id, customer };
    };
    await open('agent-own', 1, { user: 'agent@acme.com' });
    await open('agent-dept', 2, { dept: 'Suporte' });
    await open('triage-own', 3, { user: 'triage@acme.com' });
    await open('admin', 4, { user: 'ana@acme.com' });
    await open('other-dept', 5, { dept: 'Busy' });
    await open('unassigned', 6);
    await open('closed-admin', 7, { user: 'ana@acme.com' }, true);
    for (const c of Object.values(chats)) await owner.chats.tag(c.id, { add: ['Scratch'] });

    const login = async (email: string) => ({ token: (await apiClient(home, null).login(email, PASSWORD)).token });
    const viewers = {
      agent: { who: await login('agent@acme.com'), sees: ['agent-own', 'agent-dept'] },
      triage: { who: await login('triage@acme.com'), sees: ['triage-own', 'unassigned'] },
      none: { who: await login('none@acme.com'), sees: [] as string[] },
    };

    const verbs: { verb: string; call: (ref: string) => Call }[] = [
      { verb: 'show', call: (ref) => get(`/v1/chats/${ref}`) },
      { verb: 'why', call: (ref) => get(`/v1/chats/${ref}/why`) },
      { verb: 'send', call: (ref) => post(`/v1/chats/${ref}/messages`, { text: 'let me in' }) },
      { verb: 'assign', call: (ref) => post(`/v1/chats/${ref}/assign`, { user: 'agent@acme.com' }) },
      { verb: 'close', call: (ref) => post(`/v1/chats/${ref}/close`) },
      { verb: 'reopen', call: (ref) => post(`/v1/chats/${ref}/reopen`) },
      { verb: 'read', call: (ref) => post(`/v1/chats/${ref}/read`) },
      { verb: 'quick reply', call: (ref) => get(`/v1/chats/${ref}/quick-replies/%2Fnope`) },
      { verb: 'contact show', call: (ref) => get(`/v1/contacts/${ref}`) },
      { verb: 'contact set', call: (ref) => ({ method: 'PATCH', path: `/v1/contacts/${ref}`, body: { name: 'Let Me In', fields: { x: 'y' } } }) },
      { verb: 'note', call: (ref) => post(`/v1/chats/${ref}/notes`, { text: 'let me in @ana' }) },
      { verb: 'tag', call: (ref) => post(`/v1/chats/${ref}/tags`, { add: ['Scratch'] }) },
    ];
    // Ways to name a chat: its id (derived from phone and customer, so computable), the
    // customer's number in several spellings, and path tricks around the id.
    const spellings = (c: { id: string; customer: string }) => [
      c.id,
      enc(c.customer),
      c.customer.slice(1),
      enc(`${c.customer.slice(1)}@s.whatsapp.net`),
      enc(` ${c.id} `),
      `..%2F${c.id}`,
      `%2e%2e%2F${c.id}`,
      `${c.id}%2F..`,
      `${c.id}%00`,
    ];
    const ghosts = Array.from({ length: 5 }, (_, i) => ({ id: chatIdFor(SP, `+5511970000${i}00`), customer: `+5511970000${i}00` }));

    const snapshot = async () => ({
      chats: await Promise.all(
        Object.values(chats).map(async (c) => {
          const { assignee, status, unread, messages } = await owner.chats.show(c.id);
          return { assignee, status, unread, messages: messages.length };
        }),
      ),
      outbox: (await phone.outbox()).length,
      contacts: await owner.contacts.list(),
    });
    const before = await snapshot();

    /** The answer with the ref blanked out: what an observer could compare. */
    const shape = (res: RawResponse, ref: string) => {
      let error: { code?: string; message?: string } = {};
      try {
        error = (JSON.parse(res.text) as { error?: typeof error }).error ?? {};
      } catch {
        // not JSON: the raw text will differ from a ghost's, which is the point
      }
      return `${res.status} ${error.code} ${(error.message ?? res.text).split(decodeURIComponent(ref)).join('<ref>')}`;
    };
    for (const [name, { who, sees }] of Object.entries(viewers)) {
      for (const { verb, call } of verbs) {
        const ghostShapes = new Set<string>();
        for (const ghost of ghosts) {
          for (const ref of spellings(ghost)) {
            const res = await send(who, call(ref));
            visibilityChecked++;
            if (res.status !== 403) wrong.push(`${name} ${verb} ghost ${ref}: got ${res.status} ${res.text.slice(0, 120)}`);
            ghostShapes.add(shape(res, ref));
          }
        }
        if (ghostShapes.size !== 1) wrong.push(`${name} ${verb}: ghosts answer in ${ghostShapes.size} ways: ${[...ghostShapes].join(' | ')}`);
        for (const [chatName, chat] of Object.entries(chats)) {
          if (sees.includes(chatName)) continue;
          for (const ref of spellings(chat)) {
            const res = await send(who, call(ref));
            visibilityChecked++;
            if (!ghostShapes.has(shape(res, ref)))
              wrong.push(`${name} ${verb} ${chatName} as ${ref}: distinguishable from a ghost: ${shape(res, ref).slice(0, 200)}`);
          }
        }
      }
      // Sanity: what they may see answers (so the refusals above are about visibility).
      for (const chatName of sees) {
        const res = await send(who, get(`/v1/chats/${chats[chatName]!.id}`));
        visibilityChecked++;
        if (res.status !== 200) wrong.push(`${name} show own ${chatName}: got ${res.status}`);
      }
      const listed = JSON.parse((await send(who, get('/v1/chats?status=all'))).text) as { id: string }[];
      visibilityChecked++;
      const wanted = sees.map((s) => chats[s]!.id).sort();
      const got = listed
        .map((c) => c.id)
        .filter((id) => Object.values(chats).some((c) => c.id === id))
        .sort();
      if (JSON.stringify(got) !== JSON.stringify(wanted)) wrong.push(`${name} list: ${got} ≠ ${wanted}`);
      // Every one of these chats wears Scratch (tagged by the owner): a tag filter shows no more.
      for (const mode of ['all', 'any']) {
        const tagged = JSON.parse((await send(who, get(`/v1/chats?status=all&tags=Scratch&tagMode=${mode}`))).text) as { id: string }[];
        visibilityChecked++;
        const ids = tagged
          .map((c) => c.id)
          .filter((id) => Object.values(chats).some((c) => c.id === id))
          .sort();
        if (JSON.stringify(ids) !== JSON.stringify(wanted)) wrong.push(`${name} list --tag Scratch --tag-mode ${mode}: ${ids} ≠ ${wanted}`);
      }
    }
    // None of those attempts changed a thing: no assignee, status, unread count, message or send.
    expect(await snapshot()).toEqual(before);
    expect(wrong).toEqual([]);
  });

  it('a manager who is not an admin cannot hand out more than they hold, nor touch admins', async () => {
    const as = (name: string) => roles.find((r) => r.name === name)!;
    const cases: [string, Call, number][] = [
      ['own-users.manage', post('/v1/users', { email: 'esc1@acme.com', name: 'E', password: PASSWORD, role: 'admin' }), 403],
      ['own-users.manage', post('/v1/users', { email: 'esc2@acme.com', name: 'E', password: PASSWORD, permissions: ['audit.view'] }), 403],
      ['dept-users.manage', { method: 'PATCH', path: '/v1/users/target%40acme.com', body: { addPermissions: ['chats.view_all'] } }, 403],
      ['own-users.manage', { method: 'PATCH', path: '/v1/users/none%40acme.com', body: { role: 'admin' } }, 403],
      ['own-users.manage', { method: 'PATCH', path: '/v1/users/ana%40acme.com', body: { name: 'Not Ana' } }, 403],
      ['dept-users.manage', post('/v1/users/ana%40acme.com/password', { password: 'taken over at last' }), 403],
      ['own-users.manage', post('/v1/users/ana%40acme.com/disable'), 403],
      ['own-departments.manage', post('/v1/departments/Scratch/permissions', { permissions: ['chats.view_all'] }), 403],
      ['dept-departments.manage', post('/v1/departments', { name: 'Back door', permissions: ['users.manage'] }), 403],
      ['none', post('/v1/users/target%40acme.com/password', { password: PASSWORD }), 403],
    ];
    for (const [name, call, want] of cases)
      judge(`escalation: ${call.method} ${call.path} ${JSON.stringify(call.body)} as ${name}`, await send(as(name), call), want);
    // Everyone may change their own password (which ends their sessions: a throwaway one here).
    const self = { token: (await apiClient(home, null).login('login@acme.com', PASSWORD)).token };
    judge('own password as a user without permissions', await send(self, post('/v1/users/login%40acme.com/password', { password: PASSWORD })), 200);
    judge('that session ends with the old password', await send(self, get('/v1/whoami')), 401);
    expect(wrong).toEqual([]);
  });

  // Once, over the socket: which grants the engine allows does not depend on the door (the door's
  // own rule — no owner token over TCP — is the route matrix's), and it is the file's longest test.
  it.runIf(!overTcp)('no grant path — membership, departments, a new user, an edit, a password reset — gives anyone more than the granter holds', async () => {
    // Every caller that acts (owner, admin, each permission held directly or through a
    // department, none), × every permission Q, × every path that could hand Q to someone.
    const actors = roles.filter((r) => (r.kind === 'owner' || r.kind === 'user') && acting(r));
    const grantee = (r: Role) => `grantee-${slug(r.name)}@acme.com`;
    // Reset targets hold exactly one permission each; nobody logs in as them, so a reset that is
    // allowed ends no session the route matrix needs.
    await owner.departments.add('Staffed');
    await boundedAll(4, [
      ...actors.map((r) => () => owner.users.add({ email: grantee(r), name: `Grantee ${r.name}`, password: PASSWORD })),
      ...PERMISSIONS.map((q) => () => owner.users.add({ email: `holder-${slug(q)}@acme.com`, name: `Holder ${q}`, password: PASSWORD, permissions: [q] })),
      () => owner.users.add({ email: 'crew@acme.com', name: 'Crew', password: PASSWORD, departments: ['Staffed'] }),
      () => owner.users.add({ email: 'boss@acme.com', name: 'Boss', password: PASSWORD, role: 'admin' }),
    ]);

    /** Allowed exactly when the caller holds the path's manage permission and Q (admins: always). */
    const allowed = (r: Role, manage: Permission, q: Permission) => r.admin || (r.perms.has(manage) && r.perms.has(q));
    const u = (email: string) => `/v1/users/${enc(email)}`;
    const d = (name: string) => `/v1/departments/${enc(name)}`;
    const paths: { path: string; manage: Permission; self?: boolean; call: (r: Role, q: Permission) => Call }[] = [
      { path: 'join a department', manage: 'departments.manage', self: true, call: (r, q) => post(`${d(`Has ${q}`)}/members`, { emails: [r.email] }) },
      { path: 'add a member', manage: 'departments.manage', call: (r, q) => post(`${d(`Has ${q}`)}/members`, { emails: [grantee(r)] }) },
      { path: 'add to a staffed department', manage: 'departments.manage', call: (_r, q) => post(`${d('Staffed')}/permissions`, { permissions: [q] }) },
      { path: 'create a department', manage: 'departments.manage', call: (r, q) => post('/v1/departments', { name: `Made ${r.name} ${q}`, permissions: [q] }) },
      {
        path: 'create a user in a department',
        manage: 'users.manage',
        call: (r, q) => post('/v1/users', { email: `d-${slug(r.name)}-${slug(q)}@acme.com`, name: 'D', password: PASSWORD, departments: [`Has ${q}`] }),
      },
      {
        path: 'create a user with it',
        manage: 'users.manage',
        call: (r, q) => post('/v1/users', { email: `p-${slug(r.name)}-${slug(q)}@acme.com`, name: 'P', password: PASSWORD, permissions: [q] }),
      },
      { path: 'set departments', manage: 'users.manage', call: (r, q) => ({ method: 'PATCH', path: u(grantee(r)), body: { departments: [`Has ${q}`] } }) },
      {
        path: 'set own departments',
        manage: 'users.manage',
        self: true,
        call: (r, q) => ({ method: 'PATCH', path: u(r.email!), body: { departments: [`Has ${q}`] } }),
      },
      { path: 'add a permission', manage: 'users.manage', call: (r, q) => ({ method: 'PATCH', path: u(grantee(r)), body: { addPermissions: [q] } }) },
      {
        path: 'add an own permission',
        manage: 'users.manage',
        self: true,
        call: (r, q) => ({ method: 'PATCH', path: u(r.email!), body: { addPermissions: [q] } }),
      },
      {
        path: 'reset the password of a holder',
        manage: 'users.manage',
        call: (_r, q) => post(`${u(`holder-${slug(q)}@acme.com`)}/password`, { password: PASSWORD }),
      },
    ];
    const tasks: (() => Promise<void>)[] = [];
    const before = checked;
    for (const r of actors) {
      for (const p of paths) {
        if (p.self && !r.email) continue; // the owner is nobody: it has no self to raise
        for (const q of PERMISSIONS) {
          tasks.push(async () => {
            const ok = allowed(r, p.manage, q);
            const label = `grant ${q} (${p.path}) as ${r.name}`;
            const res = await send(r, p.call(r, q));
            judge(label, res, ok ? 200 : 403);
            // Someone allowed to manage is told which permission they lack.
            if (!ok && r.perms.has(p.manage) && !res.text.includes(`you cannot give ${q}`))
              wrong.push(`${label}: refusal does not name ${q}: ${res.text.slice(0, 160)}`);
          });
        }
      }
      // Only admins touch admins: edit, reset, create, promote, disable and enable.
      tasks.push(async () => {
        const touches: [string, Call][] = [
          ['edit an admin', { method: 'PATCH', path: u('boss@acme.com'), body: { name: 'Boss' } }],
          ['reset an admin’s password', post(`${u('boss@acme.com')}/password`, { password: PASSWORD })],
          ['create an admin', post('/v1/users', { email: `admin-by-${slug(r.name)}@acme.com`, name: 'A', password: PASSWORD, role: 'admin' })],
          ['promote to admin', { method: 'PATCH', path: u(`holder-${slug('chats.send')}@acme.com`), body: { role: r.admin ? 'normal' : 'admin' } }],
          ['disable an admin', post(`${u('boss@acme.com')}/disable`)],
          ['enable an admin', post(`${u('boss@acme.com')}/enable`)],
        ];
        for (const [what, call] of touches) {
          const res = await send(r, call);
          judge(`${what} as ${r.name}`, res, r.admin ? 200 : 403);
          if (!r.admin && r.perms.has('users.manage') && !/only admins/.test(res.text))
            wrong.push(`${what} as ${r.name}: refusal does not say only admins: ${res.text.slice(0, 160)}`);
        }
      });
    }
    await boundedAll(8, tasks);

    // Whatever was allowed, nobody ended up holding more than whoever could have given it.
    const users = new Map((await owner.users.list()).map((v) => [v.email, v]));
    for (const r of actors.filter((a) => !a.admin)) {
      const made = [...users.values()].filter((v) => v.email === r.email || v.email === grantee(r) || v.email.includes(`-${slug(r.name)}-`));
      for (const v of made) {
        const beyond = v.effectivePermissions.filter((p) => !r.perms.has(p));
        if (v.role === 'admin' || beyond.length > 0)
          wrong.push(`${v.email} holds ${v.role === 'admin' ? 'admin' : beyond.join(', ')}, beyond what ${r.name} holds`);
      }
    }
    expect(users.get('boss@acme.com')).toMatchObject({ role: 'admin', active: true, name: 'Boss' });
    console.log(`grant matrix: ${checked - before} grant and admin-touch cases checked over ${actors.length} callers, ${wrong.length} wrong`);
    expect(wrong).toEqual([]);
  });

  it('every route × every caller is allowed exactly when DESIGN.md says', async () => {
    const routes = daemonRoutes().map((r) => `${r.method} ${r.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    // A route without an expectation fails here: add it to CASES with what DESIGN.md says.
    expect(
      routes.filter((r) => !(r in CASES)),
      'routes with no expectation in CASES',
    ).toEqual([]);
    expect(
      Object.keys(CASES).filter((r) => !routes.includes(r)),
      'expectations for routes that no longer exist',
    ).toEqual([]);

    const ordered = [...routes.filter((r) => !LAST.includes(r)), ...LAST];
    const before = checked;
    for (const route of ordered) {
      const c = CASES[route]!;
      const callers = route === 'POST /v1/shutdown' ? roles.filter((r) => r.kind !== 'owner') : roles;
      await boundedAll(
        8,
        callers.map((role) => async () => {
          const call = c.call(role);
          judge(`${route} as ${role.name} (${call.method} ${call.path})`, await send(role, call, c.stream), expected(route, c, role), c.stream);
        }),
      );
    }
    // The last request of all: the owner stops the daemon, which then really exits (over TCP
    // the owner is refused; it stops the daemon on the socket, as it only can).
    const ownerRole = roles.find((r) => r.kind === 'owner')!;
    const shutdown = CASES['POST /v1/shutdown']!;
    judge('POST /v1/shutdown as owner', await send(ownerRole, post('/v1/shutdown')), expected('POST /v1/shutdown', shutdown, ownerRole));
    if (overTcp) {
      const local = await rawRequest(join(home, 'guru.sock'), { method: 'POST', path: '/v1/shutdown', headers: { authorization: `Bearer ${ownerTok}` } });
      expect(local.status).toBe(200);
    }
    for (let i = 0; i < 100 && (await guru(home, ['daemon', 'status', '--json'])).code === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await guru(home, ['daemon', 'status', '--json'])).code).toBe(3);

    const matrix = checked - before;
    const others = before;
    expect(matrix).toBe(routes.length * roles.length);
    console.log(
      `authz matrix: ${matrix} route×role cases checked (${routes.length} routes × ${roles.length} callers), ` +
        `${visibilityChecked} hidden-chat guesses and ${others} escalation cases checked, ${wrong.length} wrong`,
    );
    expect(wrong).toEqual([]);
  });
});
