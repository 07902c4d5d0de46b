import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { GuruError } from '../core/errors.js';
import { SCHEMA_VERSION, type State } from '../core/model.js';
import { diskError } from './disk-errors.js';
import { writeFileDurably } from './durable-write.js';
import { migrateState } from './migrations.js';

const unreadable = (file: string, why: string) =>
  new GuruError(
    'store_unreadable',
    `state file ${file} ${why} — Guru stopped without touching it; restore it from a backup or fix it by hand`,
  );

/** A state file brought up to date: where its old bytes were kept. */
export interface MigrationDone {
  file: string;
  from: number;
  to: number;
  backup: string;
}

/** The one line a person is told when their state file was migrated. */
export function migrationNotice(m: MigrationDone): string {
  return `migrated ${m.file} from schema ${m.from} to ${m.to}; the old file is kept as ${m.backup}`;
}

/**
 * lowdb adapter for the state file: durable atomic writes, and reads that refuse — never
 * "repair" — anything that is not a state file this version understands.
 *
 * A file of an older schema is migrated in memory on every read, and on disk only by the first
 * write (which runs under the writer lock): reads never write, so a read-only data dir or a
 * reader without write access still works. That write first keeps the old bytes durably in
 * `state.json.v<old>.bak`, then replaces the file atomically.
 */
export class StateFileAdapter implements Adapter<State> {
  /** Set when the last read found an older schema: the bytes the next write must back up. */
  private older: { version: number; text: string } | null = null;

  constructor(
    readonly file: string,
    private readonly onMigrated: (done: MigrationDone) => void = () => undefined,
  ) {}

  async read(): Promise<State | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw unreadable(this.file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw unreadable(this.file, `is not valid JSON (${(err as Error).message})`);
    }
    const version = checkVersion(this.file, data);
    const state = checkState(this.file, version < SCHEMA_VERSION ? migrateState(this.file, data as Record<string, unknown>, version) : data);
    this.older = version < SCHEMA_VERSION ? { version, text } : null;
    return state;
  }

  async write(data: State): Promise<void> {
    const older = this.older;
    const backup = older ? await this.backUp(older) : null;
    try {
      await writeFileDurably(this.file, `${JSON.stringify(data, null, 2)}\n`);
    } catch (err) {
      throw diskError(err, this.file, `the state file was not changed`);
    }
    this.older = null;
    if (older && backup) this.onMigrated({ file: this.file, from: older.version, to: SCHEMA_VERSION, backup });
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
        throw diskError(err, backup, 'the state file was not changed');
      });
      if (existing === older.text) return backup;
      if (existing !== null) continue;
      try {
        await writeFileDurably(backup, older.text);
      } catch (err) {
        throw diskError(err, backup, `nothing was migrated or changed (the backup of the state file could not be written)`);
      }
      return backup;
    }
  }
}

/** The file's schema version, refusing a file with none or one newer than this Guru knows. */
function checkVersion(file: string, data: unknown): number {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw unreadable(file, 'is not a JSON object');
  const version = (data as Record<string, unknown>).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw unreadable(file, 'has no schemaVersion');
  if (version > SCHEMA_VERSION) {
    throw new GuruError(
      'store_unreadable',
      `state file ${file} was written by a newer Guru (schema ${version}; this one reads up to ${SCHEMA_VERSION}) — upgrade Guru`,
    );
  }
  return version;
}

/** Structural check of a parsed state file of the current schema; throws naming the file and what is wrong. */
export function checkState(file: string, data: unknown): State {
  if (checkVersion(file, data) !== SCHEMA_VERSION) throw unreadable(file, `is not at schema ${SCHEMA_VERSION}`);
  const state = data as Record<string, unknown>;
  for (const key of ['users', 'departments', 'phones', 'roundRobins', 'sessions'] as const) {
    if (!Array.isArray(state[key])) throw unreadable(file, `is damaged ("${key}" is missing or not a list)`);
  }
  if (state.account !== null && typeof state.account !== 'object') throw unreadable(file, 'is damaged ("account" is not an object)');
  return data as State;
}
