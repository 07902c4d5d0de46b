import type { ServerResponse } from 'node:http';
import type { WatchEvent, WhoAmI } from '../api/protocol.js';
import { OPERATION_ROUTES, type OperationName } from '../api/routes.js';
import { principal } from '../core/access.js';
import { invokeOperation } from '../core/engine.js';
import { assertNever, type EngineEvent } from '../core/events.js';
import { denied, GuruError } from '../core/errors.js';
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
    return actor;
  };

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
    if (actor.type === 'owner') throw new GuruError('invalid_input', 'the owner token has no session to end');
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
  const send = (event: WatchEvent) => res.write(`${JSON.stringify(event)}\n`);
  // From here on nothing awaits until the subscription is in place: the snapshot and the
  // events after it form one unbroken sequence, and our own presence event comes after it.
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  const online = daemon.presence.onlineUserIds();
  send({
    type: 'snapshot',
    me: whoAmI(state, actor, online),
    online: state.users.filter((u) => online.has(u.id)).map((u) => u.email),
    phones,
  });
  const unsubscribe = daemon.bus.subscribe((event) => {
    void daemon.state().then((current) => {
      let allowed: boolean;
      try {
        allowed = maySee(current, actor, event);
      } catch {
        return void res.end(); // disabled or removed while watching: the stream ends
      }
      if (allowed) send(event);
    });
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

/** Throws when the actor is no longer valid. */
function maySee(state: State, actor: Actor, event: EngineEvent): boolean {
  const who = principal(state, actor);
  switch (event.type) {
    case 'presence':
      return true;
    case 'audit':
      return who.isAdmin || who.permissions.has('audit.view');
    default:
      return assertNever(event);
  }
}
