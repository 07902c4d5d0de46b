import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAST } from '../../src/demo/cast.js';
import { samplePdf, samplePhoto, sampleVoiceNote } from '../../src/demo/samples.js';
import { GURU_BIN, guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * README's first set-up command: `npx guru demo` works with nothing configured — the built-in
 * WhatsApp simulator, a real daemon with real Baileys, simulated customers, the inbox.
 * (`--seconds` is a hidden, shorter `--minutes` for tests.)
 */
describe('guru demo', () => {
  let dir: string;
  let sandbox: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    sandbox = join(dir, 'guru-demo');
  });
  afterAll(() => removeDir(dir));

  const env = () => ({ XDG_DATA_HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), GURU_HOME: '' });
  const demo = (args: string[]) => guru(join(dir, 'unused'), ['demo', ...args], { env: env() });

  let headless = '';

  it('--headless: links the simulated phone by QR, syncs history, and the rodízio hands out chats that get replies', async () => {
    const { code, stdout, stderr } = await demo(['--headless', '--seconds', '8']);
    headless = stdout;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`a new training sandbox in ${sandbox}`);
    expect(stdout).toMatch(/bia@loja\.example\tBia Lima\tnormal\tactive\t\tVendas/);
    expect(stdout).toMatch(/link +QR ready \(valid \d+ s\): https:\/\/wa\.me\/settings\/linked_devices#/);
    expect(stdout).toMatch(/link +the simulated phone \+5511999990000 scans the QR/);
    expect(stdout).toMatch(/sync +syncing history \[#{20}\] 100%/);
    expect(stdout).toMatch(/link +connected: 12 chats, 300 messages of history synced/);
    // the rodízio: the admin only while online (no inbox open here), Bia twice, Vendas skipped
    // while nobody in it is online, then Duda
    expect(stdout).toMatch(
      /rodízio +new chat Mariana Costa \(\+5511987650001\) → Bia Lima {2}\(rodízio: #1 user:ana@loja\.example skipped: offline; #2 user:bia@loja\.example picked\)/,
    );
    expect(stdout).toMatch(/rodízio +new chat .* → Duda Melo {2}\(rodízio: #4 dept:Vendas skipped: offline; #5 user:duda@loja\.example picked\)/);
    expect(stdout).toMatch(/in +Mariana Costa: Olá, gostaria de saber o preço do plano anual/);
    expect(stdout).toMatch(/out +Bia Lima → Mariana Costa: \*Bia:\* Oi, Mariana!/);
    expect(stdout).toMatch(/in +Mariana Costa: E dá para pagar em 12 vezes\?/); // the customer answered the reply
    expect(stdout).toMatch(/in +John Carter: Hi, is my order #1234 shipped\?/);
    // the customers' phones acknowledge the replies (✓✓), then read them, as WhatsApp users do
    expect(stdout).toMatch(/receipt +Mariana Costa's phone received the reply ✓✓/);
    expect(stdout).toMatch(/receipt +Mariana Costa read the reply ✓✓ \(read\)/);
    expect(stdout).toMatch(/\d+ customers wrote in/);
    expect(stdout).toMatch(/demo +stopping the customers, the daemon and the simulator/);
    // everything it started is gone
    expect(existsSync(join(sandbox, 'guru.sock'))).toBe(false);
    expect((await guru(sandbox, ['daemon', 'status'])).code).toBe(3);
  });

  it("its closing hint's commands work as printed, and no daemon on the sandbox ever dials WhatsApp with the simulator's credentials", async () => {
    const commands = [...headless.matchAll(/`guru ([^`]+)`/g)].map((m) => m[1]!.split(' '));
    expect(commands.map((c) => c.slice(2).join(' '))).toEqual([
      'demo --headless',
      'audit',
      'daemon start',
      'chat list --status all --as ana@loja.example',
      'daemon stop',
    ]);
    for (const c of commands) expect(c.slice(0, 2)).toEqual(['--home', sandbox]);
    // The credentials paired with the simulator went with it.
    expect(existsSync(join(sandbox, 'whatsapp'))).toBe(false);
    const run = (args: string[]) => guru(join(dir, 'unused'), args, { env: { ...env(), GURU_WA_URL: 'ws://127.0.0.1:9' } });
    expect((await run(commands[1]!)).stdout).toContain('chat.send');
    // (a closed local port stands for WhatsApp: were there credentials, the phone would be dialling it)
    expect((await run(commands[2]!)).code).toBe(0);
    try {
      const status = JSON.parse((await run(['--home', sandbox, 'phone', 'status', '+5511999990000', '--json'])).stdout);
      expect(status.linkState).toBe('unlinked');
      expect((await run(commands[3]!)).stdout).toContain('Mariana Costa');
    } finally {
      expect((await run(commands[4]!)).code).toBe(0);
    }
  });

  it('customers keep writing in for as long as it runs (after the cast of 8, new people), send a photo, a voice note and a PDF (each kept by the daemon) and react to a reply; ended by SIGHUP (its terminal closed), it still stops its daemon, wipes the credentials and exits 130 at once', async () => {
    // A customer a second and answers after 500 ms (hidden knobs), so the cast runs out and gets
    // to its files soon (faster would flood a loaded machine: replies then take seconds); the
    // run would go on for 4 minutes.
    const child = spawn(process.execPath, [GURU_BIN, 'demo', '--headless', '--seconds', '240', '--customer-every-ms', '1000', '--answer-ms', '500'], {
      env: { ...process.env, ...env(), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // The cast's files and reaction come a few replies into their talks.
      const expected = [
        /in +Beatriz Martins: Olá, gostaria de saber o preço do plano anual/,
        /in +Rafael Nunes: 📷 image · Chegou assim, olha a quina/,
        /in +Camila Rocha: 🎤 voice note 0:02/,
        /in +Olivia Brown: 📄 order-7788\.pdf \(\d+ B\) · Here is the order; the new address is 5th Avenue 100/,
        /in +Mariana Costa: 👍 reacted to “\*\w+:\* Maravilha! Te mando o/,
        // the transcript says when the daemon has kept each file (the same bytes: the same name)
        new RegExp(`media +Rafael Nunes's photo kept by the daemon \\([\\d.]+ KB, sha256 ${sha256(samplePhoto().bytes).slice(0, 12)}…\\)`),
        new RegExp(`media +Camila Rocha's voice note kept by the daemon \\([\\d.]+ KB, sha256 ${sha256(sampleVoiceNote().bytes).slice(0, 12)}…\\)`),
        /media +Olivia Brown's document kept by the daemon \(\d+ B, sha256 [0-9a-f]{12}…\)/,
      ];
      const deadline = Date.now() + 180_000;
      while (!expected.every((line) => line.test(out))) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`the demo never got that far (missing: ${expected.filter((line) => !line.test(out)).join(', ')}):\n${out}`);
        }
        await pause(100);
      }
      expect(out).toMatch(/rodízio +(new|reopened) chat Beatriz Martins \(\+5511987651000\) → /);
      await expectCastMedia();
      expect(existsSync(join(sandbox, 'whatsapp'))).toBe(true); // linked, so the credentials are there
      child.kill('SIGHUP');
      expect(await exited).toBe(130);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(out).toMatch(/demo +stopping the customers, the daemon and the simulator/);
    expect(Number(/(\d+) customers wrote in/.exec(out)?.[1])).toBeGreaterThan(8);
    expect(existsSync(join(sandbox, 'whatsapp'))).toBe(false);
    expect((await guru(sandbox, ['daemon', 'status'])).code).toBe(3);
  }, 300_000);

  /**
   * What the cast sent arrived as WhatsApp described it, through real Baileys, and the daemon
   * kept each file — the very bytes the customer's phone sent, under their sha256: asked of the
   * demo's own daemon while it runs.
   */
  async function expectCastMedia() {
    type Shown = {
      id: string;
      direction: string;
      text: string;
      content: Record<string, unknown>;
      media?: { state: string; sha256?: string; size?: number };
      reactions?: { emoji: string; from: unknown }[];
    };
    const show = async (number: string) =>
      JSON.parse((await guruOk(sandbox, ['chat', 'show', number, '--json', '--as', 'ana@loja.example'])).stdout).messages as Shown[];
    /** The customer's message of `type`, once its file is no longer being fetched (bounded: 60 s). */
    const settled = async (number: string, type: string) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const message = (await show(`+${number}`)).find((m) => m.content.type === type);
        if (message && message.media?.state !== 'pending') return message;
        if (Date.now() > deadline) throw new Error(`the ${type} of +${number} is still ${message ? 'pending' : 'missing'}`);
        await pause(500);
      }
    };
    const expectKept = (message: Shown, bytes: Buffer) => {
      const name = sha256(bytes);
      expect(message.media).toEqual({ state: 'stored', sha256: name, size: bytes.length });
      expect(readFileSync(join(sandbox, 'media', name.slice(0, 2), name)).equals(bytes)).toBe(true);
    };
    const [rafael, camila, olivia, mariana] = ['Rafael Nunes', 'Camila Rocha', 'Olivia Brown', 'Mariana Costa'].map(
      (name) => CAST.find((m) => m.name === name)!,
    );
    const photo = samplePhoto();
    const image = await settled(rafael!.number, 'image');
    expect(image.content).toMatchObject({ mimetype: 'image/jpeg', size: photo.bytes.length, caption: 'Chegou assim, olha a quina', width: 320, height: 240 });
    expectKept(image, photo.bytes);
    const voice = sampleVoiceNote();
    const note = await settled(camila!.number, 'audio');
    expect(note.content).toMatchObject({ voice: true, mimetype: 'audio/ogg; codecs=opus', size: voice.bytes.length, duration: voice.seconds });
    expectKept(note, voice.bytes);
    const turn = olivia!.lines.find((t) => typeof t !== 'string' && 'send' in t && t.send === 'pdf') as { title: string; body: string[] };
    const pdf = samplePdf(turn.title, turn.body);
    const document = await settled(olivia!.number, 'document');
    expect(document.content).toMatchObject({ fileName: 'order-7788.pdf', mimetype: 'application/pdf', size: pdf.bytes.length });
    expectKept(document, pdf.bytes);
    // the reaction shows on the agent's reply it is about
    const replies = (await show(`+${mariana!.number}`)).filter((m) => m.direction === 'out' && /Maravilha! Te mando o link/.test(m.text));
    expect(replies.map((m) => m.reactions)).toContainEqual([expect.objectContaining({ emoji: '👍', from: 'customer' })]);
  }

  it('reuses the sandbox on a second run (the customers come back: reopened, handed out again)', async () => {
    await guruOk(sandbox, ['dept', 'add', 'Extra']);
    const again = await demo(['--headless', '--seconds', '2']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('the existing training sandbox');
    expect(again.stdout).toMatch(/rodízio +reopened chat Mariana Costa .* → /);
    expect(JSON.parse((await guruOk(sandbox, ['dept', 'list', '--json'])).stdout).map((d: any) => d.name)).toContain('Extra');
  });

  it('its users can be used like any others', async () => {
    // (wherever the runs above left the rodízio's cursor: one full round)
    const sim = await guru(sandbox, ['rr', 'simulate', '+5511999990000', '--next', '4', '--online', 'caio@loja.example', '--json']);
    const names = JSON.parse(sim.stdout).decisions.map((d: any) => d.assignee.name);
    expect([...names].sort()).toEqual(['Bia Lima', 'Bia Lima', 'Duda Melo', 'Vendas']); // Ana offline, Edu inactive
  });

  it('without a terminal and without --headless: exit 2 and the headless hint', async () => {
    const result = await demo([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs a terminal — .*guru demo --headless --minutes 1/);
  });

  it('on a terminal (--reset: a fresh sandbox): shows the QR and the sync, opens the inbox as the admin with customers writing in; q stops everything', async () => {
    const pty = new PtySession(['demo', '--reset'], { ...env(), NO_COLOR: '1' }, { cols: 120, rows: 40 });
    try {
      await pty.waitFor('a new training sandbox');
      await pty.waitFor("The QR of the demo's WhatsApp", 60_000);
      await pty.waitFor('syncing history [####################] 100%', 60_000);
      await pty.waitFor('Ana Souza <ana@loja.example> · admin', 60_000);
      // the rodízio gives the admin, online in this inbox, the first customer
      await pty.waitFor('Mariana Costa', 60_000);
      await pty.waitFor('Mine 1', 60_000);
      pty.type('\r');
      await pty.waitFor('preço do plano anual');
      await pty.waitFor('signed *Ana:*');
      pty.type('r');
      await pty.waitFor('Enter send');
      pty.type('Oi, Mariana! Custa R$ 1.188.');
      // Enter only once the text is on screen: a chunk holding text and Enter is a paste to
      // Ink (a new line), and a loaded machine can hand both over in one read.
      await pty.waitFor('Custa R$ 1.188.');
      await pause(50);
      pty.type('\r');
      await pty.waitFor('E dá para pagar em 12 vezes?', 60_000); // the customer answered
      await pty.waitFor('✓✓', 30_000); // having received (and read) the reply first
      pty.type('\u001b');
      await pause(150);
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
    await pty.waitFor('Demo stopped');
    expect(existsSync(join(sandbox, 'guru.sock'))).toBe(false);
    expect(JSON.parse((await guruOk(sandbox, ['dept', 'list', '--json'])).stdout).map((d: any) => d.name)).toEqual(['Vendas', 'Suporte']);
  });
});
