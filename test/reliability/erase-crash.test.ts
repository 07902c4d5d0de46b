import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { MediaFiles } from '../../src/store/media-files.js';
import { apiClient, isAlive, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { seededRandom } from '../helpers/random.js';
import { PASSWORD, SP } from '../helpers/team.js';

// `npm test`: 4 trials over a journal of 40k messages; `npm run test:soak`: 12 over 300k.
const SOAK = process.env.GURU_SOAK === '1';
const TRIALS = SOAK ? 12 : 4;
const MESSAGES = SOAK ? 300_000 : 40_000;
const SEED = Number(process.env.GURU_CRASH_SEED ?? Date.now() % 2 ** 31);

const MARIA = '+5511988881111';
const JOAO = '+5511988882222';
const MARIA_CHAT = chatIdFor(SP, MARIA);
const JOAO_CHAT = chatIdFor(SP, JOAO);
const PHOTO = Buffer.from(`a photo only Maria sent ${'x'.repeat(2_000)}`);

/**
 * kill -9 of the daemon at random moments of an erasure, trial after trial, each on a fresh copy
 * of the same data dir: the journal is always whole (the old one or the new one, every line
 * JSON, João's lines the very same bytes), the daemon always starts again, and a second
 * `contact erase` finishes the job — nothing of Maria is left, her photo included.
 */
describe('kill -9 during an erasure', () => {
  let dir: string;
  let seeded: string;
  let joaoLines: string[];
  let photoSha: string;

  beforeAll(async () => {
    dir = await makeTempDir('guru-erase-crash-');
    seeded = join(dir, 'seeded');
    await guruOk(seeded, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(seeded, ['phone', 'add', SP]);
    const state = JSON.parse(await readFile(join(seeded, 'state.json'), 'utf8'));
    const ana = { type: 'user', userId: state.users[0].id };
    photoSha = (await new MediaFiles(join(seeded, 'media')).put(Readable.from([PHOTO]))).sha256;
    const time = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1_000).toISOString();
    const opened = (chatId: string, customer: string, name: string) =>
      JSON.stringify({ type: 'chat.opened', chatId, customer, name, time: time(0), assignee: ana, trail: [], cause: 'new' });
    const lines = [opened(MARIA_CHAT, MARIA, 'Marizete'), opened(JOAO_CHAT, JOAO, 'Joãozinho')];
    lines.push(
      JSON.stringify({ type: 'message', id: 'MIMG', chatId: MARIA_CHAT, direction: 'in', content: { type: 'image', mimetype: 'image/jpeg' }, time: time(1) }),
      JSON.stringify({ type: 'media', id: 'MIMG', chatId: MARIA_CHAT, time: time(1), state: 'stored', sha256: photoSha, size: PHOTO.length }),
    );
    for (let i = 0; i < MESSAGES; i++) {
      const maria = i % 2 === 0;
      const text = maria ? `Marizete pergunta sobre o boleto ${i}` : `João confirma o pedido ${i}`;
      lines.push(JSON.stringify({ type: 'message', id: `M${i}`, chatId: maria ? MARIA_CHAT : JOAO_CHAT, direction: 'in', text, time: time(i + 2) }));
    }
    await mkdir(join(seeded, 'journal'), { mode: 0o700 });
    await writeFile(join(seeded, 'journal', `${SP.slice(1)}.jsonl`), `${lines.join('\n')}\n`, { mode: 0o600 });
    joaoLines = lines.filter((l) => l.includes(JOAO_CHAT));
  }, 120_000);
  afterAll(() => removeDir(dir));

  const journalOf = (home: string) => join(home, 'journal', `${SP.slice(1)}.jsonl`);

  /** The journal as it is: each line JSON (throws on a torn one), and whether Maria is still in it. */
  async function journalState(home: string): Promise<{ maria: boolean; joao: string[] }> {
    const lines = (await readFile(journalOf(home), 'utf8')).split('\n');
    expect(lines.pop()).toBe(''); // ends with a whole line
    for (const line of lines) JSON.parse(line);
    return { maria: lines.some((l) => l.includes(MARIA_CHAT)), joao: lines.filter((l) => l.includes(JOAO_CHAT)) };
  }

  /** Every file of the data dir holding one of Maria's traces, by name or bytes. */
  async function mariaLeft(home: string): Promise<string[]> {
    const needles = [MARIA.slice(1), MARIA_CHAT, 'Marizete', photoSha];
    const hits: string[] = [];
    const walk = async (d: string): Promise<void> => {
      for (const entry of await readdir(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile()) {
          const bytes = await readFile(path);
          for (const n of needles) if (path.includes(n) || bytes.includes(Buffer.from(n))) hits.push(`${path.slice(home.length)}: ${n}`);
          if (bytes.equals(PHOTO)) hits.push(`${path.slice(home.length)}: the photo`);
        }
      }
    };
    await walk(home);
    return hits;
  }

  async function trial(n: number, killAfterMs: number | null): Promise<number> {
    const home = join(dir, `trial-${n}`);
    await cp(seeded, home, { recursive: true });
    const env = { env: { GURU_TRANSPORT: 'memory' } };
    let daemon = await startDaemon(home, env);
    const started = performance.now();
    const erasing = apiClient(home, ownerToken(home)).operations().contacts.erase(MARIA);
    let took = 0;
    if (killAfterMs === null) {
      await erasing;
      took = performance.now() - started;
      await daemon.stop();
    } else {
      erasing.catch(() => undefined);
      await new Promise((r) => setTimeout(r, killAfterMs));
      process.kill(daemon.pid, 'SIGKILL');
      while (isAlive(daemon.pid)) await new Promise((r) => setTimeout(r, 10));
      const after = await journalState(home);
      expect(after.joao).toEqual(joaoLines);
      // The data dir opens again: the daemon starts and answers.
      daemon = await startDaemon(home, env);
      const chats = await apiClient(home, ownerToken(home)).operations().chats.list({ status: 'all' });
      expect(chats.map((c) => c.id)).toContain(JOAO_CHAT);
      expect(chats.some((c) => c.id === MARIA_CHAT)).toBe(after.maria);
      // Run again, it finishes.
      await apiClient(home, ownerToken(home)).operations().contacts.erase(MARIA);
      await daemon.stop();
    }
    const end = await journalState(home);
    expect(end).toEqual({ maria: false, joao: joaoLines });
    expect(await mariaLeft(home)).toEqual([]);
    await removeDir(home);
    return took;
  }

  it(`leaves the old journal or the new one, and a second erase finishes (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    // How long an erasure takes here, uninterrupted: the kills fall within it (and a little after).
    const took = await trial(0, null);
    const kills: number[] = [];
    for (let n = 1; n <= TRIALS; n++) {
      const at = Math.round(random() * took * 1.2);
      kills.push(at);
      await trial(n, at);
    }
    console.log(`erasure took ${Math.round(took)} ms; killed at ${kills.join(', ')} ms (seed ${SEED})`);
  }, 300_000);
});
