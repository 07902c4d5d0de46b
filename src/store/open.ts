import type { Stores } from '../core/ports.js';
import type { AuditListener } from './audit-file.js';
import { memoryStores } from './memory.js';
import type { PostgresStoreOptions, PostgresStores } from './postgres/stores.js';
import { openFileStores, type FileStoreOptions, type FileStores } from './store.js';

/** Which stores to open: the files of a data directory (the default), a PostgreSQL database, or memory only. */
export type StoreSpec =
  | ({ kind: 'files'; home: string } & FileStoreOptions)
  | ({ kind: 'postgres'; url: string } & PostgresStoreOptions)
  | { kind: 'memory'; onAudit?: AuditListener };

/** Stores a daemon can run on: secrets it can encrypt in place once a key is set. */
export type DurableStores = FileStores | PostgresStores;

/**
 * The one place stores are built: the daemon, the CLI's in-process engine and the tests all
 * open theirs here, so the engine never knows which kind it runs on. PostgreSQL's code (and its
 * driver) is loaded only when asked for.
 */
export function openStores(spec: { kind: 'files'; home: string } & FileStoreOptions): Promise<FileStores>;
export function openStores(spec: { kind: 'postgres'; url: string } & PostgresStoreOptions): Promise<PostgresStores>;
export function openStores(spec: { kind: 'memory'; onAudit?: AuditListener }): Promise<Stores>;
export function openStores(spec: Exclude<StoreSpec, { kind: 'memory' }>): Promise<DurableStores>;
export function openStores(spec: StoreSpec): Promise<Stores>;
export async function openStores(spec: StoreSpec): Promise<Stores> {
  switch (spec.kind) {
    case 'files': {
      const { kind: _kind, home, ...options } = spec;
      return openFileStores(home, options);
    }
    case 'postgres': {
      const { kind: _kind, url, ...options } = spec;
      const { openPostgresStores } = await import('./postgres/stores.js');
      return openPostgresStores(url, options);
    }
    case 'memory':
      return memoryStores(spec.onAudit ? { onAudit: spec.onAudit } : {});
  }
}
