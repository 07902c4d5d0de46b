import { requirePermission, type Principal } from '../access.js';
import type { OperationContext } from '../context.js';
import { conflict, denied, GuruError, invalid, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { findDepartment } from '../lookup.js';
import type { QuickReply, QuickReplyScope, State } from '../model.js';
import {
  checkQuickReplyText,
  knownQuickReplies,
  managesQuickReplies,
  MAX_PERSONAL_QUICK_REPLIES,
  MAX_QUICK_REPLIES,
  normalizeShortcut,
  pickQuickReply,
  sameScope,
  scopeLabel,
  scopeText,
  usesQuickReply,
} from '../quick-replies.js';
import { t } from '../../i18n/translate.js';

/** A quick reply as commands and the inbox see it. */
export interface QuickReplyView {
  id: string;
  /** `/preco`. */
  shortcut: string;
  /** As saved, placeholders unfilled (`{cliente}`, `{agente}`). */
  text: string;
  /** Who may use it: the whole team, one department's members, or only its author. */
  scope: 'everyone' | 'department' | 'user';
  /** The department, for `scope: department`. */
  department: string | null;
  /** Who made it; null: the owner (local admin). */
  createdBy: { email: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a quick reply goes: `everyone`, a department (`dept`, by name), or neither — only me. */
export interface QuickReplyScopeInput {
  everyone?: boolean;
  dept?: string;
}

/** A change to a quick reply; `scope` moves it (`{}`: to only me). */
export interface QuickReplyPatch {
  text?: string;
  shortcut?: string;
  scope?: QuickReplyScopeInput;
}

const MANAGE = 'quick_replies.manage';
const NOT_FOUND = (ref: string) => notFound(t`no quick reply "${ref.trim().slice(0, 40)}" among yours — see \`guru quick list\``);

export function quickReplyOps(ctx: OperationContext) {
  /** The one quick reply `ref` names among those the actor knows; a shared one needs the permission to change. */
  const toChange = (state: State, who: Principal, ref: string, doing: string): QuickReply => {
    const reply = pickQuickReply(state, knownQuickReplies(state, who), ref);
    if (!reply) throw NOT_FOUND(ref);
    if (reply.scope.type !== 'user') requirePermission(who, MANAGE, doing);
    return reply;
  };

  return {
    /**
     * The quick replies the actor may use (everyone's, their departments', their own), by
     * shortcut. `all`: every shared one besides (those who manage them keep them up).
     */
    list(options: { all?: boolean } = {}): Promise<QuickReplyView[]> {
      return ctx.view(null, t`list quick replies`, (state, who) => {
        if (options.all && !managesQuickReplies(who)) {
          throw denied(t`you may not list every department's quick replies: it needs the "${MANAGE}" permission — without --all you see yours`);
        }
        const replies = options.all ? knownQuickReplies(state, who, true) : state.quickReplies.filter((r) => usesQuickReply(state, who, r));
        return replies.map((r) => quickReplyView(state, r)).sort((a, b) => a.shortcut.localeCompare(b.shortcut) || a.scope.localeCompare(b.scope));
      });
    },

    /** A new quick reply: only the actor's own unless `scope` says everyone or a department (which needs quick_replies.manage). */
    add(shortcut: string, text: string, scope: QuickReplyScopeInput = {}): Promise<QuickReplyView> {
      return ctx.change(null, t`add quick replies`, ({ draft, who, now, record }) => {
        const place = scopeFor(draft, who, scope, t`add quick replies for everyone or a department`);
        const reply: QuickReply = {
          id: newId('q'),
          shortcut: normalizeShortcut(shortcut),
          text: checkQuickReplyText(text),
          scope: place,
          createdBy: who.user?.id ?? null,
          createdAt: now,
          updatedAt: now,
        };
        requireRoom(draft, reply);
        requireUnique(draft, reply);
        draft.quickReplies.push(reply);
        record('quick_reply.add', reply.shortcut, { id: reply.id, scope: scopeLabel(draft, place) });
        return quickReplyView(draft, reply);
      });
    },

    /** Changes a quick reply (by shortcut or id): its text, its shortcut, or who may use it. */
    edit(ref: string, patch: QuickReplyPatch): Promise<QuickReplyView> {
      if (patch.text === undefined && patch.shortcut === undefined && patch.scope === undefined) {
        throw invalid(t`nothing to change — give the new text, a new --shortcut, or where it goes (--everyone, --dept, --mine)`);
      }
      return ctx.change(null, t`change quick replies`, ({ draft, who, now, record }) => {
        const reply = toChange(draft, who, ref, t`change quick replies shared with others`);
        const next: QuickReply = {
          ...reply,
          ...(patch.text === undefined ? {} : { text: checkQuickReplyText(patch.text) }),
          ...(patch.shortcut === undefined ? {} : { shortcut: normalizeShortcut(patch.shortcut) }),
          ...(patch.scope === undefined ? {} : { scope: scopeFor(draft, who, patch.scope, t`share quick replies with everyone or a department`) }),
          updatedAt: now,
        };
        if (!sameScope(next.scope, reply.scope)) requireRoom(draft, next);
        requireUnique(draft, next);
        draft.quickReplies = draft.quickReplies.map((r) => (r.id === reply.id ? next : r));
        const changed = [
          ...(next.text !== reply.text ? ['text'] : []),
          ...(next.shortcut !== reply.shortcut ? [`shortcut ${reply.shortcut} → ${next.shortcut}`] : []),
          ...(!sameScope(next.scope, reply.scope) ? [`scope ${scopeLabel(draft, reply.scope)} → ${scopeLabel(draft, next.scope)}`] : []),
        ];
        if (changed.length > 0) record('quick_reply.edit', next.shortcut, { id: next.id, changed });
        return quickReplyView(draft, next);
      });
    },

    /** Removes a quick reply (by shortcut or id). */
    remove(ref: string): Promise<QuickReplyView> {
      return ctx.change(null, t`remove quick replies`, ({ draft, who, record }) => {
        const reply = toChange(draft, who, ref, t`remove quick replies shared with others`);
        const view = quickReplyView(draft, reply);
        draft.quickReplies = draft.quickReplies.filter((r) => r.id !== reply.id);
        record('quick_reply.remove', reply.shortcut, { id: reply.id, scope: scopeLabel(draft, reply.scope) });
        return view;
      });
    },
  };
}

/** The scope `input` asks for, as the actor may give it: a shared one needs quick_replies.manage. */
function scopeFor(state: State, who: Principal, input: QuickReplyScopeInput, doing: string): QuickReplyScope {
  if (input.everyone && input.dept !== undefined) throw invalid(t`a quick reply is for everyone or for one department, not both — drop --everyone or --dept`);
  if (input.everyone || input.dept !== undefined) {
    // The permission first: whether a department exists is no news, but the refusal should be the first word.
    requirePermission(who, MANAGE, doing);
    return input.everyone ? { type: 'everyone' } : { type: 'department', departmentId: findDepartment(state, input.dept!).id };
  }
  if (!who.user) {
    throw invalid(t`the owner has no quick replies of its own — add it for --everyone or a --dept, or act as a user (\`guru login\`, or \`--as <email>\`)`);
  }
  return { type: 'user', userId: who.user.id };
}

function requireUnique(state: State, reply: QuickReply): void {
  const clash = state.quickReplies.find((r) => r.id !== reply.id && r.shortcut === reply.shortcut && sameScope(r.scope, reply.scope));
  if (clash) {
    throw conflict(
      t`there is already a quick reply ${reply.shortcut} for ${scopeText(state, reply.scope)} — change it with \`guru quick edit ${reply.shortcut}\`, or choose another shortcut`,
    );
  }
}

function requireRoom(state: State, reply: QuickReply): void {
  if (state.quickReplies.length >= MAX_QUICK_REPLIES) {
    throw new GuruError('limit', t`the team has ${MAX_QUICK_REPLIES} quick replies, the most Guru keeps — remove some first (\`guru quick remove\`)`);
  }
  const own = reply.scope;
  if (own.type === 'user' && state.quickReplies.filter((r) => r.scope.type === 'user' && r.scope.userId === own.userId).length >= MAX_PERSONAL_QUICK_REPLIES) {
    throw new GuruError(
      'limit',
      t`you have ${MAX_PERSONAL_QUICK_REPLIES} quick replies of your own, the most one person keeps — remove some first (\`guru quick remove\`)`,
    );
  }
}

export function quickReplyView(state: State, reply: QuickReply): QuickReplyView {
  const author = reply.createdBy ? state.users.find((u) => u.id === reply.createdBy) : undefined;
  const scope = reply.scope;
  return {
    id: reply.id,
    shortcut: reply.shortcut,
    text: reply.text,
    scope: scope.type,
    department: scope.type === 'department' ? (state.departments.find((d) => d.id === scope.departmentId)?.name ?? null) : null,
    createdBy: author ? { email: author.email, name: author.name } : reply.createdBy ? { email: '', name: '(removed user)' } : null,
    createdAt: reply.createdAt,
    updatedAt: reply.updatedAt,
  };
}
