import { GuruError } from '../core/errors.js';
import { SCHEMA_VERSION } from '../core/model.js';
import { t } from '../i18n/translate.js';

/**
 * One step of the state file's schema, from `from` to `from + 1`. `up` gets a parsed copy of
 * the file and returns the next version's shape; it must not touch anything else (the caller
 * backs the file up and writes the result). Steps are never edited once released: a change to
 * the state's shape is a new step at the end and a new SCHEMA_VERSION.
 */
export interface Migration {
  from: number;
  /** What the step changes, in a few words (for whoever reads the list or debugs a migration). */
  what: string;
  up(state: Record<string, unknown>): Record<string, unknown>;
}

/** Ordered, contiguous, ending at SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [
  {
    // Schema 1 shipped without login sessions; `guru login` added the `sessions` list. Files
    // written between the two (schema 1 with sessions) keep theirs.
    from: 1,
    what: 'adds the list of login sessions',
    up: (state) => ({ ...state, sessions: state.sessions ?? [], schemaVersion: 2 }),
  },
  {
    // Sessions grew with every login and were rewritten with every change (100k of them made a
    // new chat 80 times slower): they now live in their own store. The file's reader hands the
    // old list over to it before the migrated file is written (see StateFileAdapter).
    from: 2,
    what: 'moves login sessions out of the state file',
    up: ({ sessions: _sessions, ...state }) => ({ ...state, schemaVersion: 3 }),
  },
  {
    // Invites: a user may have no password yet (null), a WhatsApp number and a pending invite
    // (all new fields are optional, so existing users stay as they are). The step exists so an
    // older Guru refuses a file where a password may be missing instead of misreading it.
    from: 3,
    what: 'lets users be invited (no password yet, a WhatsApp number, a pending invite)',
    up: (state) => ({ ...state, schemaVersion: 4 }),
  },
  {
    // Agent tools: tags (names and colours; which chats wear them is journaled) and quick replies.
    from: 4,
    what: 'adds tags and quick replies (both empty)',
    up: (state) => ({ ...state, tags: state.tags ?? [], quickReplies: state.quickReplies ?? [], schemaVersion: 5 }),
  },
  {
    // Routing: agents' status, entries' --max-open, phones' hours, bot and reassign policy — all
    // optional, absent meaning what Guru did before. The step makes an older Guru refuse a file
    // whose rules it would silently ignore (a bot it would not run, hours it would not keep).
    from: 5,
    what: 'adds routing settings (agent status, capacity, opening hours, menu bot; none set)',
    up: (state) => ({ ...state, schemaVersion: 6 }),
  },
];

/** The oldest schema this Guru can bring up to date. */
export const OLDEST_SCHEMA = MIGRATIONS[0]?.from ?? SCHEMA_VERSION;

/**
 * Brings a parsed state file of an older schema up to SCHEMA_VERSION, in memory only. Throws
 * (naming the file) when no path exists or a step fails; the file itself is not touched here.
 */
export function migrateState(
  file: string,
  state: Record<string, unknown>,
  from: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Record<string, unknown> {
  if (from < (migrations[0]?.from ?? SCHEMA_VERSION)) {
    throw new GuruError(
      'store_unreadable',
      t`state file ${file} has schema ${from}, older than any this Guru can migrate (oldest: ${migrations[0]?.from ?? SCHEMA_VERSION}) — Guru stopped without touching it; open it with an older Guru first`,
    );
  }
  let current = structuredClone(state);
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const step = migrations.find((m) => m.from === version);
    if (!step) throw new GuruError('internal', t`no migration from state schema ${version} to ${version + 1} — this Guru build is broken; reinstall it`);
    try {
      current = step.up(current);
    } catch (err) {
      throw new GuruError(
        'store_unreadable',
        t`state file ${file} could not be migrated from schema ${version} to ${version + 1} (${(err as Error).message}) — Guru stopped without touching it; restore it from a backup or fix it by hand`,
      );
    }
    if (current.schemaVersion !== version + 1) {
      throw new GuruError(
        'internal',
        t`the state migration from schema ${version} did not produce schema ${version + 1} — this Guru build is broken; reinstall it`,
      );
    }
  }
  return current;
}
