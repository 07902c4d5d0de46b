import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

const SESSIONS = 100_000;

/** Every file under `home` but the journal and the log, with its size and a hash of its bytes. */
async function snapshot(home: string): Promise<Map<string, { size: number; hash: string }>> {
  const files = new Map<string, { size: number; hash: string }>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(home, path);
      if (name === 'journal' || name === 'daemon.log' || entry.name.endsWith('.sock')) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const bytes = await readFile(path);
        files.set(name, { size: bytes.length, hash: createHash('sha256').update(bytes).digest('hex') });
      }
    }
  };
  await walk(home);
  return files;
}

/**
 * Hot, growing data stays out of the state file (DESIGN.md "One writer"): with 100k login
 * sessions stored — as an installation used for a long time gathers them — a new chat's
 * rodízio decision writes a few bytes of cursor, and neither the state nor the sessions.
 */
describe('a new chat with 100k sessions stored', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>> | null = null;
  const env = { GURU_TRANSPORT: 'memory' };

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    // The state file as schema 2 kept it, sessions inside: 100k of them.
    const file = join(home, 'state.json');
    const { commit: _commit, ...state } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> & { users: { id: string }[] };
    const userId = state.users[0]!.id;
    const sessions = Array.from({ length: SESSIONS }, (_, i) => ({
      id: `s_${i.toString(16).padStart(12, '0')}`,
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      userId,
      createdAt: '2026-11-30T12:00:00.000Z',
    }));
    await writeFile(file, `${JSON.stringify({ ...state, schemaVersion: 2, sessions }, null, 2)}\n`);
  }, 120_000);
  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('writes only the small cursor record, not the state file or the sessions', async () => {
    daemon = await startDaemon(home, { env });
    const before = await snapshot(home);
    const answer = await memoryPhone(home, SP).write({ id: 'FIRST', from: '5511911110001@s.whatsapp.net', text: 'oi' });
    expect(answer.newChat).toBe(true);
    const after = await snapshot(home);

    const changed = [...after].filter(([name, f]) => before.get(name)?.hash !== f.hash);
    const written = changed.reduce((sum, [, f]) => sum + f.size, 0);
    expect(changed.map(([name]) => name)).not.toContain('state.json');
    expect(changed.map(([name]) => name)).not.toContain('sessions.jsonl');
    expect(written, `files rewritten: ${changed.map(([n, f]) => `${n} (${f.size} bytes)`).join(', ')}`).toBeLessThan(4096);
    console.log(
      `hot data: ${SESSIONS} sessions stored (state.json ${before.get('state.json')?.size} bytes); a new chat rewrote ${changed.map(([n, f]) => `${n} (${f.size} B)`).join(', ') || 'nothing'} besides the journal`,
    );

    // The chat went to ana, and the turn taken survives a restart.
    await daemon.stop();
    daemon = await startDaemon(home, { env });
    const queue = await guruJson<{ lastPicked: number | null }>(home, ['rr', 'show', SP, '--json']);
    expect(queue.lastPicked).toBe(1);
  }, 180_000);
});
