import pino from 'pino';
import type { Engine } from '../../src/core/engine.js';
import { buildRouter } from '../../src/daemon/routes.js';
import { daemonServices } from '../../src/daemon/services.js';
import { DEFAULT_WATCH_CAPS, WatchSlots } from '../../src/daemon/watch-slots.js';

/**
 * The daemon's real router over `engine`, in this process: the routes, authentication and
 * errors of a daemon, without its doors, WhatsApp or status (a status call fails: no test
 * using this needs one).
 */
export function inProcessRouter(engine: Engine, ownerToken: string): ReturnType<typeof buildRouter> {
  const services = daemonServices({
    engine,
    ownerToken,
    logger: pino({ level: 'silent' }),
    heartbeatMs: 60_000,
    watchers: new Set(),
    watchSlots: new WatchSlots(DEFAULT_WATCH_CAPS),
    status: () => Promise.reject(new Error('not in this test')),
    phoneHealth: () => {
      throw new Error('not in this test');
    },
    stop: async () => undefined,
  });
  return buildRouter({ version: '0.1.0', engine, ownerToken, services, markAuthenticated: () => undefined });
}
