import { allUnlinked, OperationContext, type EngineDeps } from './context.js';
import type { Actor } from './model.js';
import { accountOps } from './ops/account.js';
import { auditOps } from './ops/audit.js';
import { chatOps } from './ops/chats.js';
import { ChatService, type ChatServiceDeps } from './chats/chat-service.js';
import { departmentOps } from './ops/departments.js';
import { phoneOps } from './ops/phones.js';
import { roundRobinOps } from './ops/round-robin.js';
import { userOps } from './ops/users.js';
import { systemClock, type Stores } from './ports.js';
import { Sessions } from './sessions.js';
import { nobodyOnline } from './presence.js';

/** Everything an actor can ask of the engine, grouped by noun like the CLI. */
export interface Operations {
  account: ReturnType<typeof accountOps>;
  users: ReturnType<typeof userOps>;
  departments: ReturnType<typeof departmentOps>;
  phones: ReturnType<typeof phoneOps>;
  roundRobin: ReturnType<typeof roundRobinOps>;
  audit: ReturnType<typeof auditOps>;
  chats: ReturnType<typeof chatOps>;
}

export type EngineOptions = {
  /** Where everything is kept (see `openStores` in `src/store`). */
  stores: Pick<Stores, 'state' | 'audit' | 'sessions' | 'journal'>;
} & Partial<Pick<EngineDeps, 'clock' | 'presence' | 'links'>> & {
    /** With these, the engine runs conversations too (the daemon), journaled in `stores.journal`. */
    conversations?: Pick<ChatServiceDeps, 'sender' | 'publish' | 'warn' | 'checkpointPolicy'>;
  };

/** The engine: rules over the store ports. `as(actor)` gives that actor's operations. */
export class Engine {
  readonly deps: EngineDeps;
  readonly sessions: Sessions;

  constructor(options: EngineOptions) {
    const { conversations, stores, ...rest } = options;
    const base = { clock: systemClock, presence: nobodyOnline, links: allUnlinked, state: stores.state, audit: stores.audit, sessions: stores.sessions, ...rest };
    const chats = conversations ? new ChatService({ ...base, journal: stores.journal, ...conversations }) : null;
    this.deps = { ...base, chats };
    this.sessions = new Sessions(this.deps.state, this.deps.sessions, this.deps.audit, this.deps.clock);
  }

  /** The conversation service; throws where there is none (outside the daemon). */
  get chats(): ChatService {
    if (!this.deps.chats) throw new Error('this engine runs no conversations');
    return this.deps.chats;
  }

  as(actor: Actor): Operations {
    const ctx = new OperationContext(this.deps, actor);
    return {
      account: accountOps(ctx),
      users: userOps(ctx),
      departments: departmentOps(ctx),
      phones: phoneOps(ctx),
      roundRobin: roundRobinOps(ctx),
      audit: auditOps(ctx),
      chats: chatOps(ctx),
    };
  }
}

/** Calls one operation by noun and verb — how the API and the clients dispatch by name. */
export function invokeOperation(ops: Operations, noun: string, verb: string, args: unknown[]): Promise<unknown> {
  const group = (ops as unknown as Record<string, Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined> | undefined>)[noun];
  const method = group?.[verb];
  if (typeof method !== 'function') throw new Error(`unknown operation ${noun}.${verb}`);
  return method(...args);
}
