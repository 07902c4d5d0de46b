import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

const CUSTOMER = '5511977776666@s.whatsapp.net';

/**
 * Sends against the real daemon and its in-memory transport: many at once to one chat all get
 * their message back, and a send retried with its idempotency key is stored and sent once, also
 * when the daemon restarted in between.
 */
describe('concurrent and retried sends', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const journal = () => join(home, 'journal', '5511999990000.jsonl');
  const ana = async () => apiClient(home, (await apiClient(home, null).login('ana@acme.com', PASSWORD)).token).operations();

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    await memoryPhone(home, SP).write({ from: CUSTOMER, text: 'Oi' });
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  it('40 sends at once to one chat: 40 answers, each with its own message, none an internal error', async () => {
    const ops = await ana();
    const [chat] = await ops.chats.list();
    const replies = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => ops.chats.send(chat!.id, `resposta ${i}`)));
    expect(replies.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const sent = replies.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof ops.chats.send>>>).value);
    expect(sent.map((m) => m.text)).toEqual(Array.from({ length: 40 }, (_, i) => `resposta ${i}`));
    expect(new Set(sent.map((m) => m.id)).size).toBe(40);
    expect((await memoryPhone(home, SP).outbox()).length).toBe(40);
  });

  it('a send retried with its key — at once, later, after a restart — is stored and sent once', async () => {
    const phone = memoryPhone(home, SP);
    let ops = await ana();
    const [chat] = await ops.chats.list();
    const before = (await phone.outbox()).length;
    const [first, retry] = await Promise.all([
      ops.chats.send(chat!.id, 'Orçamento: R$ 1.200', { key: 'retry-me' }),
      ops.chats.send(chat!.id, 'Orçamento: R$ 1.200', { key: 'retry-me' }),
    ]);
    expect(retry.id).toBe(first.id);
    expect((await ops.chats.send(chat!.id, 'Orçamento: R$ 1.200', { key: 'retry-me' })).id).toBe(first.id);
    await daemon.stop();
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    ops = await ana();
    expect((await ops.chats.send(chat!.id, 'Orçamento: R$ 1.200', { key: 'retry-me' })).id).toBe(first.id);
    // The memory transport's outbox starts empty with the daemon: nothing was sent again.
    const outbox = await memoryPhone(home, SP).outbox();
    expect(before).toBeGreaterThan(0);
    expect(outbox.filter((m) => m.text.includes('Orçamento'))).toEqual([]);
    const lines = (await readFile(journal(), 'utf8')).split('\n').filter((l) => l.includes('Orçamento'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: first.id, sendKey: 'retry-me' });
    // A key that is not a token is refused by name, and nothing is sent.
    await expect(ops.chats.send(chat!.id, 'x', { key: 'with space' })).rejects.toThrow(/idempotency key must be/);
    expect(await memoryPhone(home, SP).outbox()).toEqual([]);
  });

  it('`guru chat send` sends with a key of its own each time', async () => {
    const [chat] = await guruJson<any[]>(home, ['chat', 'list', '--as', 'ana@acme.com']);
    await guruOk(home, ['chat', 'send', chat.id, 'pela linha de comando', '--as', 'ana@acme.com']);
    await guruOk(home, ['chat', 'send', chat.id, 'pela linha de comando', '--as', 'ana@acme.com']);
    const keys = (await readFile(journal(), 'utf8'))
      .split('\n')
      .filter((l) => l.includes('pela linha de comando'))
      .map((l) => (JSON.parse(l) as { sendKey?: string }).sendKey);
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
