import type { LinkEvent } from '../core/link.js';
import type { ChatListFilter } from '../core/ops/chats.js';
import type { ForgotResult } from '../core/recovery.js';
import type { LoginResult } from '../core/sessions.js';
import type { PhoneHealth } from '../core/phone-health.js';
import { engineOperation as engine, serviceOperation as service, type EngineOperationName, type Zod } from './declare.js';
import * as out from './outputs.js';
import { MAX_UPLOAD_BYTES } from '../core/media/limits.js';
import type { DaemonStatus, WatchEvent, WhoAmI } from './protocol.js';
import { t } from '../i18n/translate.js';

/**
 * Every operation of the daemon's API, declared once: method and path, who may call, the
 * request's zod schema, the answer's, and how a call's arguments travel. The typed client
 * (`src/client`) and the daemon's router (`src/daemon/routes.ts`) are both derived from these
 * tables. Adding an operation: the engine function, one declaration here, its command.
 */

// Shapes shared by several requests. Meaning (a real email, a known department) is the
// engine's to check; these check types and bound sizes.
const text = (z: Zod) => z.string().max(10_000);
const list = (z: Zod) => z.array(text(z)).max(1_000);
const role = (z: Zod) => z.enum(['admin', 'normal']);
/** A 1-based position in a round-robin queue, from the path. */
const position = (z: Zod) => z.object({ position: z.coerce.number().int() });

/** A comma-separated list from a query ("" or absent: none). */
const commaList = (value: string | undefined): string[] => (value ? value.split(',').filter(Boolean) : []);
/** A simulation's pretended loads as `email=N,email=N`. */
const encodeLoad = (load: Record<string, number> | undefined): string | undefined =>
  load && Object.keys(load).length > 0
    ? Object.entries(load)
        .map(([email, n]) => `${email}=${n}`)
        .join(',')
    : undefined;
/** What `encodeLoad` wrote; a pair that is not `email=N` becomes NaN, which the engine refuses by name. */
const decodeLoad = (value: string | undefined): Record<string, number> => {
  const load: Record<string, number> = {};
  for (const pair of commaList(value)) {
    const at = pair.lastIndexOf('=');
    load[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? Number.NaN : Number(pair.slice(at + 1));
  }
  return load;
};

/** The filter of `chats.list` and `chats.search`, as a query. */
const chatFilter = (z: Zod) =>
  z.object({
    query: z.object({
      all: z.literal('1').optional(),
      mine: z.literal('1').optional(),
      unassigned: z.literal('1').optional(),
      dept: text(z).optional(),
      status: z.enum(['open', 'closed', 'all']).optional(),
      search: text(z).optional(),
      tags: text(z).optional(),
      tagMode: z.enum(['all', 'any', 'none']).optional(),
    }),
  });
const encodeChatFilter = (filter: ChatListFilter = {}) => ({
  query: {
    all: filter.all ? ('1' as const) : undefined,
    mine: filter.mine ? ('1' as const) : undefined,
    unassigned: filter.unassigned ? ('1' as const) : undefined,
    dept: filter.dept,
    status: filter.status,
    search: filter.search,
    // Names joined by commas: a tag name never holds one (`checkTagName`).
    tags: filter.tags && filter.tags.length > 0 ? filter.tags.join(',') : undefined,
    tagMode: filter.tagMode,
  },
});
const decodeChatFilter = ({
  query: q,
}: {
  query: {
    all?: '1';
    mine?: '1';
    unassigned?: '1';
    dept?: string;
    status?: 'open' | 'closed' | 'all';
    search?: string;
    tags?: string;
    tagMode?: 'all' | 'any' | 'none';
  };
}): [ChatListFilter] => [
  {
    all: q.all === '1',
    mine: q.mine === '1',
    unassigned: q.unassigned === '1',
    dept: q.dept,
    status: q.status,
    search: q.search,
    ...(q.tags ? { tags: q.tags.split(',').filter((t) => t.trim() !== '') } : {}),
    ...(q.tagMode ? { tagMode: q.tagMode } : {}),
  },
];

/** `?unassign=1`: the open chats left behind stay unassigned instead of going to the rodízio. */
const handoverQuery = (z: Zod) => z.object({ query: z.object({ unassign: z.literal('1').optional() }) });
const encodeHandover = (options: { unassign?: boolean } = {}) => ({ query: { unassign: options.unassign ? ('1' as const) : undefined } });
const decodeHandover = (query: { unassign?: '1' }) => (query.unassign === '1' ? { unassign: true } : {});

const none = () => ({});
const noArgs = (): [] => [];

/** The engine's operations: over the socket here, or in-process (`src/client/local.ts`). */
export const ENGINE_OPERATIONS = {
  'account.init': engine('account.init', {
    method: 'POST',
    path: '/v1/account/init',
    input: (z) =>
      z.object({ body: z.strictObject({ accountName: text(z), seats: z.number().int(), adminEmail: text(z), adminName: text(z), adminPassword: text(z) }) }),
    output: (z) => z.object({ account: out.account(z), admin: out.user(z) }),
    encode: (input) => ({ body: input }),
    decode: ({ body }) => [body],
  }),
  'account.show': engine('account.show', { method: 'GET', path: '/v1/account', output: out.account, encode: none, decode: noArgs }),
  'account.set': engine('account.set', {
    method: 'PATCH',
    path: '/v1/account',
    input: (z) =>
      z.object({
        body: z.strictObject({
          name: text(z).optional(),
          seats: z.number().int().optional(),
          sessionIdleMs: z.number().int().optional(),
          awayAfterMs: z.number().int().optional(),
          smtp: text(z).nullable().optional(),
          mailFrom: text(z).optional(),
          publicAddress: text(z).nullable().optional(),
          listen: text(z).nullable().optional(),
          mediaQuota: z.number().int().nullable().optional(),
          timeZone: z.string().max(100).nullable().optional(),
          retention: z.string().max(100).nullable().optional(),
        }),
      }),
    output: out.account,
    encode: (patch) => ({ body: patch }),
    decode: ({ body }) => [body],
  }),

  'media.usage': engine('media.usage', { method: 'GET', path: '/v1/media-store', output: out.mediaUsage, encode: none, decode: noArgs }),
  'media.prune': engine('media.prune', {
    method: 'POST',
    path: '/v1/media-store/prune',
    input: (z) => z.object({ body: z.strictObject({ olderThanMs: z.number().int(), dryRun: z.boolean().optional() }) }),
    output: out.mediaPrune,
    encode: (options) => ({ body: options }),
    decode: ({ body }) => [body],
  }),

  'users.list': engine('users.list', { method: 'GET', path: '/v1/users', output: (z) => z.array(out.user(z)), encode: none, decode: noArgs }),
  'users.show': engine('users.show', {
    method: 'GET',
    path: '/v1/users/:email',
    output: out.user,
    encode: (email) => ({ params: { email } }),
    decode: (_, p) => [p.email ?? ''],
  }),
  'users.add': engine('users.add', {
    method: 'POST',
    path: '/v1/users',
    input: (z) =>
      z.object({
        body: z.strictObject({
          email: text(z),
          name: text(z),
          password: text(z).optional(),
          whatsapp: text(z).nullable().optional(),
          visibleName: text(z).nullable().optional(),
          role: role(z).optional(),
          permissions: list(z).optional(),
          departments: list(z).optional(),
        }),
      }),
    output: out.user,
    encode: (input) => ({ body: input }),
    decode: ({ body }) => [body],
  }),
  'users.edit': engine('users.edit', {
    method: 'PATCH',
    path: '/v1/users/:email',
    input: (z) =>
      z.object({
        body: z.strictObject({
          email: text(z).optional(),
          name: text(z).optional(),
          visibleName: text(z).nullable().optional(),
          whatsapp: text(z).nullable().optional(),
          role: role(z).optional(),
          permissions: list(z).optional(),
          addPermissions: list(z).optional(),
          removePermissions: list(z).optional(),
          departments: list(z).optional(),
        }),
      }),
    output: out.user,
    encode: (email, patch) => ({ params: { email }, body: patch }),
    decode: ({ body }, p) => [p.email ?? '', body],
  }),
  'users.passwd': engine('users.passwd', {
    method: 'POST',
    path: '/v1/users/:email/password',
    input: (z) => z.object({ body: z.strictObject({ password: text(z) }) }),
    output: out.user,
    encode: (email, password) => ({ params: { email }, body: { password } }),
    decode: ({ body }, p) => [p.email ?? '', body.password],
  }),
  /** A new one-time invite code, sent to the user's WhatsApp (or back, for the admin to pass on). */
  'users.invite': engine('users.invite', {
    method: 'POST',
    path: '/v1/users/:email/invite',
    output: out.invite,
    encode: (email) => ({ params: { email } }),
    decode: (_, p) => [p.email ?? ''],
  }),
  'users.disable': engine('users.disable', {
    method: 'POST',
    path: '/v1/users/:email/disable',
    input: handoverQuery,
    output: (z) => out.user(z).extend({ handover: out.handover(z) }),
    encode: (email, options) => ({ params: { email }, ...encodeHandover(options) }),
    decode: ({ query }, p) => [p.email ?? '', decodeHandover(query)],
  }),
  'users.enable': engine('users.enable', {
    method: 'POST',
    path: '/v1/users/:email/enable',
    output: out.user,
    encode: (email) => ({ params: { email } }),
    decode: (_, p) => [p.email ?? ''],
  }),
  'users.sessions': engine('users.sessions', {
    method: 'GET',
    path: '/v1/users/:email/sessions',
    output: (z) => z.array(out.session(z)),
    encode: (email) => ({ params: { email } }),
    decode: (_, p) => [p.email ?? ''],
  }),
  'users.logout': engine('users.logout', {
    method: 'POST',
    path: '/v1/users/:email/logout',
    output: out.sessionsEnded,
    encode: (email) => ({ params: { email } }),
    decode: (_, p) => [p.email ?? ''],
  }),
  'users.remove': engine('users.remove', {
    method: 'DELETE',
    path: '/v1/users/:email',
    input: handoverQuery,
    output: (z) => out.user(z).extend({ roundRobin: out.roundRobinRemovals(z), handover: out.handover(z) }),
    encode: (email, options) => ({ params: { email }, ...encodeHandover(options) }),
    decode: ({ query }, p) => [p.email ?? '', decodeHandover(query)],
  }),

  /** Your own status (or `?user=`'s): online, busy or away, and what presence shows of it. */
  'status.show': engine('status.show', {
    method: 'GET',
    path: '/v1/availability',
    input: (z) => z.object({ query: z.object({ user: text(z).optional() }) }),
    output: out.status,
    encode: (email) => ({ query: { user: email } }),
    decode: ({ query }) => [query.user],
  }),
  /** Says you are online, busy or away (someone else, `user`, with `users.manage`). */
  'status.set': engine('status.set', {
    method: 'PUT',
    path: '/v1/availability',
    input: (z) => z.object({ body: z.strictObject({ status: z.enum(['online', 'busy', 'away']), user: text(z).optional(), auto: z.boolean().optional() }) }),
    output: out.status,
    encode: (status, options = {}) => ({ body: { status, ...options } }),
    decode: ({ body: { status, ...options } }) => [status, options],
  }),
  'departments.list': engine('departments.list', {
    method: 'GET',
    path: '/v1/departments',
    output: (z) => z.array(out.department(z)),
    encode: none,
    decode: noArgs,
  }),
  'departments.show': engine('departments.show', {
    method: 'GET',
    path: '/v1/departments/:name',
    output: out.department,
    encode: (name) => ({ params: { name } }),
    decode: (_, p) => [p.name ?? ''],
  }),
  'departments.add': engine('departments.add', {
    method: 'POST',
    path: '/v1/departments',
    input: (z) => z.object({ body: z.strictObject({ name: text(z), permissions: list(z).optional() }) }),
    output: out.department,
    encode: (name, permissions) => ({ body: { name, permissions: permissions ?? [] } }),
    decode: ({ body }) => [body.name, body.permissions ?? []],
  }),
  'departments.rename': engine('departments.rename', {
    method: 'POST',
    path: '/v1/departments/:name/rename',
    input: (z) => z.object({ body: z.strictObject({ name: text(z) }) }),
    output: out.department,
    encode: (name, to) => ({ params: { name }, body: { name: to } }),
    decode: ({ body }, p) => [p.name ?? '', body.name],
  }),
  'departments.remove': engine('departments.remove', {
    method: 'DELETE',
    path: '/v1/departments/:name',
    input: handoverQuery,
    output: (z) => out.department(z).extend({ roundRobin: out.roundRobinRemovals(z), handover: out.handover(z) }),
    encode: (name, options) => ({ params: { name }, ...encodeHandover(options) }),
    decode: ({ query }, p) => [p.name ?? '', decodeHandover(query)],
  }),
  'departments.addMembers': engine('departments.addMembers', {
    method: 'POST',
    path: '/v1/departments/:name/members',
    input: (z) => z.object({ body: z.strictObject({ emails: list(z) }) }),
    output: out.department,
    encode: (name, emails) => ({ params: { name }, body: { emails } }),
    decode: ({ body }, p) => [p.name ?? '', body.emails],
  }),
  'departments.removeMembers': engine('departments.removeMembers', {
    method: 'DELETE',
    path: '/v1/departments/:name/members',
    input: (z) => z.object({ body: z.strictObject({ emails: list(z) }) }),
    output: out.department,
    encode: (name, emails) => ({ params: { name }, body: { emails } }),
    decode: ({ body }, p) => [p.name ?? '', body.emails],
  }),
  'departments.addPermissions': engine('departments.addPermissions', {
    method: 'POST',
    path: '/v1/departments/:name/permissions',
    input: (z) => z.object({ body: z.strictObject({ permissions: list(z) }) }),
    output: out.department,
    encode: (name, permissions) => ({ params: { name }, body: { permissions } }),
    decode: ({ body }, p) => [p.name ?? '', body.permissions],
  }),
  'departments.removePermissions': engine('departments.removePermissions', {
    method: 'DELETE',
    path: '/v1/departments/:name/permissions',
    input: (z) => z.object({ body: z.strictObject({ permissions: list(z) }) }),
    output: out.department,
    encode: (name, permissions) => ({ params: { name }, body: { permissions } }),
    decode: ({ body }, p) => [p.name ?? '', body.permissions],
  }),

  'phones.list': engine('phones.list', { method: 'GET', path: '/v1/phones', output: (z) => z.array(out.phone(z)), encode: none, decode: noArgs }),
  'phones.show': engine('phones.show', {
    method: 'GET',
    path: '/v1/phones/:number',
    output: out.phone,
    encode: (number) => ({ params: { number } }),
    decode: (_, p) => [p.number ?? ''],
  }),
  'phones.add': engine('phones.add', {
    method: 'POST',
    path: '/v1/phones',
    input: (z) => z.object({ body: z.strictObject({ number: text(z), label: text(z).nullable().optional() }) }),
    output: out.phone,
    encode: (number, label) => ({ body: { number, label: label ?? null } }),
    decode: ({ body }) => [body.number, body.label ?? null],
  }),
  'phones.setHours': engine('phones.setHours', {
    method: 'PUT',
    path: '/v1/phones/:number/hours',
    input: (z) =>
      z.object({
        body: z.strictObject({
          spec: text(z).optional(),
          timeZone: text(z).nullable().optional(),
          addHolidays: list(z).optional(),
          removeHolidays: list(z).optional(),
          reply: text(z).nullable().optional(),
          off: z.boolean().optional(),
        }),
      }),
    output: out.phone,
    encode: (number, change) => ({ params: { number }, body: change }),
    decode: ({ body }, p) => [p.number ?? '', body],
  }),
  'phones.remove': engine('phones.remove', {
    method: 'DELETE',
    path: '/v1/phones/:number',
    input: (z) => z.object({ query: z.object({ unlink: z.literal('1').optional() }) }),
    output: out.removedPhone,
    encode: (number, options) => ({ params: { number }, query: { unlink: options?.unlink ? ('1' as const) : undefined } }),
    decode: ({ query }, p) => [p.number ?? '', { unlink: query.unlink === '1' }],
  }),

  'phones.set': engine('phones.set', {
    method: 'PATCH',
    path: '/v1/phones/:number',
    input: (z) => z.object({ body: z.strictObject({ label: text(z).nullable().optional(), reassignWhenAbsent: z.boolean().optional() }) }),
    output: out.phone,
    encode: (number, changes) => ({ params: { number }, body: changes }),
    decode: ({ body }, p) => [p.number ?? '', body],
  }),

  'roundRobin.show': engine('roundRobin.show', {
    method: 'GET',
    path: '/v1/round-robins/:phone',
    output: out.roundRobin,
    encode: (phone) => ({ params: { phone } }),
    decode: (_, p) => [p.phone ?? ''],
  }),
  'roundRobin.add': engine('roundRobin.add', {
    method: 'POST',
    path: '/v1/round-robins/:phone/entries',
    input: (z) =>
      z.object({
        body: z.strictObject({
          target: text(z),
          times: z.number().int().optional(),
          active: z.boolean().optional(),
          skipOffline: z.boolean().optional(),
          maxOpen: z.number().int().optional(),
        }),
      }),
    output: out.roundRobin,
    encode: (phone, target, options) => ({ params: { phone }, body: { target, ...options } }),
    decode: ({ body: { target, ...options } }, p) => [p.phone ?? '', target, options],
  }),
  'roundRobin.remove': engine('roundRobin.remove', {
    method: 'DELETE',
    path: '/v1/round-robins/:phone/entries/:position',
    input: (z) => z.object({ params: position(z) }),
    output: out.roundRobin,
    encode: (phone, at) => ({ params: { phone, position: String(at) } }),
    decode: ({ params }, p) => [p.phone ?? '', params.position],
  }),
  'roundRobin.move': engine('roundRobin.move', {
    method: 'POST',
    path: '/v1/round-robins/:phone/move',
    input: (z) => z.object({ body: z.strictObject({ from: z.number().int(), to: z.number().int() }) }),
    output: out.roundRobin,
    encode: (phone, from, to) => ({ params: { phone }, body: { from, to } }),
    decode: ({ body }, p) => [p.phone ?? '', body.from, body.to],
  }),
  'roundRobin.set': engine('roundRobin.set', {
    method: 'PATCH',
    path: '/v1/round-robins/:phone/entries/:position',
    input: (z) =>
      z.object({
        params: position(z),
        body: z.strictObject({ active: z.boolean().optional(), skipOffline: z.boolean().optional(), maxOpen: z.number().int().nullable().optional() }),
      }),
    output: out.roundRobin,
    encode: (phone, at, flags) => ({ params: { phone, position: String(at) }, body: flags }),
    decode: ({ params, body }, p) => [p.phone ?? '', params.position, body],
  }),
  'roundRobin.simulate': engine('roundRobin.simulate', {
    method: 'GET',
    path: '/v1/round-robins/:phone/simulate',
    input: (z) =>
      z.object({
        query: z.object({
          next: z.coerce.number().int().optional(),
          online: z.string().max(10_000).optional(),
          busy: z.string().max(10_000).optional(),
          away: z.string().max(10_000).optional(),
          load: z.string().max(10_000).optional(),
          at: text(z).optional(),
        }),
      }),
    output: out.simulation,
    encode: (phone, options = {}) => ({
      params: { phone },
      query: {
        next: options.next === undefined ? undefined : String(options.next),
        online: options.online?.join(',') || undefined,
        busy: options.busy?.join(',') || undefined,
        away: options.away?.join(',') || undefined,
        // email=N pairs, comma-separated (an email holds no comma).
        load: encodeLoad(options.load),
        at: options.at,
      },
    }),
    decode: ({ query }, p) => [
      p.phone ?? '',
      {
        next: query.next,
        online: commaList(query.online),
        busy: commaList(query.busy),
        away: commaList(query.away),
        load: decodeLoad(query.load),
        ...(query.at !== undefined ? { at: query.at } : {}),
      },
    ],
  }),

  'bots.show': engine('bots.show', {
    method: 'GET',
    path: '/v1/phones/:number/bot',
    output: out.bot,
    encode: (number) => ({ params: { number } }),
    decode: (_, p) => [p.number ?? ''],
  }),
  /** The bot file's text: the engine parses and checks it (so the file and what runs cannot differ). */
  'bots.set': engine('bots.set', {
    method: 'PUT',
    path: '/v1/phones/:number/bot',
    input: (z) => z.object({ body: z.strictObject({ source: z.string().max(100_000) }) }),
    output: out.bot,
    encode: (number, source) => ({ params: { number }, body: { source } }),
    decode: ({ body }, p) => [p.number ?? '', body.source],
  }),
  'bots.off': engine('bots.off', {
    method: 'DELETE',
    path: '/v1/phones/:number/bot',
    output: out.ok,
    encode: (number) => ({ params: { number } }),
    decode: (_, p) => [p.number ?? ''],
  }),
  'bots.test': engine('bots.test', {
    method: 'POST',
    path: '/v1/phones/:number/bot/test',
    input: (z) => z.object({ body: z.strictObject({ answers: z.array(z.string().max(10_000)).max(100), silent: z.boolean().optional() }) }),
    output: out.botTest,
    encode: (number, answers, options = {}) => ({ params: { number }, body: { answers, ...options } }),
    decode: ({ body: { answers, ...options } }, p) => [p.number ?? '', answers, options],
  }),

  'chats.list': engine('chats.list', {
    method: 'GET',
    path: '/v1/chats',
    input: chatFilter,
    output: (z) => z.array(out.chat(z)),
    encode: encodeChatFilter,
    decode: decodeChatFilter,
  }),
  /** As `chats.list`, saying whether a search of the words was cut short by its deadline (`partial`). */
  'chats.search': engine('chats.search', {
    method: 'GET',
    path: '/v1/chat-search',
    input: chatFilter,
    output: (z) => z.object({ chats: z.array(out.chat(z)), partial: z.boolean() }),
    encode: encodeChatFilter,
    decode: decodeChatFilter,
  }),
  'chats.show': engine('chats.show', {
    method: 'GET',
    path: '/v1/chats/:chat',
    input: (z) => z.object({ query: z.object({ limit: z.coerce.number().int().min(1).max(10_000).optional() }) }),
    output: out.chatDetail,
    encode: (chat, options = {}) => ({ params: { chat }, query: { limit: options.limit === undefined ? undefined : String(options.limit) } }),
    decode: ({ query }, p) => [p.chat ?? '', query],
  }),
  'chats.why': engine('chats.why', {
    method: 'GET',
    path: '/v1/chats/:chat/why',
    output: out.why,
    encode: (chat) => ({ params: { chat } }),
    decode: (_, p) => [p.chat ?? ''],
  }),
  /** A reply: text, or a file uploaded before (by sha256, with its name and a caption); `replyTo` quotes a message. */
  'chats.send': engine('chats.send', {
    method: 'POST',
    path: '/v1/chats/:chat/messages',
    // `key`: the client's idempotency key for this message — a retry with it is sent once.
    input: (z) =>
      z.object({
        body: z
          .strictObject({
            text: z.string().max(100_000).optional(),
            quick: text(z).optional(),
            file: z
              .strictObject({ sha256: z.string().max(64), fileName: z.string().max(1024).optional(), caption: z.string().max(100_000).optional() })
              .optional(),
            replyTo: text(z).optional(),
            key: z.string().max(200).optional(),
          })
          .refine((b) => [b.text, b.file, b.quick].filter((v) => v !== undefined).length === 1, { error: () => t`give one of text, a file or a quick reply` }),
      }),
    output: out.message,
    encode: (chat, message, options = {}) => ({
      params: { chat },
      body: {
        ...(typeof message === 'string' ? { text: message } : 'quick' in message ? { quick: message.quick } : { file: message.file }),
        replyTo: options.replyTo,
        key: options.key,
      },
    }),
    decode: ({ body }, p) => [
      p.chat ?? '',
      body.text ?? (body.quick !== undefined ? { quick: body.quick } : { file: body.file! }),
      { ...(body.key === undefined ? {} : { key: body.key }), ...(body.replyTo === undefined ? {} : { replyTo: body.replyTo }) },
    ],
  }),
  /** A file for a send to name: the raw bytes, streamed into the media store (`chats.send` with `file`). */
  'chats.upload': engine('chats.upload', {
    method: 'PUT',
    path: '/v1/media',
    upload: { maxBytes: MAX_UPLOAD_BYTES },
    output: out.uploaded,
    encode: (bytes) => ({ bytes }),
    decode: (_, _p, bytes) => [bytes],
  }),
  /** A reaction to a message (an empty emoji takes ours back). */
  'chats.react': engine('chats.react', {
    method: 'POST',
    path: '/v1/messages/:message/reactions',
    input: (z) => z.object({ body: z.strictObject({ emoji: z.string().max(64), key: z.string().max(200).optional() }) }),
    output: out.message,
    encode: (message, emoji, options = {}) => ({ params: { message }, body: { emoji, key: options.key } }),
    decode: ({ body }, p) => [p.message ?? '', body.emoji, body.key === undefined ? {} : { key: body.key }],
  }),
  /** A conversation started with a customer's number (`guru chat new`): checked with WhatsApp, then the chat (reused if it exists). */
  'chats.start': engine('chats.start', {
    method: 'POST',
    path: '/v1/chats',
    input: (z) =>
      z.object({
        body: z.strictObject({ number: text(z), text: z.string().max(100_000).optional(), phone: text(z).optional(), key: z.string().max(200).optional() }),
      }),
    output: out.chatStart,
    encode: (number, first, options = {}) => ({ body: { number, text: first, phone: options.phone, key: options.key } }),
    decode: ({ body }) => [
      body.number,
      body.text,
      { ...(body.phone === undefined ? {} : { phone: body.phone }), ...(body.key === undefined ? {} : { key: body.key }) },
    ],
  }),
  /** A failed message of ours back into the outbox, under its own id. */
  'chats.retry': engine('chats.retry', {
    method: 'POST',
    path: '/v1/messages/:message/retry',
    output: out.message,
    encode: (message) => ({ params: { message } }),
    decode: (_, p) => [p.message ?? ''],
  }),
  /** A message's file as raw bytes (content-type, content-length, its name), streamed. */
  'chats.media': engine('chats.media', {
    method: 'GET',
    path: '/v1/messages/:message/media',
    download: true,
    output: out.byteStream,
    encode: (message) => ({ params: { message } }),
    decode: (_, p) => [p.message ?? ''],
  }),
  'chats.assign': engine('chats.assign', {
    method: 'POST',
    path: '/v1/chats/:chat/assign',
    input: (z) => z.object({ body: z.strictObject({ user: text(z).optional(), dept: text(z).optional() }) }),
    output: out.chat,
    encode: (chat, to) => ({ params: { chat }, body: to }),
    decode: ({ body }, p) => [p.chat ?? '', body],
  }),
  'chats.close': engine('chats.close', {
    method: 'POST',
    path: '/v1/chats/:chat/close',
    output: out.chat,
    encode: (chat) => ({ params: { chat } }),
    decode: (_, p) => [p.chat ?? ''],
  }),
  'chats.reopen': engine('chats.reopen', {
    method: 'POST',
    path: '/v1/chats/:chat/reopen',
    output: out.chat,
    encode: (chat) => ({ params: { chat } }),
    decode: (_, p) => [p.chat ?? ''],
  }),
  /** An internal note in a chat (`guru chat note`): kept in its history for the team, never sent; `@names` are told. */
  'notes.add': engine('notes.add', {
    method: 'POST',
    path: '/v1/chats/:chat/notes',
    input: (z) => z.object({ body: z.strictObject({ text: z.string().max(100_000) }) }),
    output: out.noteResult,
    encode: (chat, text) => ({ params: { chat }, body: { text } }),
    decode: ({ body }, p) => [p.chat ?? '', body.text],
  }),
  'chats.markRead': engine('chats.markRead', {
    method: 'POST',
    path: '/v1/chats/:chat/read',
    output: out.chat,
    encode: (chat) => ({ params: { chat } }),
    decode: (_, p) => [p.chat ?? ''],
  }),

  /** A quick reply filled in for a chat (`{cliente}`, `{agente}`): what the inbox's Tab inserts. */
  'chats.quickReply': engine('chats.quickReply', {
    method: 'GET',
    path: '/v1/chats/:chat/quick-replies/:ref',
    output: out.filledQuickReply,
    encode: (chat, ref) => ({ params: { chat, ref } }),
    decode: (_, p) => [p.chat ?? '', p.ref ?? ''],
  }),

  'quickReplies.list': engine('quickReplies.list', {
    method: 'GET',
    path: '/v1/quick-replies',
    input: (z) => z.object({ query: z.object({ all: z.literal('1').optional() }) }),
    output: (z) => z.array(out.quickReply(z)),
    encode: (options = {}) => ({ query: { all: options.all ? ('1' as const) : undefined } }),
    decode: ({ query }) => [{ all: query.all === '1' }],
  }),
  'quickReplies.add': engine('quickReplies.add', {
    method: 'POST',
    path: '/v1/quick-replies',
    input: (z) => z.object({ body: z.strictObject({ shortcut: text(z), text: text(z), everyone: z.boolean().optional(), dept: text(z).optional() }) }),
    output: out.quickReply,
    encode: (shortcut, replyText, scope = {}) => ({ body: { shortcut, text: replyText, ...scope } }),
    decode: ({ body: { shortcut, text: replyText, ...scope } }) => [shortcut, replyText, scope],
  }),
  'quickReplies.edit': engine('quickReplies.edit', {
    method: 'PATCH',
    path: '/v1/quick-replies/:ref',
    input: (z) =>
      z.object({
        body: z.strictObject({
          text: text(z).optional(),
          shortcut: text(z).optional(),
          scope: z.strictObject({ everyone: z.boolean().optional(), dept: text(z).optional() }).optional(),
        }),
      }),
    output: out.quickReply,
    encode: (ref, patch) => ({ params: { ref }, body: patch }),
    decode: ({ body }, p) => [p.ref ?? '', body],
  }),
  'quickReplies.remove': engine('quickReplies.remove', {
    method: 'DELETE',
    path: '/v1/quick-replies/:ref',
    output: out.quickReply,
    encode: (ref) => ({ params: { ref } }),
    decode: (_, p) => [p.ref ?? ''],
  }),

  // Contacts: a customer's name and fields, by their number (or a chat id).
  'contacts.list': engine('contacts.list', {
    method: 'GET',
    path: '/v1/contacts',
    input: (z) => z.object({ query: z.object({ search: text(z).optional() }) }),
    output: (z) => z.array(out.contact(z)),
    encode: (filter = {}) => ({ query: { search: filter.search } }),
    decode: ({ query }) => [query.search === undefined ? {} : { search: query.search }],
  }),
  'retention.plan': engine('retention.plan', { method: 'GET', path: '/v1/retention/plan', output: out.retentionPlan, encode: none, decode: noArgs }),
  // The customer travels in the body, never in the path: paths are logged, and an erasure must
  // not leave the number it erased in the log it just cleaned.
  'contacts.export': engine('contacts.export', {
    method: 'POST',
    path: '/v1/privacy/export',
    input: (z) => z.object({ body: z.strictObject({ customer: text(z) }) }),
    output: out.customerExport,
    encode: (customer) => ({ body: { customer } }),
    decode: ({ body }) => [body.customer],
  }),
  'contacts.erasure': engine('contacts.erasure', {
    method: 'POST',
    path: '/v1/privacy/erasure',
    input: (z) => z.object({ body: z.strictObject({ customer: text(z) }) }),
    output: out.erasurePreview,
    encode: (customer) => ({ body: { customer } }),
    decode: ({ body }) => [body.customer],
  }),
  'contacts.erase': engine('contacts.erase', {
    method: 'POST',
    path: '/v1/privacy/erase',
    input: (z) => z.object({ body: z.strictObject({ customer: text(z) }) }),
    output: out.erasure,
    encode: (customer) => ({ body: { customer } }),
    decode: ({ body }) => [body.customer],
  }),
  'contacts.show': engine('contacts.show', {
    method: 'GET',
    path: '/v1/contacts/:customer',
    output: out.contact,
    encode: (customer) => ({ params: { customer } }),
    decode: (_, p) => [p.customer ?? ''],
  }),
  /** `name` '' or null clears it; a field whose value is '' is removed. The engine checks the limits. */
  'contacts.set': engine('contacts.set', {
    method: 'PATCH',
    path: '/v1/contacts/:customer',
    input: (z) =>
      z.object({
        body: z.strictObject({
          name: z.string().max(1_000).nullable().optional(),
          fields: z.record(z.string().max(100), z.string().max(2_000)).optional(),
        }),
      }),
    output: out.contact,
    encode: (customer, change) => ({ params: { customer }, body: change }),
    decode: ({ body }, p) => [
      p.customer ?? '',
      { ...(body.name === undefined ? {} : { name: body.name }), ...(body.fields === undefined ? {} : { fields: body.fields }) },
    ],
  }),

  // Scheduled messages (`guru chat send --at`, `guru chat scheduled`, `guru chat unschedule`).
  /** A message to send at `at` (the team's time zone, or ISO with an offset). */
  'scheduled.schedule': engine('scheduled.schedule', {
    method: 'POST',
    path: '/v1/chats/:chat/scheduled',
    input: (z) => z.object({ body: z.strictObject({ text: z.string().max(100_000), at: z.string().max(100) }) }),
    output: out.scheduled,
    encode: (chat, message, at) => ({ params: { chat }, body: { text: message, at } }),
    decode: ({ body }, p) => [p.chat ?? '', body.text, body.at],
  }),
  'scheduled.list': engine('scheduled.list', {
    method: 'GET',
    path: '/v1/scheduled',
    input: (z) => z.object({ query: z.object({ mine: z.literal('1').optional() }) }),
    output: (z) => z.array(out.scheduled(z)),
    encode: (filter = {}) => ({ query: { mine: filter.mine ? ('1' as const) : undefined } }),
    decode: ({ query }) => [{ mine: query.mine === '1' }],
  }),
  'scheduled.cancel': engine('scheduled.cancel', {
    method: 'DELETE',
    path: '/v1/scheduled/:id',
    output: out.scheduled,
    encode: (id) => ({ params: { id } }),
    decode: (_, p) => [p.id ?? ''],
  }),

  /** Tags put on and taken off a chat, by name: `{ add: ['Urgente'], remove: ['Novo'] }`. */
  'chats.tag': engine('chats.tag', {
    method: 'POST',
    path: '/v1/chats/:chat/tags',
    input: (z) => z.object({ body: z.strictObject({ add: z.array(text(z)).max(100).optional(), remove: z.array(text(z)).max(100).optional() }) }),
    output: out.chat,
    encode: (chat, changes) => ({ params: { chat }, body: changes }),
    decode: ({ body }, p) => [p.chat ?? '', body],
  }),

  'tags.list': engine('tags.list', { method: 'GET', path: '/v1/tags', output: (z) => z.array(out.tag(z)), encode: none, decode: noArgs }),
  'tags.add': engine('tags.add', {
    method: 'POST',
    path: '/v1/tags',
    input: (z) => z.object({ body: z.strictObject({ name: text(z), colour: text(z).optional() }) }),
    output: out.tag,
    encode: (name, colour) => ({ body: { name, colour } }),
    decode: ({ body }) => [body.name, body.colour],
  }),
  'tags.update': engine('tags.update', {
    method: 'PATCH',
    path: '/v1/tags/:name',
    input: (z) => z.object({ body: z.strictObject({ name: text(z).optional(), colour: text(z).optional() }) }),
    output: out.tag,
    encode: (name, changes) => ({ params: { name }, body: changes }),
    decode: ({ body }, p) => [p.name ?? '', body],
  }),
  'tags.remove': engine('tags.remove', {
    method: 'DELETE',
    path: '/v1/tags/:name',
    output: (z) => out.tag(z).extend({ chats: z.number() }),
    encode: (name) => ({ params: { name } }),
    decode: (_, p) => [p.name ?? ''],
  }),

  'reports.summary': engine('reports.summary', {
    method: 'GET',
    path: '/v1/reports',
    input: (z) =>
      z.object({ query: z.object({ from: text(z).optional(), to: text(z).optional(), by: z.enum(['agent', 'dept', 'phone', 'day', 'hour']).optional() }) }),
    output: out.report,
    encode: (query = {}) => ({ query: { from: query.from, to: query.to, by: query.by } }),
    decode: ({ query }) => [{ ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}), ...(query.by ? { by: query.by } : {}) }],
  }),

  'reports.panel': engine('reports.panel', { method: 'GET', path: '/v1/reports/panel', output: out.teamPanel, encode: none, decode: noArgs }),

  'audit.list': engine('audit.list', {
    method: 'GET',
    path: '/v1/audit',
    input: (z) => z.object({ query: z.object({ since: z.iso.datetime({ offset: true }).optional() }) }),
    output: (z) => z.array(out.auditEntry(z)),
    encode: (filter = {}) => ({ query: { since: filter.since?.toISOString() } }),
    decode: ({ query }) => [{ since: query.since ? new Date(query.since) : undefined }],
  }),
};

/** What the daemon serves beside the engine's operations: sessions, its status, the streams. */
export const SERVICE_OPERATIONS = {
  login: service<[email: string, password: string], LoginResult, 'nobody'>()({
    method: 'POST',
    path: '/v1/login',
    needs: 'nobody',
    stream: false,
    input: (z) => z.object({ body: z.object({ email: text(z), password: text(z) }) }),
    output: out.login,
    encode: (email, password) => ({ body: { email, password } }),
    decode: ({ body }) => [body.email, body.password],
  }),
  /** Mails a one-time code to a user's address; the answer is the same whether or not it has an account. */
  forgotPassword: service<[email: string], ForgotResult, 'nobody'>()({
    method: 'POST',
    path: '/v1/password/forgot',
    needs: 'nobody',
    stream: false,
    input: (z) => z.object({ body: z.strictObject({ email: text(z) }) }),
    output: out.forgot,
    encode: (email) => ({ body: { email } }),
    decode: ({ body }) => [body.email],
  }),
  /** A code from `forgotPassword` and a new password: the user's other sessions end, a new one is opened. */
  resetPassword: service<[email: string, code: string, password: string], LoginResult, 'nobody'>()({
    method: 'POST',
    path: '/v1/password/reset',
    needs: 'nobody',
    stream: false,
    input: (z) => z.object({ body: z.strictObject({ email: text(z), code: z.string().max(100), password: text(z) }) }),
    output: out.login,
    encode: (email, code, password) => ({ body: { email, code, password } }),
    decode: ({ body }) => [body.email, body.code, body.password],
  }),
  /** An invite code redeemed: the password chosen is set and a session opened, as `login` does. */
  redeemInvite: service<[email: string, code: string, password: string], LoginResult, 'nobody'>()({
    method: 'POST',
    path: '/v1/invites/redeem',
    needs: 'nobody',
    stream: false,
    input: (z) => z.object({ body: z.strictObject({ email: text(z), code: z.string().max(100), password: text(z) }) }),
    output: out.login,
    encode: (email, code, password) => ({ body: { email, code, password } }),
    decode: ({ body }) => [body.email, body.code, body.password],
  }),
  logout: service<[], { ok: true }>()({ method: 'POST', path: '/v1/logout', needs: 'session', stream: false, output: out.ok, encode: none, decode: noArgs }),
  whoami: service<[], WhoAmI>()({ method: 'GET', path: '/v1/whoami', needs: 'session', stream: false, output: out.whoAmI, encode: none, decode: noArgs }),
  status: service<[], DaemonStatus>()({
    method: 'GET',
    path: '/v1/status',
    needs: 'session',
    stream: false,
    output: out.daemonStatus,
    encode: none,
    decode: noArgs,
  }),
  phoneHealth: service<[number?: string], PhoneHealth[]>()({
    method: 'GET',
    path: '/v1/phone-health',
    needs: 'session',
    stream: false,
    input: (z) => z.object({ query: z.object({ phone: text(z).optional() }) }),
    output: (z) => z.array(out.phoneHealth(z)),
    encode: (number) => ({ query: { phone: number } }),
    decode: ({ query }) => [query.phone],
  }),
  shutdown: service<[], { ok: true }, 'owner'>()({
    method: 'POST',
    path: '/v1/shutdown',
    needs: 'owner',
    stream: false,
    output: out.ok,
    encode: none,
    decode: noArgs,
  }),
  /** NDJSON: a snapshot first, then every event the caller may see, with heartbeats. */
  watch: service<[], WatchEvent, 'session', true>()({
    method: 'GET',
    path: '/v1/watch',
    needs: 'session',
    stream: true,
    output: out.watchEvent,
    encode: none,
    decode: noArgs,
  }),
  /**
   * The client of watch stream `id` (the stream's WATCH_ID_HEADER) read a heartbeat: presence
   * counts a stream only while these come (an inbox suspended with Ctrl-Z keeps its socket).
   */
  watchAlive: service<[id: string], { ok: true }>()({
    method: 'POST',
    path: '/v1/watch/:id/alive',
    needs: 'session',
    stream: false,
    output: out.ok,
    encode: (id) => ({ params: { id } }),
    decode: (_, p) => [p.id ?? ''],
  }),
  /** NDJSON: QR codes (or a pairing code), progress, then the outcome; hanging up cancels. */
  link: service<[phone: string, pairingCode: boolean], LinkEvent, 'session', true>()({
    method: 'POST',
    path: '/v1/phones/:number/link',
    needs: 'session',
    stream: true,
    input: (z) => z.object({ body: z.object({ pairingCode: z.boolean().optional() }) }),
    output: out.linkEvent,
    encode: (phone, pairingCode) => ({ params: { number: phone }, body: { pairingCode } }),
    decode: ({ body }, p) => [p.number ?? '', body.pairingCode === true],
  }),
  unlink: service<[phone: string], { ok: true; loggedOut: boolean }>()({
    method: 'POST',
    path: '/v1/phones/:number/unlink',
    needs: 'session',
    stream: false,
    output: out.unlinked,
    encode: (phone) => ({ params: { number: phone } }),
    decode: (_, p) => [p.number ?? ''],
  }),
};

export type EngineOperationTable = typeof ENGINE_OPERATIONS;
export type ServiceOperationTable = typeof SERVICE_OPERATIONS;
export type ServiceName = keyof ServiceOperationTable;

// Compile-time tie: every engine operation is declared (each result fits its schema: `engineOperation`).
type Missing = Exclude<EngineOperationName, keyof EngineOperationTable>;
const everyOperationDeclared: [Missing] extends [never] ? true : Missing = true;
void everyOperationDeclared;
