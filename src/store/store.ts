import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { Low } from 'lowdb';
import { GuruError } from '../core/errors.js';
import { emptyState, type State } from '../core/model.js';
import type { AuditLog, StateRepository } from '../core/ports.js';
import { AuditFile } from './audit-file.js';
import { acquireLock, type Release } from './lock.js';
import { dataPaths, DIR_MODE, FILE_MODE, type DataPaths } from './paths.js';
import { StateFileAdapter } from './state-file.js';

export interface OpenOptions {
  /** Take the writer lock (needed for `update`). Readers may skip it: writes are atomic renames. */
  write: boolean;
  /** Create the data directory if missing (only `guru init` does). */
  create?: boolean;
  /** How long a writer queues behind another before giving up. */
  lockWaitMs?: number;
}

/** An open data directory: the engine's ports plus the lock that makes this the only writer. */
export interface Store {
  paths: DataPaths;
  state: StateRepository;
  audit: AuditLog;
  /** False until `guru init` has written the first state. */
  initialized: boolean;
  close(): Promise<void>;
}

export async function openStore(home: string, options: OpenOptions): Promise<Store> {
  const paths = dataPaths(home);
  if (options.create) await mkdir(home, { recursive: true, mode: DIR_MODE });
  else await requireDirectory(home);

  const release: Release | null = options.write ? await acquireLock(paths.lock, { waitMs: options.lockWaitMs ?? 60_000 }) : null;
  try {
    const adapter = new StateFileAdapter(paths.state);
    const existing = await adapter.read();
    const db = new Low<State>(adapter, existing ?? emptyState());
    return {
      paths,
      state: new LowStateRepository(db, options.write),
      audit: new AuditFile(paths.audit),
      initialized: existing !== null,
      close: async () => {
        await release?.();
      },
    };
  } catch (err) {
    await release?.();
    throw err;
  }
}

async function requireDirectory(home: string): Promise<void> {
  try {
    const info = await stat(home);
    if (!info.isDirectory()) throw new GuruError('not_initialized', `${home} is not a directory — pass --home with a Guru data directory`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new GuruError('not_initialized', `no Guru data in ${home} — set it up with \`guru init\` (or pass --home / GURU_HOME)`);
    }
    throw err;
  }
}

/**
 * StateRepository over lowdb. The in-memory copy is authoritative because this process holds
 * the lock; updates are serialised so each is durable, in order, before it resolves.
 */
class LowStateRepository implements StateRepository {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Low<State>,
    private readonly writable: boolean,
  ) {}

  async read(): Promise<State> {
    return this.db.data;
  }

  update<T>(change: (draft: State) => T): Promise<T> {
    if (!this.writable) return Promise.reject(new Error('store opened read-only'));
    const run = this.queue.then(async () => {
      const draft = structuredClone(this.db.data);
      const result = change(draft);
      // Skipping no-op writes keeps the file byte-for-byte unchanged when nothing changed.
      // Memory follows disk, never leads it: a failed write leaves both at the old state.
      if (!isDeepStrictEqual(draft, this.db.data)) {
        await this.db.adapter.write(draft);
        this.db.data = draft;
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The owner token: 256 random bits, readable only by the owner, created once at init. */
export async function ensureOwnerToken(paths: DataPaths): Promise<void> {
  try {
    await writeFile(paths.ownerToken, `${randomBytes(32).toString('hex')}\n`, { mode: FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
