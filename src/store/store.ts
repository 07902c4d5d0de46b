import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { GuruError } from '../core/errors.js';
import { emptyState, type State } from '../core/model.js';
import type { AuditEntry, StateRepository, Stores } from '../core/ports.js';
import { AuditFile, type AuditListener } from './audit-file.js';
import { ContactsFile } from './contacts-file.js';
import { MediaFiles } from './media-files.js';
import { JournalStore, type JournalWarning } from './journal.js';
import { acquireLock, type Release } from './lock.js';
import { makePrivateDir } from './private-dir.js';
import { dataPaths, FILE_MODE, type DataPaths } from './paths.js';
import { SecretFiles } from './secret-file.js';
import { SecretKey } from './secret-key.js';
import { SessionLog } from './session-log.js';
import { applyBatch, settleBatch, StateChangeQueue, type PendingChange } from './state-changes.js';
import { migrationNotice, StateFileAdapter, type MigrationDone } from './state-file.js';
import { t } from '../i18n/translate.js';

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

/** An open data directory: the engine's stores, backed by files. */
export interface FileStores extends Stores {
  paths: DataPaths;
  journal: JournalStore;
  secrets: SecretFiles;
}

export interface FileStoreOptions extends OpenOptions {
  /** Told of every audit batch once it is durable (the daemon announces them to watchers). */
  onAudit?: AuditListener;
  /** Told of a damaged journal tail cut off, a checkpoint ignored. */
  warnJournal?: JournalWarning;
  /**
   * The file of the key secrets are encrypted with at rest (outside the data dir); default
   * GURU_KEY_FILE; none: secrets are kept as plain files (0600).
   */
  keyFile?: string | null;
}

export async function openFileStores(home: string, options: FileStoreOptions): Promise<FileStores> {
  const paths = dataPaths(home);
  if (options.create) await makePrivateDir(home);
  else await requireDirectory(home);

  const keyFile = options.keyFile === undefined ? process.env.GURU_KEY_FILE || null : options.keyFile;
  const key = keyFile ? await SecretKey.load(keyFile, home) : null;
  const lock = () => acquireLock(paths.lock, { waitMs: options.lockWaitMs ?? 120_000, staleMs: options.lockStaleMs });
  const held: Release | null = options.lock === 'hold' ? await lock() : null;
  try {
    const sessions = new SessionLog(paths.sessions, held !== null);
    const adapter = new StateFileAdapter(paths.state, options.onMigrated ?? ((done) => process.stderr.write(`${migrationNotice(done)}\n`)), (old) =>
      sessions.addAll(old),
    );
    const audit = new AuditFile(paths.audit, options.onAudit);
    const state = new FileStateRepository(adapter, audit, held ? null : lock, paths.home);
    // The only writer for its life cleans up after a crash now, before anyone relies on it.
    if (held) await state.recover();
    else await state.load();
    const journal = new JournalStore(join(home, 'journal'), options.warnJournal);
    const media = new MediaFiles(join(home, 'media'));
    if (held) await media.prepare();
    return {
      paths,
      state,
      audit,
      sessions,
      secrets: new SecretFiles(home, key),
      journal,
      media,
      contacts: new ContactsFile(paths.contacts),
      stateNow: () => state.now(),
      close: async () => {
        try {
          await journal.close();
        } finally {
          await held?.();
        }
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
    if (!info.isDirectory()) throw new GuruError('not_initialized', t`${home} is not a directory — pass --home with a Guru data directory`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new GuruError('not_initialized', t`no Guru data in ${home} — set it up with \`guru init\` (or pass --home / GURU_HOME)`);
    }
    throw err;
  }
}

/**
 * StateRepository over the state file, with group commit: changes that queue up while a write
 * is on its way are applied one after another and written together, so a burst (a script of
 * admin commands) costs one write, not a hundred. Each change still succeeds or fails on its
 * own, and resolves only once it is durable. With `lockEach`, each write also takes the
 * cross-process lock and starts from the file as it is.
 *
 * A write carries the audit entries of its changes; they are appended to the audit log right
 * after. If a crash comes in between, whoever next holds the lock finds entries in the file
 * that the log lacks and appends them (`recover`), so a change and its audit line are durable
 * together. A batch that only moved rodízio cursors writes the small cursor record instead.
 */
export class FileStateRepository implements StateRepository {
  private readonly changes = new StateChangeQueue((batch) => this.commit(batch));
  private data: State = emptyState();
  private seq = 0;
  /** The audit entries the last write carried, until they are known to be in the log. */
  private unconfirmed: AuditEntry[] = [];
  private cleaned = false;

  constructor(
    private readonly adapter: StateFileAdapter,
    private readonly audit: AuditFile,
    private readonly lockEach: (() => Promise<Release>) | null,
    private readonly home: string,
  ) {}

  async read(): Promise<State> {
    return this.data;
  }

  now(): State {
    return this.data;
  }

  /** Reads the file (no lock, no writes: a read-only command). */
  async load(): Promise<void> {
    const contents = await this.adapter.read();
    this.data = contents?.state ?? emptyState();
    this.seq = contents?.seq ?? 0;
    this.unconfirmed = contents?.audit ?? [];
  }

  /**
   * Under the writer lock: reads the file, appends the audit entries its last write carried if
   * the log lacks them (a crash came between), and removes temp files a crashed writer left.
   * A file of an older schema is migrated now, so its sessions move to their store before anyone
   * logs in with them.
   */
  async recover(): Promise<void> {
    await this.load();
    await this.confirmAudit();
    await this.removeStaleTemps();
    if (this.adapter.migrating) {
      this.seq += 1;
      await this.adapter.write(this.data, this.seq, []);
    }
  }

  update<T>(change: (draft: State) => T, audit?: (result: T) => readonly AuditEntry[]): Promise<T> {
    return this.changes.add(change, audit);
  }

  private async confirmAudit(): Promise<void> {
    if (this.unconfirmed.length === 0) return;
    await this.audit.appendMissing(this.unconfirmed);
    this.unconfirmed = [];
  }

  /** Temp files of an atomic write that a crash interrupted: nobody else writes while we hold the lock. */
  private async removeStaleTemps(): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    const names = await readdir(this.home).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => STALE_TEMP.test(n)).map((n) => rm(join(this.home, n), { force: true }).catch(() => undefined)));
  }

  private async commit(batch: PendingChange[]): Promise<void> {
    const release = await this.lockEach?.();
    try {
      if (release) {
        await this.load();
        await this.removeStaleTemps();
      }
      // Entries of an earlier write that may not have reached the log go first, in order.
      await this.confirmAudit();
      const { state, applied, entries } = applyBatch(this.data, batch);
      // Memory follows disk, never leads it; and a no-op writes nothing, so the file stays
      // byte-for-byte unchanged.
      if (entries.length > 0 || (state !== this.data && !isDeepStrictEqual(state, this.data))) {
        if (entries.length === 0 && !this.adapter.migrating && sameButCursors(state, this.data)) {
          await this.adapter.writeCursors(state, this.seq);
        } else {
          await this.adapter.write(state, this.seq + 1, entries);
          this.seq += 1;
          this.unconfirmed = entries;
        }
        this.data = state;
        // The change is durable from here on, audit entries included: a failed append leaves
        // them in the file for the next write (or start) to add, and the change stands.
        await this.audit.append(entries, t`the change was made and its audit entry kept with it; the next change made here adds it to the log`);
        this.unconfirmed = [];
      }
      settleBatch(applied);
    } finally {
      await release?.();
    }
  }
}

/**
 * Leftovers of `writeFileDurably` in the data dir (`.state.json.<pid>.<random>.tmp`, …) — a
 * contacts one too: it holds customers' names, which an erasure must not leave behind.
 */
const STALE_TEMP = /^\.(state\.json|cursors\.json|sessions\.jsonl|contacts\.json)[.].*\.tmp$/;

/** Whether two states differ in rodízio cursors only. */
function sameButCursors(a: State, b: State): boolean {
  if (a.roundRobins.length !== b.roundRobins.length) return false;
  const strip = (s: State) => ({ ...s, roundRobins: s.roundRobins.map((q) => ({ ...q, cursor: 0 })) });
  return isDeepStrictEqual(strip(a), strip(b));
}

/** The owner token: 256 random bits, readable only by the owner, created once at init. */
export async function ensureOwnerToken(paths: DataPaths): Promise<void> {
  try {
    await writeFile(paths.ownerToken, `${randomBytes(32).toString('hex')}\n`, { mode: FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
