import { vi } from 'vitest';
import type { Method } from '../../src/api/routes.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import { Router } from '../../src/daemon/http.js';
import { buildRouter } from '../../src/daemon/routes.js';

export interface RouteEntry {
  method: Method;
  /** With `:name` segments, as registered. */
  path: string;
}

/**
 * Every route the daemon serves, read from its one handler table: the router is built against a
 * stub daemon with `Router.add` recorded, so a route added anywhere in `buildRouter` shows up.
 */
export function daemonRoutes(): RouteEntry[] {
  const seen: RouteEntry[] = [];
  const add = vi.spyOn(Router.prototype, 'add').mockImplementation((method: Method, path: string) => {
    seen.push({ method, path });
  });
  try {
    buildRouter({ options: { version: 'x' }, engine: {} } as unknown as Daemon);
  } finally {
    add.mockRestore();
  }
  return seen;
}
