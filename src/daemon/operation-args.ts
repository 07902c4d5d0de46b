import { z } from 'zod';
import type { ApiRequest, OperationName } from '../api/routes.js';
import { invalid } from '../core/errors.js';

/**
 * Turns what arrived over the socket into an operation's arguments, checking every type first:
 * the engine validates meaning (a real email, a known department); this checks shape, so a
 * number where a string belongs is a 400, never a crash.
 */
const text = z.string().max(10_000);
const list = z.array(text).max(1_000);
const position = z.coerce.number().int();
const role = z.enum(['admin', 'normal']);

const schemas = {
  init: z.strictObject({ accountName: text, seats: z.number().int(), adminEmail: text, adminName: text, adminPassword: text }),
  accountSet: z.strictObject({ name: text.optional(), seats: z.number().int().optional() }),
  userAdd: z.strictObject({
    email: text,
    name: text,
    password: text,
    visibleName: text.nullable().optional(),
    role: role.optional(),
    permissions: list.optional(),
    departments: list.optional(),
  }),
  userEdit: z.strictObject({
    email: text.optional(),
    name: text.optional(),
    visibleName: text.nullable().optional(),
    role: role.optional(),
    permissions: list.optional(),
    addPermissions: list.optional(),
    removePermissions: list.optional(),
    departments: list.optional(),
  }),
  password: z.strictObject({ password: text }),
  deptAdd: z.strictObject({ name: text, permissions: list.optional() }),
  rename: z.strictObject({ name: text }),
  emails: z.strictObject({ emails: list }),
  permissions: z.strictObject({ permissions: list }),
  phoneAdd: z.strictObject({ number: text, label: text.nullable().optional() }),
  rrAdd: z.strictObject({ target: text, times: z.number().int().optional(), active: z.boolean().optional(), skipOffline: z.boolean().optional() }),
  rrMove: z.strictObject({ from: z.number().int(), to: z.number().int() }),
  rrSet: z.strictObject({ active: z.boolean().optional(), skipOffline: z.boolean().optional() }),
  simulate: z.object({ next: z.coerce.number().int().optional(), online: z.string().optional() }),
  audit: z.object({ since: z.iso.datetime({ offset: true }).optional() }),
  chatList: z.object({
    mine: z.literal('1').optional(),
    unassigned: z.literal('1').optional(),
    dept: text.optional(),
    status: z.enum(['open', 'closed', 'all']).optional(),
    search: text.optional(),
  }),
  chatShow: z.object({ limit: z.coerce.number().int().min(1).max(10_000).optional() }),
  send: z.strictObject({ text: z.string().max(100_000) }),
  assign: z.strictObject({ user: text.optional(), dept: text.optional() }),
};

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw invalid(`invalid ${where} — ${path}${issue.message}`);
}

const body = <T>(schema: z.ZodType<T>, req: ApiRequest) => parse(schema, req.body, 'request body');
const param = (req: ApiRequest, name: string) => req.params?.[name] ?? '';
const pos = (req: ApiRequest) => parse(position, req.params?.position, 'position in the path');

export const OPERATION_ARGS: Record<OperationName, (req: ApiRequest) => unknown[]> = {
  'account.init': (req) => [body(schemas.init, req)],
  'account.show': () => [],
  'account.set': (req) => [body(schemas.accountSet, req)],

  'users.list': () => [],
  'users.show': (req) => [param(req, 'email')],
  'users.add': (req) => [body(schemas.userAdd, req)],
  'users.edit': (req) => [param(req, 'email'), body(schemas.userEdit, req)],
  'users.passwd': (req) => [param(req, 'email'), body(schemas.password, req).password],
  'users.disable': (req) => [param(req, 'email')],
  'users.enable': (req) => [param(req, 'email')],
  'users.remove': (req) => [param(req, 'email')],

  'departments.list': () => [],
  'departments.show': (req) => [param(req, 'name')],
  'departments.add': (req) => {
    const b = body(schemas.deptAdd, req);
    return [b.name, b.permissions ?? []];
  },
  'departments.rename': (req) => [param(req, 'name'), body(schemas.rename, req).name],
  'departments.remove': (req) => [param(req, 'name')],
  'departments.addMembers': (req) => [param(req, 'name'), body(schemas.emails, req).emails],
  'departments.removeMembers': (req) => [param(req, 'name'), body(schemas.emails, req).emails],
  'departments.addPermissions': (req) => [param(req, 'name'), body(schemas.permissions, req).permissions],
  'departments.removePermissions': (req) => [param(req, 'name'), body(schemas.permissions, req).permissions],

  'phones.list': () => [],
  'phones.show': (req) => [param(req, 'number')],
  'phones.add': (req) => {
    const b = body(schemas.phoneAdd, req);
    return [b.number, b.label ?? null];
  },
  'phones.remove': (req) => [param(req, 'number')],

  'roundRobin.show': (req) => [param(req, 'phone')],
  'roundRobin.add': (req) => {
    const { target, ...options } = body(schemas.rrAdd, req);
    return [param(req, 'phone'), target, options];
  },
  'roundRobin.remove': (req) => [param(req, 'phone'), pos(req)],
  'roundRobin.move': (req) => {
    const b = body(schemas.rrMove, req);
    return [param(req, 'phone'), b.from, b.to];
  },
  'roundRobin.set': (req) => [param(req, 'phone'), pos(req), body(schemas.rrSet, req)],
  'roundRobin.simulate': (req) => {
    const q = parse(schemas.simulate, req.query, 'query');
    return [param(req, 'phone'), { next: q.next, online: q.online ? q.online.split(',').filter(Boolean) : [] }];
  },

  'chats.list': (req) => {
    const q = parse(schemas.chatList, req.query, 'query');
    return [{ mine: q.mine === '1', unassigned: q.unassigned === '1', dept: q.dept, status: q.status, search: q.search }];
  },
  'chats.show': (req) => [param(req, 'chat'), parse(schemas.chatShow, req.query, 'query')],
  'chats.why': (req) => [param(req, 'chat')],
  'chats.send': (req) => [param(req, 'chat'), body(schemas.send, req).text],
  'chats.assign': (req) => [param(req, 'chat'), body(schemas.assign, req)],
  'chats.close': (req) => [param(req, 'chat')],
  'chats.reopen': (req) => [param(req, 'chat')],
  'chats.markRead': (req) => [param(req, 'chat')],

  'audit.list': (req) => {
    const q = parse(schemas.audit, req.query, 'query');
    return [{ since: q.since ? new Date(q.since) : undefined }];
  },
};
