import type { OperationContext } from '../context.js';
import { conflict, GuruError, usage } from '../errors.js';
import { newId } from '../ids.js';
import type { Account } from '../model.js';
import { hashPassword } from '../password.js';
import { checkPassword, normalizeEmail, normalizeName, wholeNumber } from '../validate.js';
import { userView, type UserView } from '../views.js';

export interface InitInput {
  accountName: string;
  seats: number;
  adminEmail: string;
  adminName: string;
  adminPassword: string;
}

export interface AccountView extends Account {
  activeUsers: number;
  freeSeats: number;
}

export const MAX_SEATS = 100_000;
/** A login may sit unused from one minute to thirty days before it ends. */
export const MIN_SESSION_IDLE_MS = 60_000;
export const MAX_SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;

export function accountOps(ctx: OperationContext) {
  return {
    /** Creates the account and its first admin. Only the owner can, and only once. */
    async init(input: InitInput): Promise<{ account: AccountView; admin: UserView }> {
      if (ctx.actor.type !== 'owner') throw new GuruError('permission_denied', 'only the installation owner can initialise Guru');
      const name = normalizeName(input.accountName, 'account name');
      const seats = wholeNumber(input.seats, 'seats', 1, MAX_SEATS);
      const email = normalizeEmail(input.adminEmail);
      const adminName = normalizeName(input.adminName, 'admin name');
      checkPassword(input.adminPassword);
      const passwordHash = await hashPassword(input.adminPassword);
      const now = ctx.now();
      const result = await ctx.deps.state.update(
        (draft) => {
          if (draft.account) {
            throw conflict(`Guru is already initialised here (account "${draft.account.name}") — see \`guru account show\``);
          }
          draft.account = { name, seats, createdAt: now };
          const admin = {
            id: newId('u'),
            email,
            name: adminName,
            visibleName: null,
            role: 'admin' as const,
            permissions: [],
            passwordHash,
            active: true,
            createdAt: now,
            updatedAt: now,
          };
          draft.users.push(admin);
          return { account: accountView(draft.account, 1), admin: userView(draft, admin) };
        },
        () => [{ time: now, actor: 'owner', action: 'account.init', target: name, details: { seats, admin: email } }],
      );
      return result;
    },

    show(): Promise<AccountView> {
      return ctx.view(null, 'see the account', (state) => accountView(state.account!, state.users.filter((u) => u.active).length));
    },

    set(patch: { name?: string; seats?: number; sessionIdleMs?: number }): Promise<AccountView> {
      return ctx.change('users.manage', 'change the account', ({ draft, record }) => {
        if (patch.name === undefined && patch.seats === undefined && patch.sessionIdleMs === undefined) {
          throw usage('nothing to change — pass --name and/or --seats');
        }
        const account = draft.account!;
        const active = draft.users.filter((u) => u.active).length;
        const changes: Record<string, unknown> = {};
        if (patch.name !== undefined) account.name = changes.name = normalizeName(patch.name, 'account name');
        if (patch.seats !== undefined) {
          const seats = wholeNumber(patch.seats, 'seats', 1, MAX_SEATS);
          if (seats < active) {
            throw new GuruError('limit', `cannot lower seats to ${seats}: ${active} users are active — disable some first with \`guru user disable <email>\``);
          }
          account.seats = changes.seats = seats;
        }
        if (patch.sessionIdleMs !== undefined) {
          account.sessionIdleMs = changes.sessionIdleMs = wholeNumber(patch.sessionIdleMs, 'session idle time (ms)', MIN_SESSION_IDLE_MS, MAX_SESSION_IDLE_MS);
        }
        if (Object.keys(changes).length > 0) record('account.set', account.name, changes);
        return accountView(account, active);
      });
    },
  };
}

function accountView(account: Account, activeUsers: number): AccountView {
  return { ...account, activeUsers, freeSeats: Math.max(0, account.seats - activeUsers) };
}
