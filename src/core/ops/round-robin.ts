import type { OperationContext } from '../context.js';
import { invalid, usage } from '../errors.js';
import { newId } from '../ids.js';
import { findDepartment, findPhone, findUser, queueOf } from '../lookup.js';
import type { RoundRobinTarget, State } from '../model.js';
import { eligibility, entryAt, moveEntry, removeEntry, simulate } from '../round-robin.js';
import { wholeNumber } from '../validate.js';
import { decisionView, roundRobinView, targetView, type DecisionView, type RoundRobinView } from '../views.js';
import { t } from '../../i18n/translate.js';

export interface AddEntryOptions {
  times?: number;
  active?: boolean;
  skipOffline?: boolean;
}

export interface SimulationView {
  phone: string;
  online: string[];
  decisions: DecisionView[];
}

export const MAX_SIMULATED_PICKS = 1000;

export function roundRobinOps(ctx: OperationContext) {
  const manage = 'round_robin.manage' as const;
  return {
    show(phone: string): Promise<RoundRobinView> {
      return ctx.view(null, t`see round-robins`, (state) => roundRobinView(state, queueSnapshot(state, phone)));
    },

    add(phone: string, targetRef: string, options: AddEntryOptions = {}): Promise<RoundRobinView> {
      const times = wholeNumber(options.times ?? 1, '--times', 1, 100);
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const target = parseTarget(draft, targetRef);
        requireEnabled(draft, target);
        for (let i = 0; i < times; i++) {
          queue.entries.push({ id: newId('e'), target, active: options.active ?? true, skipOffline: options.skipOffline ?? false });
        }
        record('round_robin.add', queue.phone, {
          target: targetView(draft, target).ref,
          times,
          active: options.active ?? true,
          skipOffline: options.skipOffline ?? false,
        });
        return roundRobinView(draft, queue);
      });
    },

    remove(phone: string, position: number): Promise<RoundRobinView> {
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const removed = removeEntry(queue, position);
        record('round_robin.remove', queue.phone, { position, target: targetView(draft, removed.target).ref });
        return roundRobinView(draft, queue);
      });
    },

    move(phone: string, from: number, to: number): Promise<RoundRobinView> {
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const moved = moveEntry(queue, from, to);
        record('round_robin.move', queue.phone, { from, to, target: targetView(draft, moved.target).ref });
        return roundRobinView(draft, queue);
      });
    },

    set(phone: string, position: number, flags: { active?: boolean; skipOffline?: boolean }): Promise<RoundRobinView> {
      if (flags.active === undefined && flags.skipOffline === undefined) {
        throw usage(t`nothing to set — pass --active/--inactive and/or --skip-offline/--no-skip-offline`);
      }
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const entry = entryAt(queue, position);
        if (flags.active !== undefined) entry.active = flags.active;
        if (flags.skipOffline !== undefined) entry.skipOffline = flags.skipOffline;
        record('round_robin.set', queue.phone, { position, target: targetView(draft, entry.target).ref, ...flags });
        return roundRobinView(draft, queue);
      });
    },

    /**
     * The next `next` picks, without assigning anything. Online = whoever the daemon sees plus
     * the emails in `online`, so an admin can ask "what if Bia logs in?".
     */
    simulate(phone: string, options: { next?: number; online?: string[] } = {}): Promise<SimulationView> {
      const count = wholeNumber(options.next ?? 10, '--next', 1, MAX_SIMULATED_PICKS);
      return ctx.view(null, t`simulate round-robins`, (state) => {
        const queue = queueSnapshot(state, phone);
        const online = new Set(ctx.deps.presence.onlineUserIds());
        for (const email of options.online ?? []) online.add(findUser(state, email).id);
        const openChats = ctx.deps.chats?.index.routing.load(queue.phone) ?? { users: new Map(), departments: new Map() };
        const decisions = simulate(queue, eligibility(state, { online, openChats }), count);
        return {
          phone: queue.phone,
          online: state.users.filter((u) => online.has(u.id)).map((u) => u.email),
          decisions: decisions.map((d) => decisionView(state, d)),
        };
      });
    },
  };
}

/** The queue as stored, or an empty one, without creating it (reads must not write). */
function queueSnapshot(state: State, phone: string) {
  const number = findPhone(state, phone).number;
  return state.roundRobins.find((q) => q.phone === number) ?? { phone: number, entries: [], cursor: -1 };
}

/** Parses `user:<email>` or `dept:<name>` against the current state. */
export function parseTarget(state: State, ref: string): RoundRobinTarget {
  const match = /^(user|dept|department):(.+)$/.exec(ref.trim());
  if (!match) throw invalid(t`"${ref}" is not a round-robin target — use user:<email> or dept:<name>`);
  if (match[1] === 'user') return { type: 'user', userId: findUser(state, match[2]!).id };
  return { type: 'department', departmentId: findDepartment(state, match[2]!).id };
}

/** A disabled user would only ever be skipped: refused, with the way out. */
function requireEnabled(state: State, target: RoundRobinTarget): void {
  if (target.type !== 'user') return;
  const user = state.users.find((u) => u.id === target.userId);
  if (user && !user.active) {
    throw invalid(
      t`${user.email} is disabled, so the rodízio would always skip them — enable them first with \`guru user enable ${user.email}\`, or add someone else`,
    );
  }
}
