import { Readable } from 'node:stream';
import { IOStreams } from '../../src/cli/io.js';

/** An IOStreams over strings, as a terminal (`tty: true`) or as pipes. */
export function fakeIO(options: { tty: boolean; stdin?: string; env?: NodeJS.ProcessEnv; columns?: number }) {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(Readable.from([options.stdin ?? '']), { isTTY: options.tty });
  const io = new IOStreams(
    stdin,
    { write: (s: string) => (stdout += s), isTTY: options.tty, columns: options.columns ?? 100 },
    { write: (s: string) => (stderr += s), isTTY: options.tty },
    options.env ?? {},
  );
  return {
    io,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}
