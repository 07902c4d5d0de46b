import type { ServerResponse } from 'node:http';
import { ACT_AS_HEADER, HEARTBEAT_HEADER, type WatchEvent, type WhoAmI } from '../api/protocol.js';
import { parseContent } from '../core/chats/content-schema.js';
import { textContent } from '../core/chats/content.js';
import { OPERATION_ROUTES, type OperationName } from '../api/routes.js';
import { principal, requirePermission, type Principal } from '../core/access.js';
import { canSee } from '../core/chats/visibility.js';
import { findPhone, findUser } from '../core/lookup.js';
import { MemoryTransport } from '../whatsapp/memory-transport.js';
import { invokeOperation } from '../core/engine.js';
import { assertNever, type EngineEvent } from '../core/events.js';
import { denied, GuruError } from '../core/errors.js';
import { sameSecret } from '../core/sessions.js';
import type { Actor, State } from '../core/model.js';
import { userView } from '../core/views.js';
import type { Daemon } from './daemon.js';
import { Router, STREAMING, type Request } from './http.js';
import { OPERATION_ARGS } from './operation-args.js';

/** The daemon's one handler table: every engine operation, plus sessions, status and the watch stream. */
export function buildRouter(daemon: Daemon): Router {
  const router = new Router(daemon.options.version);
  const { engine } = daemon;

  const authenticate = async (req: Request): Promise<Actor> => {
    if (!req.token) throw new GuruError('unauthenticated', 'no credentials — log in with `guru login`');
    const actor = await engine.sessions.authenticate(req.token, daemon.ownerToken);
    if (!actor) throw new GuruError('unauthenticated', 'your session has expired or was revoked — log in again with `guru login`');
    daemon.requests.markAuthenticated(req.raw);
    const actAs = req.raw.headers[ACT_AS_HEADER];
    if (typeof actAs !== 'string' || actAs === '') return actor;
    if (actor.type !== 'owner') throw denied('only the installation owner may act as another user (--as)');
    const user = findUser(await daemon.state(), actAs);
    if (!user.active) throw new GuruError('unauthenticated', `${user.email} is disabled`);
    return { type: 'user', userId: user.id };
  };

  const ownerOnly = async (req: Request): Promise<void> => {
    if ((await authenticate(req)).type !== 'owner') throw denied('only the installation owner may do this');
  };

  const memoryTransport = (req: Request): MemoryTransport => {
    const phone = findPhone(daemon.stateNow(), req.params.phone ?? '').number;
    const transport = daemon.phones.transport(phone);
    if (!(transport instanceof MemoryTransport)) {
      throw new GuruError('not_found', 'the in-memory transport is not running (start the daemon with GURU_TRANSPORT=memory)');
    }
    return transport;
  };

  // The in-memory transport's controls: customers "write", receipts "arrive", the outbox is read.
  router.add('POST', '/v1/memory-transport/:phone/messages', async (req) => {
    await ownerOnly(req);
    const b = req.body as { id?: unknown; from?: unknown; fromPhone?: unknown; pushName?: unknown; text?: unknown; content?: unknown; time?: unknown; fromMe?: unknown } | undefined;
    if (typeof b?.from !== 'string' || (typeof b.text !== 'string') === (b.content === undefined)) {
      throw new GuruError('invalid_input', 'expected {"from": string, "text": string | "content": {"type": …}, "id"?, "pushName"?, "time"?, "fromMe"?}');
    }
    // `text` is short for text content; `content` is any kind (an image, a place, a reaction…).
    const content = typeof b.text === 'string' ? textContent(b.text) : parseContent(b.content);
    const transport = memoryTransport(req);
    const id = typeof b.id === 'string' ? b.id : undefined;
    const chatsBefore = engine.chats.index.size;
    await transport.inject({
      from: b.from,
      content,
      ...(id ? { id } : {}),
      ...(typeof b.fromPhone === 'string' ? { fromPhone: b.fromPhone } : {}),
      ...(typeof b.pushName === 'string' ? { pushName: b.pushName } : {}),
      ...(typeof b.time === 'string' ? { time: b.time } : {}),
      ...(b.fromMe === true ? { fromMe: true } : {}),
    });
    return { ok: true, newChat: engine.chats.index.size > chatsBefore };
  });

  router.add('GET', '/v1/memory-transport/:phone/outbox', async (req) => {
    await ownerOnly(req);
    return memoryTransport(req).outbox;
  });

  router.add('POST', '/v1/memory-transport/:phone/receipts', async (req) => {
    await ownerOnly(req);
    const b = req.body as { id?: unknown; status?: unknown } | undefined;
    if (typeof b?.id !== 'string' || (b.status !== 'delivered' && b.status !== 'read')) {
      throw new GuruError('invalid_input', 'expected {"id": string, "status": "delivered" | "read"}');
    }
    await memoryTransport(req).deliver(b.id, b.status);
    return { ok: true };
  });

  for (const [name, route] of Object.entries(OPERATION_ROUTES) as [OperationName, (typeof OPERATION_ROUTES)[OperationName]][]) {
    const [noun, verb] = name.split('.') as [string, string];
    router.add(route.method, route.path, async (req) => {
      const actor = await authenticate(req);
      const args = OPERATION_ARGS[name]({ params: req.params, query: req.query, body: req.body });
      return invokeOperation(engine.as(actor), noun, verb, args);
    });
  }

  router.add('POST', '/v1/login', async (req) => {
    const body = req.body as { email?: unknown; password?: unknown } | undefined;
    if (typeof body?.email !== 'string' || typeof body.password !== 'string') {
      throw new GuruError('invalid_input', 'invalid request body — expected {"email": string, "password": string}');
    }
    const result = await engine.sessions.login(body.email, body.password);
    daemon.logger.info({ user: result.user.email }, 'login');
    return result;
  });

  router.add('POST', '/v1/logout', async (req) => {
    const actor = await authenticate(req);
    // The owner token is no session, also when it acts as a user (--as): nothing to end.
    if (actor.type === 'owner' || sameSecret(req.token!, daemon.ownerToken)) throw new GuruError('invalid_input', 'the owner token has no session to end');
    await engine.sessions.logout(req.token!);
    return { ok: true };
  });

  router.add('GET', '/v1/whoami', async (req) => whoAmI(await daemon.state(), await authenticate(req), daemon.presence.onlineUserIds()));

  router.add('GET', '/v1/status', async (req) => {
    await authenticate(req);
    return daemon.status();
  });

  router.add('POST', '/v1/shutdown', async (req) => {
    const actor = await authenticate(req);
    if (actor.type !== 'owner') throw denied('only the installation owner can stop the daemon');
    setImmediate(() => void daemon.stop('requested over the API'));
    return { ok: true };
  });

  const phoneManager = async (req: Request, doing: string) => {
    const actor = await authenticate(req);
    const state = await daemon.state();
    const who = principal(state, actor);
    requirePermission(who, 'phones.manage', doing);
    return { who, phone: findPhone(state, req.params.number ?? '').number };
  };

  // Linking streams its progress as NDJSON (QR codes, pairing, sync progress, the outcome);
  // the caller hanging up cancels a link that has not completed.
  router.add('POST', '/v1/phones/:number/link', async (req, res) => {
    const { who, phone } = await phoneManager(req, 'link phones');
    const pairingCode = (req.body as { pairingCode?: unknown } | undefined)?.pairingCode === true;
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    res.flushHeaders(); // the client bounds the wait for a stream's start; the first QR may take longer
    let finished = false;
    const stop = await daemon.phones.link(phone, pairingCode, (event) => {
      if (finished) return;
      res.write(`${JSON.stringify(event)}\n`);
      if (event.type === 'linked' || event.type === 'failed') {
        finished = true;
        const action = event.type === 'linked' ? 'phone.link' : 'phone.link_failed';
        void engine.deps.audit.append([{ time: new Date().toISOString(), actor: who.label, action, target: phone, details: event.type === 'failed' ? { reason: event.reason } : {} }]);
        res.end();
      }
    });
    res.on('close', () => void stop());
    return STREAMING;
  });

  router.add('POST', '/v1/phones/:number/unlink', async (req) => {
    const { who, phone } = await phoneManager(req, 'unlink phones');
    await daemon.phones.unlink(phone);
    await engine.deps.audit.append([{ time: new Date().toISOString(), actor: who.label, action: 'phone.unlink', target: phone }]);
    return { ok: true };
  });

  router.add('GET', '/v1/watch', async (req, res) => {
    const actor = await authenticate(req);
    await openWatch(daemon, actor, res);
    return STREAMING;
  });

  return router;
}

function whoAmI(state: State, actor: Actor, online: ReadonlySet<string>): WhoAmI {
  if (actor.type === 'owner') return { owner: true, user: null };
  const who = principal(state, actor);
  return { owner: false, user: userView(state, who.user!, online) };
}

/**
 * `GET /v1/watch`: NDJSON, a snapshot first, then every event this actor may see, with a
 * heartbeat. While it is open the user counts as online.
 */
async function openWatch(daemon: Daemon, actor: Actor, res: ServerResponse): Promise<void> {
  const state = await daemon.state();
  const { phones } = await daemon.status();
  // Lines produced in one turn of the event loop leave in one write (a burst of messages is many
  // events; a write per line cost more than the rest of the path together). Each line is
  // encoded once for every watcher (lineOf): turning the same text into bytes per stream was,
  // with ten streams, the largest cost left in the profile.
  let batch: Buffer[] = [];
  const send = (event: WatchEvent) => {
    if (batch.length === 0) {
      setImmediate(() => {
        const lines = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
        batch = [];
        if (!res.writableEnded) res.write(lines);
      });
    }
    batch.push(lineOf(event));
  };
  // From here on nothing awaits until the subscription is in place: the snapshot and the
  // events after it form one unbroken sequence, and our own presence event comes after it.
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', [HEARTBEAT_HEADER]: String(daemon.options.heartbeatMs) });
  const online = daemon.presence.onlineUserIds();
  send({
    type: 'snapshot',
    me: whoAmI(state, actor, online),
    online: state.users.filter((u) => online.has(u.id)).map((u) => u.email),
    phones,
  });
  // Who the watcher is, recomputed only when the state changed (it is replaced on each change).
  let principalOf: { state: State; who: Principal } | null = null;
  const unsubscribe = daemon.bus.subscribe((event) => {
    const current = daemon.stateNow();
    let shown: WatchEvent | null;
    try {
      if (principalOf?.state !== current) principalOf = { state: current, who: principal(current, actor) };
      shown = present(daemon, current, principalOf.who, event);
    } catch {
      return void res.end(); // disabled or removed while watching: the stream ends
    }
    if (shown) send(shown);
  });
  const leave = actor.type === 'user' ? daemon.presence.open(actor.userId) : () => undefined;
  const heartbeat = setInterval(() => send({ type: 'heartbeat', time: new Date().toISOString() }), daemon.options.heartbeatMs);
  heartbeat.unref();
  daemon.watchers.add(res);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    leave();
    daemon.watchers.delete(res);
  });
}

// An event goes to every watcher in one synchronous loop (EventBus.publish), so remembering the
// last one is enough to reshape and serialise it once for all of them. (A WeakMap did the same
// at a cost the profile showed: an entry per event for the garbage collector to trace.)
let lastChatEvent: { event: EngineEvent; shown: WatchEvent } | null = null;
/** The watcher's form of a chat event (without the engine-side `movedFrom`), one per event. */
function visibleChatEvent(event: Extract<EngineEvent, { type: 'chat' }>): WatchEvent {
  if (lastChatEvent?.event !== event) lastChatEvent = { event, shown: { type: 'chat', chat: event.chat } };
  return lastChatEvent.shown;
}

let lastLine: { event: WatchEvent; line: Buffer } | null = null;
function lineOf(event: WatchEvent): Buffer {
  if (lastLine?.event !== event) lastLine = { event, line: Buffer.from(`${JSON.stringify(event)}\n`) };
  return lastLine.line;
}

/** What of `event` this actor may see (null: nothing). Throws when the actor is no longer valid. */
function present(daemon: Daemon, state: State, who: Principal, event: EngineEvent): WatchEvent | null {
  const chatVisible = (chatId: string) => {
    const chat = daemon.engine.chats.index.get(chatId);
    return !!chat && canSee(state, who, chat);
  };
  switch (event.type) {
    case 'presence':
    case 'phone':
      return event;
    case 'audit':
      return who.isAdmin || who.permissions.has('audit.view') ? event : null;
    case 'chat':
      if (chatVisible(event.chat.id)) return visibleChatEvent(event);
      if (event.movedFrom !== undefined && canSee(state, who, { assignee: event.movedFrom })) return { type: 'chat.hidden', chatId: event.chat.id };
      return null;
    case 'message':
    case 'message.status':
      return chatVisible(event.chatId) ? event : null;
    default:
      return assertNever(event);
  }
}
