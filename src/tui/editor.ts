import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { t } from '../i18n/translate.js';

/** The longest reply taken back from the editor: what one message carries (`chats.send`). */
export const MAX_EDITED_CHARS = 100_000;

/** The inbox's hold on the terminal, let go while the editor runs. */
export interface EditorTerminal {
  /** Hands the terminal over: cooked mode, the shell's own screen. */
  release(): void;
  /** Takes it back: raw mode, the inbox's screen, drawn anew. */
  reclaim(): void;
}

/** What the editor left: the new reply, or why the draft stays as it was. */
export type EditResult = { ok: true; text: string } | { ok: false; reason: string };

type Run = (
  command: string,
  args: string[],
  options: { stdio: 'inherit'; env: NodeJS.ProcessEnv },
) => Pick<SpawnSyncReturns<Buffer>, 'status' | 'signal' | 'error'>;

/**
 * Writes the reply in `$EDITOR` (`vi` when unset), as nchat's Alt-e and git's commit do: the
 * draft goes in a file only this user can read (a 0600 file in a 0700 directory of its own),
 * the editor gets the whole terminal, and what it saved comes back — the file is removed in
 * every case. The editor runs synchronously, as gemini-cli runs terminal editors: while it
 * does, nothing else reads the keyboard. `$EDITOR` may carry arguments (`code --wait`): it
 * is run by the shell, the file's path passed apart, never pasted into the command.
 */
export async function editInEditor(draft: string, env: NodeJS.ProcessEnv, terminal: EditorTerminal, run: Run = spawnSync): Promise<EditResult> {
  const dir = await mkdtemp(join(tmpdir(), 'guru-reply-'));
  const file = join(dir, 'reply.txt');
  const editor = env.EDITOR?.trim() || 'vi';
  try {
    await writeFile(file, draft, { mode: 0o600, flag: 'wx' });
    terminal.release();
    let result: ReturnType<Run>;
    try {
      result = run('/bin/sh', ['-c', `${editor} "$1"`, 'guru-editor', file], { stdio: 'inherit', env });
    } finally {
      terminal.reclaim();
    }
    if (result.error) return { ok: false, reason: t`could not run ${editor}: ${result.error.message} — the reply is as it was` };
    if (result.status === 127) return { ok: false, reason: t`no editor "${editor}" — set $EDITOR to yours (export EDITOR=nano); the reply is as it was` };
    if (result.status !== 0) {
      return { ok: false, reason: t`${editor} stopped with ${result.status ?? result.signal} — the reply is as it was` };
    }
    // Editors end the file with a line break; the reply does not.
    const text = (await readFile(file, 'utf8')).replace(/\s+$/, '');
    if (text.length > MAX_EDITED_CHARS) {
      return {
        ok: false,
        reason: t`the reply is ${text.length} characters long, more than one message carries (${MAX_EDITED_CHARS}) — the reply is as it was`,
      };
    }
    return { ok: true, text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
