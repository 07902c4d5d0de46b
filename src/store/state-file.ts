import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { GuruError } from '../core/errors.js';
import { SCHEMA_VERSION, type State } from '../core/model.js';
import { writeFileDurably } from './durable-write.js';

const unreadable = (file: string, why: string) =>
  new GuruError(
    'store_unreadable',
    `state file ${file} ${why} — Guru stopped without touching it; restore it from a backup or fix it by hand`,
  );

/**
 * lowdb adapter for the state file: durable atomic writes, and reads that refuse — never
 * "repair" — anything that is not a state file this version understands.
 */
export class StateFileAdapter implements Adapter<State> {
  constructor(readonly file: string) {}

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
    return checkState(this.file, data);
  }

  async write(data: State): Promise<void> {
    await writeFileDurably(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }
}

/** Structural check of a parsed state file; throws naming the file and what is wrong. */
export function checkState(file: string, data: unknown): State {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw unreadable(file, 'is not a JSON object');
  const state = data as Record<string, unknown>;
  const version = state.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw unreadable(file, 'has no schemaVersion');
  if (version > SCHEMA_VERSION) {
    throw new GuruError(
      'store_unreadable',
      `state file ${file} was written by a newer Guru (schema ${version}; this one reads up to ${SCHEMA_VERSION}) — upgrade Guru`,
    );
  }
  for (const key of ['users', 'departments', 'phones', 'roundRobins'] as const) {
    if (!Array.isArray(state[key])) throw unreadable(file, `is damaged ("${key}" is missing or not a list)`);
  }
  if (state.account !== null && typeof state.account !== 'object') throw unreadable(file, 'is damaged ("account" is not an object)');
  // Lists added within schema 1 default to empty, so older files of the same schema still open.
  if (state.sessions === undefined) state.sessions = [];
  if (!Array.isArray(state.sessions)) throw unreadable(file, 'is damaged ("sessions" is not a list)');
  return data as State;
}
