import { vi } from 'vitest';
import type { Method } from '../../src/api/declare.js';
import type { Engine } from '../../src/core/engine.js';
import { Router } from '../../src/daemon/http.js';
import { registerMemoryControls } from '../../src/daemon/memory-controls.js';
import { buildRouter, type ServiceImplementations } from '../../src/daemon/routes.js';

export interface RouteEntry {
  method: Method;
  /** With `:name` segments, as registered. */
  path: string;
}

/**
 * Every route the daemon serves, read from its one handler table: the router is built against
 * stubs with `Router.add` recorded, so a route added anywhere in `buildRouter` shows up — plus
 * the in-memory transport's controls, which a daemon with GURU_TRANSPORT=memory registers.
 */
export function daemonRoutes(): RouteEntry[] {
  const seen: RouteEntry[] = [];
  const add = vi.spyOn(Router.prototype, 'add').mockImplementation((method: Method, path: string) => {
    seen.push({ method, path });
  });
  try {
    const engine = {} as Engine;
    const { hook } = buildRouter({ version: 'x', engine, ownerToken: 'x', services: {} as ServiceImplementations, markAuthenticated: () => undefined });
    registerMemoryControls(hook, { engine, transport: () => undefined });
  } finally {
    add.mockRestore();
  }
  return seen;
}
