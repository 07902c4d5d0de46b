import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReactElement } from 'react';
import { describeContent } from '../../src/core/chats/content.js';
import { render } from 'ink-testing-library';
import type { DaemonStatus, WatchEvent } from '../../src/api/protocol.js';
import type { WatchHandle } from '../../src/client/http.js';
import type { ScheduledView } from '../../src/core/chats/scheduled-views.js';
import type { ChatView, MessageView } from '../../src/core/chats/views.js';
import type { UserView } from '../../src/core/views.js';
import type { InboxApi } from '../../src/tui/api.js';
import type { QuickReplyView } from '../../src/core/ops/quick-replies.js';
import type { StatusView } from '../../src/core/ops/status.js';

export const NOW = new Date('2026-11-26T15:00:00Z');

export function user(over: Partial<UserView> = {}): UserView {
  return {
    id: 'u-bia',
    email: 'bia@acme.com',
    name: 'Bia Lima',
    visibleName: 'Bia',
    role: 'normal',
    active: true,
    online: true,
    availability: 'online',
    permissions: ['chats.send', 'chats.transfer', 'chats.close'],
    effectivePermissions: ['chats.send', 'chats.transfer', 'chats.close'],
    departments: ['Vendas'],
    whatsapp: null,
    passwordSet: true,
    inviteExpiresAt: null,
    createdAt: '2026-11-01T00:00:00Z',
    ...over,
  };
}

export function message(id: string, over: Partial<MessageView> = {}): MessageView {
  const content = over.content ?? { type: 'text', text: over.text ?? `message ${id}` };
  const text = over.text ?? describeContent(content);
  return { id, direction: 'in', text, content, time: '2026-11-26T14:00:00Z', author: null, status: null, ...over };
}

/** The team's tags in the fake daemon. */
export const TEAM_TAGS = [
  { id: 't-urg', name: 'Urgente', colour: 'red' as const },
  { id: 't-novo', name: 'Novo', colour: 'green' as const },
];

const BIA = { type: 'user' as const, ref: 'user:bia@acme.com', name: 'Bia Lima' };
const VENDAS = { type: 'department' as const, ref: 'dept:Vendas', name: 'Vendas' };

/** Chat `n`: even ones are Bia's, every third one Vendas', every fifth unassigned. */
export function chat(n: number, over: Partial<ChatView> = {}): ChatView {
  const assignee = n % 5 === 0 ? null : n % 3 === 0 ? VENDAS : BIA;
  const time = new Date(NOW.getTime() - n * 60_000).toISOString();
  return {
    id: `c${n}`,
    phone: '+5511999990000',
    customer: `+55119888${String(n).padStart(5, '0')}`,
    name: `Cliente ${n}`,
    status: 'open',
    assignee,
    unread: n % 4 === 1 ? 2 : 0,
    lastMessage: message(`m${n}`, { text: `Olá, sou o cliente ${n}`, time }),
    messageCount: 1,
    openedAt: time,
    updatedAt: time,
    tags: [],
    ...over,
  };
}

/** ink-testing-library at a given terminal width (its stdout reports 100 columns otherwise). */
export function renderAt(tree: ReactElement, columns: number) {
  const instance = render(tree);
  Object.defineProperty(instance.stdout, 'columns', { get: () => columns, configurable: true });
  Object.defineProperty(instance.stdout, 'rows', { get: () => 24, configurable: true });
  instance.stdout.emit('resize');
  return instance;
}

export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** Lines of a frame, for width checks. */
export const linesOf = (frame: string | undefined) => (frame ?? '').split('\n');

/** A scripted daemon: answers from memory, records calls, lets tests push watch events. */
export function fakeApi(chats: ChatView[], options: { refuse?: Partial<Record<keyof InboxApi, string>>; awayAfterMs?: number } = {}) {
  const bus = new EventEmitter();
  const calls: { method: string; args: unknown[] }[] = [];
  const history = new Map<string, MessageView[]>(chats.map((c) => [c.id, c.lastMessage ? [c.lastMessage] : []]));
  const call = <T>(method: keyof InboxApi, args: unknown[], value: () => T): Promise<T> => {
    calls.push({ method, args });
    const refusal = options.refuse?.[method];
    return refusal ? Promise.reject(new Error(refusal)) : Promise.resolve(value());
  };
  const find = (id: string) => chats.find((c) => c.id === id)!;
  /** Files the daemon keeps, by message id (what `media` streams back). */
  const files = new Map<string, { bytes: Buffer; fileName: string | null; contentType: string }>();
  const uploads = new Map<string, { size: number; mimetype: string; bytes: Buffer }>();
  /** The quick replies the daemon offers (tests set them); filled in as `[chat id] text`. */
  const quickReplies: QuickReplyView[] = [];
  /** Bia's scheduled messages, soonest first (a test fills it). */
  const scheduled: ScheduledView[] = [];
  /** Bia's status as the daemon keeps it (a test may change it, as `guru status` would). */
  const me: Pick<StatusView, 'status' | 'auto' | 'since'> = { status: 'online', auto: false, since: null };
  const statusView = (): StatusView => ({
    email: 'bia@acme.com',
    name: 'Bia Lima',
    ...me,
    availability: me.status,
    awayAfterMs: options.awayAfterMs ?? 0,
  });
  const api: InboxApi = {
    myStatus: () => call('myStatus', [], statusView),
    // As the engine: an automatic change never overrides what the agent said.
    setStatus: (status, opts = {}) =>
      call('setStatus', [status, opts], () => {
        const auto = opts.auto === true;
        const skip = auto && (status === 'away' ? me.status !== 'online' : !(me.status === 'away' && me.auto));
        if (!skip) Object.assign(me, { status, auto: auto && status === 'away', since: status === 'online' ? null : NOW.toISOString() });
        return statusView();
      }),
    list: (filter) => call('list', [filter], () => chats),
    quickReplies: () => call('quickReplies', [], () => quickReplies),
    quickReply: (chatId, ref) =>
      call('quickReply', [chatId, ref], () => {
        const r = quickReplies.find((q) => q.id === ref)!;
        return { id: r.id, shortcut: r.shortcut, text: `[${chatId}] ${r.text}` };
      }),
    show: (id, limit) => call('show', [id, limit], () => ({ ...find(id), messages: (history.get(id) ?? []).slice(-limit) })),
    send: (id, text, options) =>
      call('send', [id, text, options], () =>
        message(`sent-${calls.length}`, {
          direction: 'out',
          content: { type: 'text', text: `*Bia:*\n${text}`, ...(options?.replyTo ? { replyTo: options.replyTo } : {}) },
          author: { email: 'bia@acme.com', name: 'Bia Lima' },
          status: 'sent',
        }),
      ),
    sendFile: (id, file) =>
      call('sendFile', [id, file], () => {
        const kept = uploads.get(file.sha256)!;
        return message(`sent-${calls.length}`, {
          direction: 'out',
          content: {
            type: 'document',
            fileName: file.fileName,
            mimetype: kept.mimetype,
            size: kept.size,
            sha256: file.sha256,
            ...(file.caption ? { caption: `*Bia:*\n${file.caption}` } : {}),
          },
          author: { email: 'bia@acme.com', name: 'Bia Lima' },
          status: 'sent',
          media: { state: 'stored', sha256: file.sha256, size: kept.size },
        });
      }),
    // The bytes are read from the agent's file, as the real upload streams them.
    upload: (path) =>
      call('upload', [path], () => {
        const bytes = readFileSync(path);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        uploads.set(sha256, { size: bytes.length, mimetype: 'application/pdf', bytes });
        return { sha256, size: bytes.length, mimetype: 'application/pdf' };
      }),
    note: (id, text) =>
      call('note', [id, text], () => ({
        note: message(`note-${calls.length}`, { direction: 'note', text, author: { email: 'bia@acme.com', name: 'Bia Lima' } }),
        mentions: /@caio\b/i.test(text) ? [{ email: 'caio@acme.com', name: 'Caio Reis', notified: true }] : [],
      })),
    react: (messageId, emoji) =>
      call('react', [messageId, emoji], () =>
        message(`react-${calls.length}`, {
          direction: 'out',
          content: { type: 'reaction', target: messageId, emoji },
          author: { email: 'bia@acme.com', name: 'Bia Lima' },
          status: 'sent',
        }),
      ),
    media: (messageId) =>
      call('media', [messageId], () => {
        const file = files.get(messageId);
        if (!file) throw new Error(`message ${messageId} has no file`);
        return { contentType: file.contentType, size: file.bytes.length, fileName: file.fileName, body: Readable.from([file.bytes]) };
      }),
    start: (number, text, options) =>
      call('start', [number, text, options], () => {
        const started = chat(90, { id: 'c-new', customer: number, name: null, assignee: BIA, unread: 0, lastMessage: null, messageCount: 0 });
        chats.push(started);
        return { chat: started, created: true, message: null };
      }),
    assign: (id, to) =>
      call('assign', [id, to], () => ({
        ...find(id),
        assignee: to.user
          ? { type: 'user' as const, ref: `user:${to.user}`, name: 'Caio Reis' }
          : { type: 'department' as const, ref: `dept:${to.dept}`, name: to.dept! },
      })),
    close: (id) => call('close', [id], () => ({ ...find(id), status: 'closed' as const })),
    reopen: (id) => call('reopen', [id], () => ({ ...find(id), status: 'open' as const })),
    retry: (messageId) =>
      call('retry', [messageId], () =>
        message(messageId, { direction: 'out', text: '*Bia:*\nde novo', author: { email: 'bia@acme.com', name: 'Bia Lima' }, status: 'sent' }),
      ),
    markRead: (id) => call('markRead', [id], () => ({ ...find(id), unread: 0 })),
    users: () =>
      call('users', [], () => [
        { email: 'caio@acme.com', name: 'Caio Reis', active: true },
        { email: 'bia@acme.com', name: 'Bia Lima', active: true },
      ]),
    departments: () => call('departments', [], () => [{ name: 'Vendas' }]),
    scheduled: () => call('scheduled', [], () => [...scheduled]),
    unschedule: (id) =>
      call('unschedule', [id], () => {
        const at = scheduled.findIndex((s) => s.id === id);
        return scheduled.splice(at, 1)[0]!;
      }),
    tags: () => call('tags', [], () => TEAM_TAGS.map(({ name, colour }) => ({ name, colour }))),
    // The chat wears the tags as the daemon would answer: put on in order, taken off.
    tag: (id, changes) =>
      call('tag', [id, changes], () => {
        const at = chats.findIndex((c) => c.id === id);
        const worn = chats[at]!.tags.filter((t) => !(changes.remove ?? []).includes(t.name));
        for (const name of changes.add ?? []) if (!worn.some((t) => t.name === name)) worn.push(TEAM_TAGS.find((t) => t.name === name)!);
        chats[at] = { ...chats[at]!, tags: worn };
        return chats[at]!;
      }),
    status: () => call('status', [], () => ({ phones: [], online: [], availability: {} }) as unknown as DaemonStatus),
    panel: () => call('panel', [], () => ({ agents: [], departments: [], unassigned: { open: 0, waiting: 0, oldestSince: null }, phones: [] })),
    phoneHealth: () => call('phoneHealth', [], () => []),
    watch: (onEvent) => {
      calls.push({ method: 'watch', args: [] });
      if (daemon.down) return Promise.reject(Object.assign(new Error('no daemon is running'), { code: 'daemon_unreachable' }));
      bus.on('event', onEvent);
      let end: () => void = () => {};
      const done = new Promise<void>((resolve) => (end = resolve));
      daemon.endStream = () => {
        bus.off('event', onEvent);
        end();
      };
      const handle: WatchHandle = { close: () => void bus.off('event', onEvent), done };
      return Promise.resolve(handle);
    },
  };
  /** The daemon going away (its stream ends, new ones are refused) and coming back. */
  const daemon = { down: false, endStream: (): void => {} };
  const stopDaemon = () => {
    daemon.down = true;
    daemon.endStream();
  };
  const startDaemon = () => {
    daemon.down = false;
  };
  return {
    api,
    calls,
    history,
    files,
    uploads,
    quickReplies,
    scheduled,
    me,
    emit: (event: WatchEvent) => bus.emit('event', event),
    listeners: () => bus.listenerCount('event'),
    stopDaemon,
    startDaemon,
    endStream: () => daemon.endStream(),
  };
}

/** Polls the last frame until `check` holds (ink renders asynchronously; fixed ticks are flaky under load). */
export async function frameWhere(instance: { lastFrame: () => string | undefined }, check: (frame: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = instance.lastFrame() ?? '';
    if (check(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`the frame never matched; last frame:\n${frame}`);
    await tick(10);
  }
}
