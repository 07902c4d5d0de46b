import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileDurably } from '../store/durable-write.js';
import { DIR_MODE } from '../store/paths.js';

/** A login kept on the user's side: the bearer token for one data directory's daemon. */
export interface SavedSession {
  token: string;
  email: string;
  savedAt: string;
}

type SessionMap = Record<string, SavedSession>;

/** `$XDG_CONFIG_HOME/guru/sessions.json` (0600, in a 0700 dir), keyed by data directory. */
export function sessionFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'guru', 'sessions.json');
}

async function readAll(file: string): Promise<SessionMap> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as SessionMap) : {};
  } catch {
    return {};
  }
}

export async function loadSession(home: string, env?: NodeJS.ProcessEnv): Promise<SavedSession | null> {
  return (await readAll(sessionFile(env)))[home] ?? null;
}

export async function saveSession(home: string, session: SavedSession | null, env?: NodeJS.ProcessEnv): Promise<void> {
  const file = sessionFile(env);
  const all = await readAll(file);
  if (session) all[home] = session;
  else delete all[home];
  await mkdir(join(file, '..'), { recursive: true, mode: DIR_MODE });
  await writeFileDurably(file, `${JSON.stringify(all, null, 2)}\n`);
}
