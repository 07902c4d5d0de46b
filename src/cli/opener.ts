import { spawn } from 'node:child_process';
import { GuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';

/** The program that opens a file as the desktop would: $GURU_OPENER, else the system's. */
export function systemOpener(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const chosen = env.GURU_OPENER?.trim();
  if (chosen) return chosen;
  return platform === 'darwin' ? 'open' : 'xdg-open';
}

/**
 * Hands `path` to the opener and returns once it started (it runs on by itself: a viewer stays
 * open after guru exits). The opener is one program, run without a shell: the path is one
 * argument whatever characters its name holds.
 */
export async function openFile(path: string, env: NodeJS.ProcessEnv): Promise<string> {
  const opener = systemOpener(env);
  const child = spawn(opener, [path], { detached: true, stdio: 'ignore', env });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new GuruError(
          'invalid_input',
          err.code === 'ENOENT'
            ? t`cannot open the file: "${opener}" is not installed — set GURU_OPENER to a program that opens files, or use --save DIR (it is at ${path})`
            : t`cannot open the file with "${opener}" (${err.code ?? err.message}) — it is at ${path}`,
        ),
      ),
    );
  });
  child.unref();
  return opener;
}
