import { requirePermission, type Principal } from '../access.js';
import type { OperationContext } from '../context.js';
import { invalid, usage } from '../errors.js';
import { requireMayTouch } from '../grants.js';
import { findUser } from '../lookup.js';
import { DEFAULT_AWAY_AFTER_MS, type Availability, type State, type User } from '../model.js';
import { userAvailability } from '../round-robin.js';
import { t } from '../../i18n/translate.js';

/** What an agent may say of themselves (`guru status`): available, busy, or away. */
export const STATUS_CHOICES = ['online', 'busy', 'away'] as const;
export type StatusChoice = (typeof STATUS_CHOICES)[number];

/** An agent's status as `guru status` shows it. */
export interface StatusView {
  email: string;
  name: string;
  /** What they said: `online` (available, no status set), `busy` or `away`. */
  status: StatusChoice;
  /** When they said it; null while online (nothing said). */
  since: string | null;
  /** Set by the inbox after `awayAfterMs` without a key press (the next key ends it). */
  auto: boolean;
  /** What presence shows the team: their status while their inbox is open, `offline` while not. */
  availability: Availability;
  /** How long the inbox may go untouched before it marks them away (ms; 0: never). */
  awayAfterMs: number;
}

export interface SetStatusOptions {
  /** Whose: someone else's needs `users.manage` (and an admin's, being an admin). Absent: your own. */
  user?: string;
  /**
   * The inbox's own change, never what the agent said: an automatic away only replaces online,
   * and an automatic online only ends an automatic away (a busy or away said by hand stays).
   */
  auto?: boolean;
}

/** Agents' availability: `guru status`, the inbox's status key and its automatic away. */
export function statusOps(ctx: OperationContext) {
  const online = () => ctx.deps.presence.onlineUserIds();
  return {
    /** Your own status, or (`email`) anyone's — presence is the whole team's to see. */
    show(email?: string): Promise<StatusView> {
      return ctx.view(null, t`see statuses`, (state, who) => statusView(state, targetOf(state, who, email), online()));
    },

    /**
     * Sets a status: `online` clears it, `busy` and `away` say it (since now). Audited as
     * `user.status` (the backlog hands waiting chats out on it) and told as a `presence` event.
     * Saying again what is already said changes nothing.
     */
    async set(status: StatusChoice, options: SetStatusOptions = {}): Promise<StatusView> {
      if (!(STATUS_CHOICES as readonly string[]).includes(status)) {
        throw invalid(t`"${String(status)}" is not a status — use online, busy or away`);
      }
      const auto = options.auto === true;
      if (auto && status === 'busy') throw invalid(t`only away and online can be set automatically — busy is said by hand`);
      const { view, changed } = await ctx.change(null, t`set statuses`, ({ draft, who, now, record }) => {
        const user = targetOf(draft, who, options.user);
        if (user.id !== who.user?.id) {
          requirePermission(who, 'users.manage', t`set other users' status`);
          requireMayTouch(who, user, t`set the status of`);
        }
        const before = user.status;
        // The inbox's guesses give way to what the agent said.
        const skip = auto && (status === 'away' ? before !== undefined : before?.auto !== true);
        const same = status === 'online' ? before === undefined : before?.state === status && (before.auto === true) === auto;
        if (skip || same) return { view: statusView(draft, user, online()), changed: false };
        if (status === 'online') delete user.status;
        else user.status = { state: status, since: now, ...(auto ? { auto: true } : {}) };
        record('user.status', user.email, { status, ...(auto ? { auto: true } : {}) });
        return { view: statusView(draft, user, online()), changed: true };
      });
      if (changed) {
        // `auto`: the inbox's own idle guess, which the next key ends in every inbox of theirs.
        ctx.deps.events.publish({
          type: 'presence',
          email: view.email,
          online: view.availability !== 'offline',
          status: view.availability,
          ...(auto ? { auto: true as const } : {}),
        });
      }
      return view;
    },
  };
}

/** Whose status: `email`'s, or the acting user's own (the owner has none). */
function targetOf(state: State, who: Principal, email: string | undefined): User {
  if (email !== undefined && email.trim() !== '') return findUser(state, email);
  if (!who.user) throw usage(t`the owner has no status of its own — name an agent with --user <email>`);
  return who.user;
}

export function statusView(state: State, user: User, online: ReadonlySet<string>): StatusView {
  return {
    email: user.email,
    name: user.name,
    status: user.status?.state ?? 'online',
    since: user.status?.since ?? null,
    auto: user.status?.auto === true,
    availability: userAvailability(user, online),
    awayAfterMs: state.account?.awayAfterMs ?? DEFAULT_AWAY_AFTER_MS,
  };
}
