import type { Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import { HEARTBEAT_HEADER, WATCH_ID_HEADER, type DaemonStatus } from '../api/protocol.js';
import type { Engine } from '../core/engine.js';
import { GuruError, invalid } from '../core/errors.js';
import type { Actor } from '../core/model.js';
import type { PhoneHealth } from '../core/phone-health.js';
import type { WatchControl } from '../core/watch.js';
import { sameSecret } from '../core/sessions.js';
import { seesDaemonInternals } from '../core/access.js';
import type { EventSink } from './ndjson.js';
import type { ServiceImplementations } from './routes.js';
import type { WatchSlots } from './watch-slots.js';
import { t } from '../i18n/translate.js';

export interface ServiceDeps {
  engine: Engine;
  ownerToken: string;
  logger: Logger;
  heartbeatMs: number;
  /** Open watch streams: counted by the status, ended when the daemon stops. */
  watchers: Set<EventSink<never>>;
  /** Caps on open watch streams, per user and in all. */
  watchSlots: WatchSlots;
  status(internals: boolean): Promise<DaemonStatus>;
  /** A registered number's health since the daemon started. */
  phoneHealth(phone: string): PhoneHealth;
  stop(reason: string): Promise<void>;
}

/**
 * The daemon's own operations (declared in `src/api/operations.ts` beside the engine's): each
 * is wiring — the rules (who may link, what a watcher sees, what is audited) are the engine's.
 */
export function daemonServices(d: ServiceDeps): ServiceImplementations {
  const { engine } = d;
  /** Open watch streams by id: whose they are, and how to tell presence their client answered. */
  const acknowledged = new Map<string, { by: string; alive: () => void }>();
  return {
    login: async ({ origin }, email, password) => {
      const result = await engine.sessions.login(email, password, origin);
      d.logger.info({ user: result.user.email }, 'login');
      return result;
    },
    forgotPassword: ({ origin }, email) => engine.recovery.forgot(email, origin),
    resetPassword: async ({ origin }, email, code, password) => {
      const result = await engine.recovery.reset(email, code, password, origin);
      d.logger.info({ user: result.user.email }, 'password reset');
      return result;
    },
    redeemInvite: async ({ origin }, email, code, password) => {
      const result = await engine.invites.redeem(email, code, password, origin);
      d.logger.info({ user: result.user.email }, 'invite redeemed');
      return result;
    },
    logout: async ({ actor, token }) => {
      // The owner token is no session, also when it acts as a user (--as): nothing to end.
      if (actor.type === 'owner' || sameSecret(token, d.ownerToken)) throw invalid(t`the owner token has no session to end`);
      await engine.sessions.logout(token);
      return { ok: true };
    },
    whoami: ({ actor }) => engine.whoami(actor),
    status: ({ actor }) => d.status(seesDaemonInternals(actor)),
    phoneHealth: async ({ actor }, number) => (await engine.numbersForHealth(actor, number)).map((phone) => d.phoneHealth(phone)),
    shutdown: async () => {
      setImmediate(() => void d.stop('requested over the API'));
      return { ok: true };
    },
    watch: async ({ actor, token }, _args, out) => {
      // Refused before anything is opened: over a cap the caller gets a 429 saying which.
      const slot = actor.type === 'owner' ? d.watchSlots.take('owner', t`the owner`) : d.watchSlots.take(actor.userId, t`this user`);
      // Clients cut a stream silent for two heartbeats: they need to know how often one comes.
      out.header(HEARTBEAT_HEADER, String(d.heartbeatMs));
      // Clients acknowledge each heartbeat under this id (presence trusts those, not the socket).
      const id = randomBytes(16).toString('base64url');
      out.header(WATCH_ID_HEADER, id);
      // Dropped for reading too slowly: reconnecting (and reloading) is the cure, not a login.
      out.farewell((reason) => ({ type: 'closed', reason, relogin: false }));
      // The owner token (also acting --as a user) is no session: nothing ends it but the daemon.
      const session = actor.type === 'owner' || sameSecret(token, d.ownerToken) ? null : token;
      let control: WatchControl;
      try {
        control = await engine.watch(
          actor,
          session,
          (event) => out.send(event),
          () => out.end(),
        );
      } catch (err) {
        slot();
        throw err;
      }
      const heartbeat = setInterval(() => out.send({ type: 'heartbeat', time: engine.deps.clock.now().toISOString() }), d.heartbeatMs);
      heartbeat.unref();
      d.watchers.add(out);
      acknowledged.set(id, { by: actorKey(actor), alive: control.alive });
      return () => {
        clearInterval(heartbeat);
        control.close();
        acknowledged.delete(id);
        d.watchers.delete(out);
        slot();
      };
    },
    watchAlive: async ({ actor }, id) => {
      const stream = acknowledged.get(id);
      // Someone else's stream is answered like one that is not there.
      if (!stream || stream.by !== actorKey(actor)) throw new GuruError('not_found', t`no such watch stream (it has ended) — reconnect`);
      stream.alive();
      return { ok: true };
    },
    link: ({ actor }, [phone, pairingCode], out) =>
      engine.links(actor).link(
        phone,
        pairingCode,
        (event) => {
          out.send(event);
          if (event.type === 'linked' || event.type === 'failed') out.end();
        },
        () => out.open(),
      ),
    unlink: ({ actor }, phone) => engine.links(actor).unlink(phone),
  };
}

/** Who an actor is, for telling one caller's watch streams from another's. */
function actorKey(actor: Actor): string {
  return actor.type === 'owner' ? 'owner' : `user:${actor.userId}`;
}
