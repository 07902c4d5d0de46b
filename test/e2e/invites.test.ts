import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWhatsApp, trustSetting, type FakeContact } from '../fake-whatsapp/server.js';
import { startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

const SP = '+5511999990000';
const BIA = '+5511977776666';
const CODE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

/** Every byte of every file under `dir`, as text. */
async function everything(dir: string): Promise<string> {
  let all = '';
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if ((await stat(path)).isFile()) all += await readFile(path, 'latin1');
  }
  return all;
}

/**
 * Invites end to end, on two homes of one machine: the "server" (the real daemon with real
 * Baileys, linked to the in-project WhatsApp simulator, listening over TLS) sends bia her
 * invite; her simulated phone gets it; on the "laptop" (its own GURU_HOME and XDG_CONFIG_HOME)
 * she runs the command the message gives, chooses her password over TLS, and works from there:
 * only her chats, a reply, the inbox. The code never lands in the chats, the journal, the audit
 * or the daemon's log.
 */
describe('invites over WhatsApp', () => {
  let dir: string;
  let home: string;
  let fake: FakeWhatsApp;
  let daemon: Awaited<ReturnType<typeof startDaemon>> | undefined;
  let env: NodeJS.ProcessEnv;
  let bia: FakeContact;
  let printedCode: string;
  let sentCode: string;
  let laptopHome: string;
  let inviteCommand: string[];
  let door: { address: string; fingerprint: string };
  /** bia's own machine: no data dir of its own, her profiles in her own config dir. */
  const laptop = () => ({ env: { XDG_CONFIG_HOME: join(dir, 'laptop-config'), GURU_SERVER: '' } });

  beforeAll(async () => {
    fake = await FakeWhatsApp.start();
    dir = await makeTempDir();
    home = join(dir, 'data');
    laptopHome = join(dir, 'laptop-data');
    env = { GURU_WA_URL: fake.url, GURU_SYNC_SETTLE_MS: '500', GURU_RECONNECT_MS: '200', GURU_WA_TRUST: trustSetting(fake) };
    await guruOk(home, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    bia = await fake.contact(BIA.slice(1), 'Bia');
  });

  afterAll(async () => {
    await daemon?.stop();
    await fake?.close();
    await removeDir(dir);
  });

  it('without a daemon, `user add --invite` creates bia with no password and prints the message for the admin to pass on', async () => {
    const added = await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia Lima', '--whatsapp', BIA, '--invite']);
    expect(added.stderr).toMatch(/Added normal Bia Lima <bia@acme\.com> \(no password until they redeem their invite\)/);
    expect(added.stderr).toMatch(/not sent: no phone is connected/);
    expect(added.stderr).toMatch(/guru account set --public-address/);
    expect(added.stdout).toMatch(/^Olá, Bia! Seu acesso ao Guru \(Acme\):/);
    printedCode = CODE.exec(added.stdout)![0];
    expect(added.stdout).toContain(`guru login --email bia@acme.com --invite ${printedCode}`);
    expect(await guruJson<any>(home, ['user', 'show', 'bia@acme.com'])).toMatchObject({
      whatsapp: BIA,
      passwordSet: false,
      inviteExpiresAt: expect.any(String),
    });
    // The audit knows an invite went out, not what it said.
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.at(-1)).toMatchObject({ action: 'user.invite', target: 'bia@acme.com', details: { via: 'admin' } });
    expect(JSON.stringify(audit)).not.toContain(printedCode);
  });

  it('with the daemon and a linked phone, `user invite` sends a new code to bia’s WhatsApp — straight, not through a chat', async () => {
    daemon = await startDaemon(home, { env }, ['--listen', '127.0.0.1:0']);
    door = { address: daemon.listen!.address, fingerprint: daemon.listen!.fingerprint! };
    let scanned = false;
    const child = spawn(process.execPath, [GURU_BIN, 'phone', 'link', SP, '--json'], { env: { ...process.env, GURU_HOME: home } });
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        if (event.type === 'qr' && !scanned) {
          scanned = true;
          void fake.scan(event.qr, { number: SP.slice(1) });
        }
      }
    });
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);

    const result = await guruJson<any>(home, ['user', 'invite', 'bia@acme.com']);
    expect(result.delivery).toEqual({ via: 'whatsapp', phone: SP, to: BIA });
    expect(JSON.stringify(result)).not.toMatch(CODE);
    const [received] = await fake.waitForDelivered(1, 30_000);
    expect(received!.to).toBe(bia.number);
    expect(received!.text).toMatch(/^Olá, Bia! Seu acesso ao Guru \(Acme\):/);
    sentCode = CODE.exec(received!.text)![0];
    expect(sentCode).not.toBe(printedCode);
    // Everything she needs is in it: the server, its fingerprint, and the one command to run.
    expect(received!.text).toContain(`Servidor: ${door.address}`);
    expect(received!.text).toContain(`Impressão digital: ${door.fingerprint}`);
    const line = received!.text.split('\n').find((l) => l.startsWith('guru login '))!;
    expect(line).toBe(`guru login --server ${door.address} --fingerprint ${door.fingerprint} --email bia@acme.com --invite ${sentCode}`);
    inviteCommand = line.split(' ').slice(1);

    // A customer writes after it: once their chat is in, WhatsApp's echo of the invite (handled
    // before, in order) has been too — and it made no chat with bia.
    const maria = await fake.contact('5511955554444', 'Maria');
    await fake.sendMessage(maria, 'Oi, tudo bem?');
    const chats = () => guruJson<any[]>(home, ['chat', 'list', '--as', 'ana@acme.com']);
    await waitFor(async () => (await chats()).length > 0);
    expect((await chats()).map((c) => c.customer)).toEqual(['+5511955554444']);
  });

  it('a retry request for the invite, after a reconnect (when only Guru can answer it), gets it to bia again — and to no one else', async () => {
    fake.dropConnections();
    await waitFor(async () => (await guruJson<any>(home, ['phone', 'status', SP])).linkState === 'connected', 30_000, 100);
    const sent = fake.delivered.find((d) => d.to === bia.number)!;
    // Someone else claims they could not decrypt it (message ids travel in receipts: easy to learn).
    const pedro = await fake.contact('5511966665555', 'Pedro');
    await fake.sendReceipt(pedro, sent.id, 'retry');
    await fake.sendReceipt(bia, sent.id, 'retry');
    await fake.waitFor(() => fake.redelivered.some((d) => d.to === bia.number && d.id === sent.id), 30_000, 'bia to get her invite again');
    expect(fake.redelivered.find((d) => d.to === bia.number && d.id === sent.id)?.text).toBe(sent.text);
    expect([...fake.delivered, ...fake.redelivered].filter((d) => d.to === pedro.number)).toEqual([]);
  });

  it('on her laptop, bia runs the command from the message, choosing her password over TLS; the printed code no longer works', async () => {
    const old = await guru(
      laptopHome,
      ['login', '--server', door.address, '--fingerprint', door.fingerprint, '--email', 'bia@acme.com', '--invite', printedCode, '--password-stdin'],
      { ...laptop(), stdin: 'bia-chose-this' },
    );
    expect(old.code).toBe(5);
    expect(old.stderr).toMatch(/invite code does not work for bia@acme\.com .*guru user invite bia@acme\.com/);

    const redeemed = await guruOk(laptopHome, [...inviteCommand, '--password-stdin'], { ...laptop(), stdin: 'bia-chose-this' });
    expect(redeemed.stderr).toMatch(/Logged in as Bia Lima <bia@acme\.com>/);
    expect((await guruOk(laptopHome, ['whoami'], laptop())).stdout).toContain('Bia Lima <bia@acme.com> (normal)');

    const again = await guru(laptopHome, [...inviteCommand, '--password-stdin'], { ...laptop(), stdin: 'another-password' });
    expect(again.code).toBe(5);
    await guruOk(laptopHome, ['logout'], laptop());
    await guruOk(laptopHome, ['login', '--server', door.address, '--email', 'bia@acme.com', '--password-stdin'], { ...laptop(), stdin: 'bia-chose-this' });
    expect(await guruJson<any>(home, ['user', 'show', 'bia@acme.com'])).toMatchObject({ passwordSet: true, inviteExpiresAt: null });
    // The laptop holds a profile of the server, nothing of its data.
    await expect(stat(join(laptopHome, 'state.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('from the laptop bia sees only her chats, answers one, and the inbox works', async () => {
    await guruOk(home, ['user', 'edit', 'bia@acme.com', '--add-perm', 'chats.send']);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    const joana = await fake.contact('5511944443333', 'Joana');
    await fake.sendMessage(joana, 'Meu pedido chegou quebrado');
    const admin = () => guruJson<any[]>(home, ['chat', 'list', '--as', 'ana@acme.com']);
    await waitFor(async () => (await admin()).length === 2);

    // Maria's chat went to nobody (no rodízio then); Joana's went to bia — the only one she sees.
    const mine = JSON.parse((await guruOk(laptopHome, ['chat', 'list', '--json'], laptop())).stdout) as any[];
    expect(mine.map((c) => c.customer)).toEqual(['+5511944443333']);
    await guruOk(laptopHome, ['chat', 'send', mine[0].id, 'Sinto muito! Já vou trocar.'], laptop());
    const delivered = await fake.waitForDelivered(2, 30_000);
    expect(delivered[1]).toMatchObject({ to: joana.number, text: expect.stringContaining('Sinto muito! Já vou trocar.') });
    // Maria's chat is not hers to answer, and from the laptop she cannot reach an admin operation.
    const maria = (await admin()).find((c) => c.customer === '+5511955554444')!;
    expect((await guru(laptopHome, ['chat', 'send', maria.id, 'oi'], laptop())).code).not.toBe(0);
    expect((await guru(laptopHome, ['user', 'add', '--email', 'x@acme.com', '--name', 'X', '--password-stdin'], { ...laptop(), stdin: PASSWORD })).code).toBe(
      5,
    );

    const inbox = new PtySession(['inbox'], { GURU_HOME: laptopHome, NO_COLOR: '1', ...laptop().env });
    try {
      await inbox.waitFor('Joana');
      await inbox.waitFor('Sinto muito');
      expect(inbox.text).not.toContain('Maria');
    } finally {
      inbox.pty.kill();
      await inbox.exited();
    }
  });

  it('the codes appear nowhere in the data dir: not in the journal, the audit, the state or the daemon log', async () => {
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['user.invite', 'user.invite.redeem']));
    const files = await everything(home);
    expect(files).toContain('user.invite.redeem');
    for (const code of [printedCode, sentCode]) {
      for (const form of [code, code.replace(/-/g, ''), code.toLowerCase()]) expect(files).not.toContain(form);
    }
  });
});
