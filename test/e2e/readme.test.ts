import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWhatsApp, trustSetting } from '../fake-whatsapp/server.js';
import { GURU_BIN, guru, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD } from '../helpers/team.js';

/**
 * The README's real-phone walk-through, executed as written — every `guru` line of its shell
 * blocks from "Setting up a team" to "The inbox", in order — against the local fake WhatsApp,
 * so README and product cannot drift. Where a line cannot run unattended it is adapted, and
 * the adaptations are listed here: passwords come from stdin; `phone link` also gets `--json`
 * so the simulated phone can read the QR; `daemon stop` runs last (the later steps need the
 * daemon); `daemon run` (foreground) and `--pairing-code` (not in the simulator) are skipped;
 * `inbox` runs in a pseudo-terminal and is quit with q.
 */
const SECTIONS = ['Setting up a team', 'The daemon', 'Linking a phone', 'The inbox'];

/** The `guru` command lines of the README's `sh` blocks in `sections`, continuation lines joined. */
function readmeCommands(): { section: string; line: string; stdin: boolean; args: string[] }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const commands: { section: string; line: string; stdin: boolean; args: string[] }[] = [];
  for (const section of SECTIONS) {
    const start = readme.indexOf(`\n## ${section}\n`);
    expect(start, `README section "${section}"`).toBeGreaterThan(0);
    const end = readme.indexOf('\n## ', start + 1);
    const body = readme.slice(start, end < 0 ? undefined : end);
    for (const block of body.matchAll(/```sh\n([\s\S]*?)```/g)) {
      const lines = block[1]!.replace(/\\\n\s*/g, '').split('\n');
      for (const raw of lines) {
        const line = raw.replace(/\s+#\s.*$/, '').trim();
        const m = /^(printf %s "\$\w+" \| )?guru (.*)$/.exec(line);
        if (m) commands.push({ section, line, stdin: Boolean(m[1]), args: shellWords(m[2]!) });
      }
    }
  }
  return commands;
}

/** Enough of sh's word splitting for the README: spaces, "double" and 'single' quotes. */
function shellWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe("README's walk-through, against the fake WhatsApp", () => {
  let dir: string;
  let home: string;
  let fake: FakeWhatsApp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fake = await FakeWhatsApp.start();
    dir = await makeTempDir();
    home = join(dir, 'data');
    env = {
      XDG_CONFIG_HOME: join(dir, 'config'),
      GURU_WA_URL: fake.url,
      GURU_WA_TRUST: trustSetting(fake),
      GURU_SYNC_SETTLE_MS: '800',
      GURU_RECONNECT_MS: '200',
    };
  });

  afterAll(async () => {
    await guru(home, ['daemon', 'stop'], { env });
    await fake?.close();
    await removeDir(dir);
  });

  /** `guru phone link …` with the simulated phone scanning the first QR as the registered number. */
  function linkByQr(args: string[]): Promise<{ code: number; stderr: string }> {
    const number = args[2]!.replace(/\D/g, '');
    const child = spawn(process.execPath, [GURU_BIN, ...args, '--json'], { env: { ...process.env, ...env, GURU_HOME: home } });
    let buffer = '';
    let stderr = '';
    let scanned = false;
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        if (event.type === 'qr' && !scanned) {
          scanned = true;
          void fake.scan(event.qr, { number });
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stderr })));
  }

  it('runs every command of it, in order, and each succeeds', async () => {
    const commands = readmeCommands();
    const ran: string[] = [];
    const stops: string[] = [];
    for (const { section, line, stdin, args } of commands) {
      const what = `${section}: guru ${args.join(' ')}`;
      if (args[0] === 'daemon' && args[1] === 'run') continue;
      if (args.includes('--pairing-code')) continue;
      if (args[0] === 'daemon' && args[1] === 'stop') {
        stops.push(what);
        continue;
      }
      if (args[0] === 'inbox') {
        const pty = new PtySession(['inbox'], { ...env, GURU_HOME: home });
        try {
          await pty.waitFor('Guru inbox · Bia Lima <bia@acme.com>', 60_000);
          pty.type('q');
          expect(await pty.exited(), what).toBe(0);
        } finally {
          pty.pty.kill();
        }
      } else if (args[0] === 'phone' && args[1] === 'link') {
        const result = await linkByQr(args);
        expect(result.code, `${what}: ${result.stderr}`).toBe(0);
      } else {
        const needsPassword = stdin || (args[0] === 'login' && !args.includes('--password-stdin'));
        const argv = needsPassword && !args.includes('--password-stdin') ? [...args, '--password-stdin'] : args;
        const result = await guru(home, argv, { env, ...(needsPassword ? { stdin: PASSWORD } : {}) });
        expect(result.code, `${what} (README: ${line}) → ${result.stderr}`).toBe(0);
      }
      ran.push(args.slice(0, 2).join(' '));
    }
    for (const what of stops) {
      const result = await guru(home, ['daemon', 'stop'], { env });
      expect(result.code, `${what} → ${result.stderr}`).toBe(0);
      ran.push('daemon stop');
    }
    // Not vacuous: the walk-through's steps were all found and run.
    for (const step of [
      'init --name',
      'dept add',
      'user add',
      'rr add',
      'rr simulate',
      'daemon start',
      'daemon status',
      'phone link',
      'phone status',
      'login --email',
      'inbox',
      'daemon stop',
    ]) {
      expect(
        ran.some((r) => `${r} `.startsWith(`${step} `) || r === step),
        step,
      ).toBe(true);
    }
    expect(fake.errors).toEqual([]);
  });
});
