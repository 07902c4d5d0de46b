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

/**
 * How this process shares the data directory (DESIGN.md "One writer"):
 * - `hold`: take the writer lock at open and keep it until close — the daemon, which is then
 *   the only writer and keeps the state in memory;
 * - `per-write`: take it around each write only, re-reading the file under it — a CLI command
 *   when no daemon runs. Slow work (password hashing, loading code) happens outside the lock,
 *   so many concurrent commands queue for milliseconds, not seconds.
 */
export type LockPolicy = 'hold' | 'per-write';

export interface OpenOptions {
  lock: LockPolicy;
  /** Create the data directory if missing (only `guru init` does). */
  create?: boolean;
  /** How long a writer queues behind another before giving up. */
  lockWaitMs?: number;
  /** See LockOptions.staleMs. */
  lockStaleMs?: number;
}

/** An open data directory: the engine's ports, backed by files. */
export interface Store {
  paths: DataPaths;
  state: StateRepository;
  audit: AuditLog;
  /** The state as this process knows it, synchronously (authoritative for a `hold` store). */
  stateNow(): State;
  close(): Promise<void>;
}

export async function openStore(home: string, options: OpenOptions): Promise<Store> {
  const paths = dataPaths(home);
  if (options.create) await mkdir(home, { recursive: true, mode: DIR_MODE });
  else await requireDirectory(home);

  const lock = () => acquireLock(paths.lock, { waitMs: options.lockWaitMs ?? 120_000, staleMs: options.lockStaleMs });
  const adapter = new StateFileAdapter(paths.state);
  const held: Release | null = options.lock === 'hold' ? await lock() : null;
  try {
    const db = new Low<State>(adapter, (await adapter.read()) ?? emptyState());
    return {
      paths,
      state: new FileStateRepository(db, held ? null : lock),
      audit: new AuditFile(paths.audit),
      stateNow: () => db.data,
      close: async () => {
        await held?.();
      },
    };
  } catch (err) {
    await held?.();
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
 * StateRepository over lowdb. Updates are serialised within the process; with `lockEach`, each
 * one also takes the cross-process lock and starts from the file as it is now.
 */
class FileStateRepository implements StateRepository {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Low<State>,
    private readonly lockEach: (() => Promise<Release>) | null,
  ) {}

  async read(): Promise<State> {
    return this.db.data;
  }

  update<T>(change: (draft: State) => T, afterCommit?: (result: T) => Promise<void>): Promise<T> {
    const run = this.queue.then(async () => {
      const release = await this.lockEach?.();
      try {
        if (release) this.db.data = (await this.db.adapter.read()) ?? emptyState();
        const draft = structuredClone(this.db.data);
        const result = change(draft);
        // Memory follows disk, never leads it; and a no-op writes nothing, so the file stays
        // byte-for-byte unchanged.
        if (!isDeepStrictEqual(draft, this.db.data)) {
          await this.db.adapter.write(draft);
          this.db.data = draft;
        }
        await afterCommit?.(result);
        return result;
      } finally {
        await release?.();
      }
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
