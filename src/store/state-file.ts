import { readFile } from 'node:fs/promises';
import { GuruError } from '../core/errors.js';
import { SCHEMA_VERSION, type State } from '../core/model.js';
import type { AuditEntry, SessionRecord } from '../core/ports.js';
import { diskError } from './disk-errors.js';
import { writeFileDurably } from './durable-write.js';
import { migrateState } from './migrations.js';
import { t } from '../i18n/translate.js';

const unreadable = (file: string, why: string) =>
  new GuruError('store_unreadable', t`state file ${file} ${why} — Guru stopped without touching it; restore it from a backup or fix it by hand`);

/** A state file brought up to date: where its old bytes were kept. */
export interface MigrationDone {
  file: string;
  from: number;
  to: number;
  backup: string;
}

/** The one line a person is told when their state file was migrated. */
export function migrationNotice(m: MigrationDone): string {
  return t`migrated ${m.file} from schema ${m.from} to ${m.to}; the old file is kept as ${m.backup}`;
}

/** What a state file holds besides the state: the write's sequence number and its audit entries. */
export interface StateFileContents {
  state: State;
  /** Counts full writes of the file; the cursor record names the write it goes with. */
  seq: number;
  /**
   * The audit entries of the change this write made. They are written with it so a crash
   * between the write and the audit append loses neither: recovery appends any the log lacks.
   */
  audit: AuditEntry[];
}

/** Login sessions found in a file of an older schema, handed over before the migration is written. */
export type SessionImport = (sessions: SessionRecord[]) => Promise<void>;

/**
 * The state file (`state.json`) and its cursor record (`cursors.json`): durable atomic writes,
 * and reads that refuse — never "repair" — anything that is not a state file this version
 * understands.
 *
 * Rodízio cursors move with every new chat, so they are also kept in a record of their own: a
 * cursor move rewrites that small file only, never the state. The record names the state write
 * it follows (`seq`); a later full write carries the cursors itself, and the older record is
 * ignored from then on. Either file is replaced atomically, so a crash leaves a consistent pair.
 *
 * A file of an older schema is migrated in memory on every read, and on disk only by the first
 * write (which runs under the writer lock): reads never write, so a read-only data dir or a
 * reader without write access still works. That write first keeps the old bytes durably in
 * `state.json.v<old>.bak`, hands any login sessions the old file held to the session store,
 * then replaces the file atomically.
 */
export class StateFileAdapter {
  /** Set when the last read found an older schema: the bytes the next write must back up. */
  private older: { version: number; text: string; sessions: SessionRecord[] } | null = null;
  readonly cursorFile: string;

  constructor(
    readonly file: string,
    private readonly onMigrated: (done: MigrationDone) => void = () => undefined,
    private readonly importSessions: SessionImport = async () => undefined,
  ) {
    this.cursorFile = file.replace(/state\.json$/, 'cursors.json');
  }

  /** Whether the next write migrates the file. */
  get migrating(): boolean {
    return this.older !== null;
  }

  async read(): Promise<StateFileContents | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw unreadable(this.file, t`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw unreadable(this.file, t`is not valid JSON (${(err as Error).message})`);
    }
    const version = checkVersion(this.file, data);
    const raw = data as Record<string, unknown>;
    const current = checkState(this.file, version < SCHEMA_VERSION ? migrateState(this.file, raw, version) : raw) as State & { commit?: unknown };
    this.older = version < SCHEMA_VERSION ? { version, text, sessions: oldSessions(raw.sessions) } : null;
    const { commit, ...state } = current;
    const { seq, audit } = checkCommit(this.file, commit);
    await this.applyCursors(state, seq);
    return { state, seq, audit };
  }

  /** A full write, numbered `seq`: the state with its cursors, and the audit entries of the change. */
  async write(state: State, seq: number, audit: readonly AuditEntry[]): Promise<void> {
    const older = this.older;
    const backup = older ? await this.backUp(older) : null;
    if (older && older.sessions.length > 0) await this.importSessions(older.sessions);
    try {
      await writeFileDurably(this.file, `${JSON.stringify({ ...state, commit: { seq, audit } }, null, 2)}\n`);
    } catch (err) {
      throw diskError(err, this.file, t`the state file was not changed`);
    }
    this.older = null;
    if (older && backup) this.onMigrated({ file: this.file, from: older.version, to: SCHEMA_VERSION, backup });
  }

  /** Writes only the rodízio cursors, as of the state write `seq`. */
  async writeCursors(state: State, seq: number): Promise<void> {
    const cursors = Object.fromEntries(state.roundRobins.map((q) => [q.phone, q.cursor]));
    try {
      await writeFileDurably(this.cursorFile, `${JSON.stringify({ seq, cursors })}\n`);
    } catch (err) {
      throw diskError(err, this.cursorFile, t`the round-robin turn was not saved`);
    }
  }

  private async applyCursors(state: State, seq: number): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.cursorFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw unreadable(this.cursorFile, t`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let record: { seq?: unknown; cursors?: unknown };
    try {
      record = JSON.parse(text) as typeof record;
    } catch (err) {
      throw unreadable(this.cursorFile, t`is not valid JSON (${(err as Error).message})`);
    }
    if (record.seq !== seq) return; // a full write since carries newer cursors
    if (typeof record.cursors !== 'object' || record.cursors === null) throw unreadable(this.cursorFile, t`is damaged ("cursors" is missing)`);
    const cursors = record.cursors as Record<string, unknown>;
    for (const queue of state.roundRobins) {
      const cursor = cursors[queue.phone];
      if (typeof cursor === 'number' && Number.isInteger(cursor) && cursor >= -1 && cursor < queue.entries.length) queue.cursor = cursor;
    }
  }

  /**
   * Keeps the pre-migration bytes next to the file (0600, fsynced, atomic). An earlier backup
   * with the same bytes is reused; one with other bytes is never overwritten.
   */
  private async backUp(older: { version: number; text: string }): Promise<string> {
    for (let n = 1; ; n++) {
      const backup = `${this.file}.v${older.version}${n === 1 ? '' : `.${n}`}.bak`;
      const existing = await readFile(backup, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw diskError(err, backup, t`the state file was not changed`);
      });
      if (existing === older.text) return backup;
      if (existing !== null) continue;
      try {
        await writeFileDurably(backup, older.text);
      } catch (err) {
        throw diskError(err, backup, t`nothing was migrated or changed (the backup of the state file could not be written)`);
      }
      return backup;
    }
  }
}

/** Sessions as schema 2 kept them (no last use: they start their idle time at the migration). */
function oldSessions(list: unknown): SessionRecord[] {
  if (!Array.isArray(list)) return [];
  const now = new Date().toISOString();
  return list
    .filter((s): s is Record<string, string> => typeof s === 'object' && s !== null && typeof s.tokenHash === 'string' && typeof s.userId === 'string')
    .map((s) => ({ id: String(s.id), tokenHash: s.tokenHash!, userId: s.userId!, createdAt: String(s.createdAt ?? now), lastSeenAt: now }));
}

function checkCommit(file: string, commit: unknown): { seq: number; audit: AuditEntry[] } {
  if (commit === undefined) return { seq: 0, audit: [] };
  const c = commit as { seq?: unknown; audit?: unknown };
  if (typeof c !== 'object' || c === null || typeof c.seq !== 'number' || !Array.isArray(c.audit)) {
    throw unreadable(file, t`is damaged ("commit" is not a write record)`);
  }
  return { seq: c.seq, audit: c.audit as AuditEntry[] };
}

/** The file's schema version, refusing a file with none or one newer than this Guru knows. */
function checkVersion(file: string, data: unknown): number {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw unreadable(file, t`is not a JSON object`);
  const version = (data as Record<string, unknown>).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw unreadable(file, t`has no schemaVersion`);
  if (version > SCHEMA_VERSION) {
    throw new GuruError(
      'store_unreadable',
      t`state file ${file} was written by a newer Guru (schema ${version}; this one reads up to ${SCHEMA_VERSION}) — upgrade Guru`,
    );
  }
  return version;
}

/**
 * A state kept as JSON text elsewhere than a state file (a database row): checked and, if it is
 * of an older schema, migrated in memory, as a state file's is. `source` names it in errors.
 */
export function stateFromText(source: string, text: string): State {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw unreadable(source, t`is not valid JSON (${(err as Error).message})`);
  }
  const version = checkVersion(source, data);
  const raw = data as Record<string, unknown>;
  const { commit: _commit, ...state } = checkState(source, version < SCHEMA_VERSION ? migrateState(source, raw, version) : raw) as State & { commit?: unknown };
  return state;
}

/** Structural check of a parsed state file of the current schema; throws naming the file and what is wrong. */
export function checkState(file: string, data: unknown): State {
  if (checkVersion(file, data) !== SCHEMA_VERSION) throw unreadable(file, t`is not at schema ${SCHEMA_VERSION}`);
  const state = data as Record<string, unknown>;
  for (const key of ['users', 'departments', 'phones', 'roundRobins', 'tags', 'quickReplies'] as const) {
    if (!Array.isArray(state[key])) throw unreadable(file, t`is damaged ("${key}" is missing or not a list)`);
  }
  if (state.account !== null && typeof state.account !== 'object') throw unreadable(file, t`is damaged ("account" is not an object)`);
  return data as State;
}
