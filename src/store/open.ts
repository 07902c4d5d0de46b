import type { Stores } from '../core/ports.js';
import type { AuditListener } from './audit-file.js';
import { memoryStores } from './memory.js';
import { openFileStores, type FileStoreOptions, type FileStores } from './store.js';

/** Which stores to open: the files of a data directory (the default), or memory only. */
export type StoreSpec = ({ kind: 'files'; home: string } & FileStoreOptions) | { kind: 'memory'; onAudit?: AuditListener };

/**
 * The one place stores are built: the daemon, the CLI's in-process engine and the tests all
 * open theirs here, so a new kind (a database) is one more branch, not a change to the engine.
 */
export function openStores(spec: { kind: 'files'; home: string } & FileStoreOptions): Promise<FileStores>;
export function openStores(spec: { kind: 'memory'; onAudit?: AuditListener }): Promise<Stores>;
export function openStores(spec: StoreSpec): Promise<Stores>;
export async function openStores(spec: StoreSpec): Promise<Stores> {
  switch (spec.kind) {
    case 'files': {
      const { kind: _kind, home, ...options } = spec;
      return openFileStores(home, options);
    }
    case 'memory':
      return memoryStores(spec.onAudit ? { onAudit: spec.onAudit } : {});
  }
}
