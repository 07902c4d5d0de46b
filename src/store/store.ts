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
import { migrationNotice, StateFileAdapter, type MigrationDone } from './state-file.js';

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
  /**
   * Told once when a write migrated the state file from an older schema. Default: one line on
   * this process's stderr (the terminal for a command, the log for the daemon).
   */
  onMigrated?: (done: MigrationDone) => void;
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
  const adapter = new StateFileAdapter(paths.state, options.onMigrated ?? ((done) => process.stderr.write(`${migrationNotice(done)}\n`)));
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
 * StateRepository over lowdb, with group commit: changes that queue up while a write is on its
 * way are applied one after another and written together, so a burst (a hundred new chats each
 * moving the rodízio cursor, a script of admin commands) costs one write, not a hundred. Each
 * change still succeeds or fails on its own, and resolves only once it is durable. With
 * `lockEach`, each write also takes the cross-process lock and starts from the file as it is.
 */
class FileStateRepository implements StateRepository {
  private pending: PendingChange[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Low<State>,
    private readonly lockEach: (() => Promise<Release>) | null,
  ) {}

  async read(): Promise<State> {
    return this.db.data;
  }

  update<T>(change: (draft: State) => T, afterCommit?: (result: T) => Promise<void>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        change,
        afterCommit: afterCommit as PendingChange['afterCommit'],
        resolve: resolve as PendingChange['resolve'],
        reject,
      });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        await this.commit(batch).catch((err: unknown) => {
          for (const p of batch) if (!p.settled) p.reject(err);
        });
      }
    } finally {
      this.flushing = null;
    }
  }

  private async commit(batch: PendingChange[]): Promise<void> {
    const release = await this.lockEach?.();
    try {
      if (release) this.db.data = (await this.db.adapter.read()) ?? emptyState();
      let state = this.db.data;
      const applied: { change: PendingChange; result: unknown }[] = [];
      for (const p of batch) {
        // Each change on its own copy: one that throws leaves no trace, the others go ahead.
        const draft = structuredClone(state);
        try {
          const result = p.change(draft);
          state = draft;
          applied.push({ change: p, result });
        } catch (err) {
          p.settled = true;
          p.reject(err);
        }
      }
      // Memory follows disk, never leads it; and a no-op writes nothing, so the file stays
      // byte-for-byte unchanged.
      if (state !== this.db.data && !isDeepStrictEqual(state, this.db.data)) {
        await this.db.adapter.write(state);
        this.db.data = state;
      }
      for (const { change, result } of applied) {
        try {
          await change.afterCommit?.(result);
          change.resolve(result);
        } catch (err) {
          change.reject(err);
        }
        change.settled = true;
      }
    } finally {
      await release?.();
    }
  }
}

interface PendingChange {
  change: (draft: State) => unknown;
  afterCommit?: (result: unknown) => Promise<void>;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
  settled?: boolean;
}

/** The owner token: 256 random bits, readable only by the owner, created once at init. */
export async function ensureOwnerToken(paths: DataPaths): Promise<void> {
  try {
    await writeFile(paths.ownerToken, `${randomBytes(32).toString('hex')}\n`, { mode: FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
