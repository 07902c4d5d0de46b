/**
 * Where each engine operation lives in the API: method, path and how its arguments travel.
 * The client builds requests from this table and the daemon routes by it, so the two cannot
 * drift; the daemon validates what arrives (`src/daemon/operation-args.ts`).
 */
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export interface OperationRoute {
  method: Method;
  /** `:name` segments are path parameters. */
  path: string;
  request(...args: any[]): ApiRequest;
}

const none = () => ({});
const bodyOf = (body: unknown) => ({ body });

export const OPERATION_ROUTES = {
  'account.init': { method: 'POST', path: '/v1/account/init', request: bodyOf },
  'account.show': { method: 'GET', path: '/v1/account', request: none },
  'account.set': { method: 'PATCH', path: '/v1/account', request: bodyOf },

  'users.list': { method: 'GET', path: '/v1/users', request: none },
  'users.show': { method: 'GET', path: '/v1/users/:email', request: (email: string) => ({ params: { email } }) },
  'users.add': { method: 'POST', path: '/v1/users', request: bodyOf },
  'users.edit': { method: 'PATCH', path: '/v1/users/:email', request: (email: string, body: unknown) => ({ params: { email }, body }) },
  'users.passwd': { method: 'POST', path: '/v1/users/:email/password', request: (email: string, password: string) => ({ params: { email }, body: { password } }) },
  'users.disable': { method: 'POST', path: '/v1/users/:email/disable', request: (email: string) => ({ params: { email } }) },
  'users.enable': { method: 'POST', path: '/v1/users/:email/enable', request: (email: string) => ({ params: { email } }) },
  'users.remove': { method: 'DELETE', path: '/v1/users/:email', request: (email: string) => ({ params: { email } }) },

  'departments.list': { method: 'GET', path: '/v1/departments', request: none },
  'departments.show': { method: 'GET', path: '/v1/departments/:name', request: (name: string) => ({ params: { name } }) },
  'departments.add': { method: 'POST', path: '/v1/departments', request: (name: string, permissions?: string[]) => ({ body: { name, permissions: permissions ?? [] } }) },
  'departments.rename': { method: 'POST', path: '/v1/departments/:name/rename', request: (name: string, to: string) => ({ params: { name }, body: { name: to } }) },
  'departments.remove': { method: 'DELETE', path: '/v1/departments/:name', request: (name: string) => ({ params: { name } }) },
  'departments.addMembers': { method: 'POST', path: '/v1/departments/:name/members', request: (name: string, emails: string[]) => ({ params: { name }, body: { emails } }) },
  'departments.removeMembers': { method: 'DELETE', path: '/v1/departments/:name/members', request: (name: string, emails: string[]) => ({ params: { name }, body: { emails } }) },
  'departments.addPermissions': { method: 'POST', path: '/v1/departments/:name/permissions', request: (name: string, permissions: string[]) => ({ params: { name }, body: { permissions } }) },
  'departments.removePermissions': { method: 'DELETE', path: '/v1/departments/:name/permissions', request: (name: string, permissions: string[]) => ({ params: { name }, body: { permissions } }) },

  'phones.list': { method: 'GET', path: '/v1/phones', request: none },
  'phones.show': { method: 'GET', path: '/v1/phones/:number', request: (number: string) => ({ params: { number } }) },
  'phones.add': { method: 'POST', path: '/v1/phones', request: (number: string, label?: string | null) => ({ body: { number, label: label ?? null } }) },
  'phones.remove': { method: 'DELETE', path: '/v1/phones/:number', request: (number: string) => ({ params: { number } }) },

  'roundRobin.show': { method: 'GET', path: '/v1/round-robins/:phone', request: (phone: string) => ({ params: { phone } }) },
  'roundRobin.add': { method: 'POST', path: '/v1/round-robins/:phone/entries', request: (phone: string, target: string, options?: object) => ({ params: { phone }, body: { target, ...options } }) },
  'roundRobin.remove': { method: 'DELETE', path: '/v1/round-robins/:phone/entries/:position', request: (phone: string, position: number) => ({ params: { phone, position: String(position) } }) },
  'roundRobin.move': { method: 'POST', path: '/v1/round-robins/:phone/move', request: (phone: string, from: number, to: number) => ({ params: { phone }, body: { from, to } }) },
  'roundRobin.set': { method: 'PATCH', path: '/v1/round-robins/:phone/entries/:position', request: (phone: string, position: number, flags: object) => ({ params: { phone, position: String(position) }, body: flags }) },
  'roundRobin.simulate': {
    method: 'GET',
    path: '/v1/round-robins/:phone/simulate',
    request: (phone: string, options: { next?: number; online?: string[] } = {}) => ({
      params: { phone },
      query: { next: options.next === undefined ? undefined : String(options.next), online: options.online?.join(',') || undefined },
    }),
  },

  'chats.list': {
    method: 'GET',
    path: '/v1/chats',
    request: (filter: { mine?: boolean; unassigned?: boolean; dept?: string; status?: string; search?: string } = {}) => ({
      query: {
        mine: filter.mine ? '1' : undefined,
        unassigned: filter.unassigned ? '1' : undefined,
        dept: filter.dept,
        status: filter.status,
        search: filter.search,
      },
    }),
  },
  'chats.show': { method: 'GET', path: '/v1/chats/:chat', request: (chat: string, options: { limit?: number } = {}) => ({ params: { chat }, query: { limit: options.limit === undefined ? undefined : String(options.limit) } }) },
  'chats.why': { method: 'GET', path: '/v1/chats/:chat/why', request: (chat: string) => ({ params: { chat } }) },
  'chats.send': { method: 'POST', path: '/v1/chats/:chat/messages', request: (chat: string, text: string) => ({ params: { chat }, body: { text } }) },
  'chats.assign': { method: 'POST', path: '/v1/chats/:chat/assign', request: (chat: string, to: object) => ({ params: { chat }, body: to }) },
  'chats.close': { method: 'POST', path: '/v1/chats/:chat/close', request: (chat: string) => ({ params: { chat } }) },
  'chats.reopen': { method: 'POST', path: '/v1/chats/:chat/reopen', request: (chat: string) => ({ params: { chat } }) },
  'chats.markRead': { method: 'POST', path: '/v1/chats/:chat/read', request: (chat: string) => ({ params: { chat } }) },

  'audit.list': { method: 'GET', path: '/v1/audit', request: (filter: { since?: Date } = {}) => ({ query: { since: filter.since?.toISOString() } }) },
} satisfies Record<string, OperationRoute>;

export type OperationName = keyof typeof OPERATION_ROUTES;

/** Fills `:name` segments, percent-encoding each value (phone numbers carry a `+`). */
export function buildPath(path: string, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}
