import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, isAlive, memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

const TOTAL = 10_000;
const CUSTOMERS = 400;
const IN_FLIGHT = 64;

/**
 * kill -9 of the daemon while 10k messages stream in: every message the daemon acknowledged
 * is there after a restart, none twice, and the journal opens.
 */
describe('crash during ingest', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const env = { GURU_TRANSPORT: 'memory' };
  const message = (i: number) => ({ id: `MSG${String(i).padStart(6, '0')}`, from: `55119${String(i % CUSTOMERS).padStart(8, '0')}@s.whatsapp.net`, text: `mensagem ${i}` });

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    daemon = await startDaemon(home, { env });
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  /** Every message id the daemon knows, as the API reports it (chat by chat). */
  async function storedIds(): Promise<string[]> {
    const client = apiClient(home, ownerToken(home)).operations();
    const chats = await client.chats.list({ status: 'all' });
    const ids: string[] = [];
    for (const chat of chats) ids.push(...(await client.chats.show(chat.id, { limit: 10_000 })).messages.map((m) => m.id));
    return ids;
  }

  it('keeps every acknowledged message exactly once', async () => {
    const phone = memoryPhone(home, SP);
    const acked = new Set<string>();
    let next = 0;
    let killed = false;
    const started = Date.now();
    const worker = async () => {
      while (next < TOTAL && !killed) {
        const m = message(next++);
        try {
          await phone.write(m);
          acked.add(m.id);
          if (acked.size === 3_000 && !killed) {
            killed = true;
            process.kill(daemon.pid, 'SIGKILL');
          }
        } catch {
          // the daemon died under this request: not acknowledged, so not promised
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    for (let i = 0; i < 100 && isAlive(daemon.pid); i++) await new Promise((r) => setTimeout(r, 20));
    console.log(`crash-ingest: ${acked.size} acknowledged before kill -9 (${Date.now() - started} ms)`);
    expect(killed).toBe(true);

    daemon = await startDaemon(home, { env }); // the journal opens (torn tail, if any, repaired)
    const afterCrash = await storedIds();
    const missing = [...acked].filter((id) => !afterCrash.includes(id));
    expect(missing).toEqual([]);
    expect(afterCrash.length).toBe(new Set(afterCrash).size);

    // WhatsApp redelivers what it never saw acknowledged — and some it did: all 10k once.
    const resend = Array.from({ length: TOTAL }, (_, i) => message(i));
    let cursor = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (cursor < resend.length) await phone.write(resend[cursor++]!);
      }),
    );
    const final = await storedIds();
    expect(final.length).toBe(TOTAL);
    expect(new Set(final).size).toBe(TOTAL);

    const lines = (await readFile(join(home, 'journal', '5511999990000.jsonl'), 'utf8')).trimEnd().split('\n');
    const messageIds = lines.map((l) => JSON.parse(l)).filter((r) => r.type === 'message').map((r) => r.id);
    expect(messageIds.length).toBe(TOTAL);
    expect(new Set(messageIds).size).toBe(TOTAL);
  }, 240_000);
});
