import { rename, stat } from 'node:fs/promises';
import pino, { type Logger } from 'pino';
import { FILE_MODE } from '../store/paths.js';

export const MAX_LOG_BYTES = 10 * 1024 * 1024;

/**
 * The daemon's structured log: JSON lines to a file in the data dir (never the CLI's stdout),
 * capped by size: past MAX_LOG_BYTES it is renamed to `.1` (replacing the previous one) and
 * a fresh file begins. Checked at start and once a minute.
 */
export async function createFileLogger(file: string, level = process.env.GURU_LOG_LEVEL ?? 'info') {
  await rotateIfLarge(file);
  const destination = pino.destination({ dest: file, append: true, mkdir: false, sync: false, mode: FILE_MODE });
  const logger: Logger = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  const timer = setInterval(() => {
    void rotateIfLarge(file).then((rotated) => rotated && destination.reopen());
  }, 60_000);
  timer.unref();
  return {
    logger,
    /** Writes out what is buffered; call before exit. */
    close: () => {
      clearInterval(timer);
      destination.flushSync();
    },
  };
}

async function rotateIfLarge(file: string): Promise<boolean> {
  try {
    if ((await stat(file)).size < MAX_LOG_BYTES) return false;
    await rename(file, `${file}.1`);
    return true;
  } catch {
    return false;
  }
}
