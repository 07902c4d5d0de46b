import { usage } from '../core/errors.js';
import { t } from '../i18n/translate.js';

/** The log's cap: `daemon.log` and its rotations together never hold more than this. */
export const MAX_LOG_BYTES = 10 * 1024 * 1024;
/** `daemon.log` plus `.1` … `.3`. */
export const LOG_FILES = 4;
/** The smallest cap GURU_LOG_MAX_BYTES may set: a few lines per file. */
const MIN_LOG_BYTES = 4 * 1024;

export interface LogSettings {
  level: string;
  maxBytes: number;
}

/** GURU_LOG_LEVEL and GURU_LOG_MAX_BYTES (tests use a small cap), else the defaults. */
export function logSettings(env: NodeJS.ProcessEnv): LogSettings {
  const raw = env.GURU_LOG_MAX_BYTES;
  let maxBytes = MAX_LOG_BYTES;
  if (raw !== undefined && raw !== '') {
    if (!/^\d+$/.test(raw) || Number(raw) < MIN_LOG_BYTES) {
      throw usage(t`GURU_LOG_MAX_BYTES must be a whole number of bytes, at least ${MIN_LOG_BYTES} (got "${raw.slice(0, 40)}")`);
    }
    maxBytes = Number(raw);
  }
  return { level: env.GURU_LOG_LEVEL ?? 'info', maxBytes };
}
