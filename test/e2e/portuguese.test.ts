import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/catalogues/en.js';
import { ptBR } from '../../src/i18n/catalogues/pt-BR.js';
import { startDaemon } from '../helpers/daemon.js';
import { guru, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, seedTeam } from '../helpers/team.js';

/**
 * Guru in Portuguese, end to end, the way a Brazilian team meets it: a terminal whose locale is
 * pt_BR.UTF-8 (no GURU_LANG), and the same commands under LANG=C in English. Expected texts are
 * looked up in the catalogues rather than copied here, so the test checks that what is printed
 * is the translation, whatever its wording.
 */
const PORTUGUESE = { GURU_LANG: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'pt_BR.UTF-8' };
const ENGLISH = { GURU_LANG: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'C' };

/** The Portuguese of an English msgid, with its placeholders filled. */
function pt(msgid: keyof typeof en, ...values: string[]): string {
  const text = ptBR[msgid];
  if (text === undefined) throw new Error(`no Portuguese for ${msgid}`);
  return text.replace(/\{(\d+)\}/g, (_, n: string) => values[Number(n)] ?? '');
}

/** The msgid an English message was made from, and the values in its placeholders. */
function sourceOf(message: string): { msgid: keyof typeof en; values: string[] } {
  for (const msgid of Object.keys(en) as (keyof typeof en)[]) {
    if (!/\{\d+\}/.test(msgid) && msgid !== message) continue;
    const pattern = new RegExp(
      `^${msgid
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\d+)\}/g, '(?<p$1>[\\s\\S]*?)')
        .replace(/[{}]/g, '\\$&')}$`,
    );
    const m = pattern.exec(message);
    if (!m) continue;
    const values = Object.entries(m.groups ?? {})
      .sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
      .map(([, v]) => v);
    return { msgid, values };
  }
  throw new Error(`no msgid in en.ts makes ${JSON.stringify(message)}`);
}

describe('Guru in Portuguese', () => {
  let dir: string;
  let home: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'home');
  });
  afterAll(() => removeDir(dir));

  it('`guru --help` is in Portuguese under LANG=pt_BR.UTF-8, in English under LANG=C, and --lang overrides both', async () => {
    const portuguese = await guru(home, ['--help'], { env: PORTUGUESE });
    expect(portuguese.code).toBe(0);
    for (const text of ['Usage:', 'Options:', 'Commands:', 'Guru — a terminal-first WhatsApp team inbox'] as const) {
      expect(portuguese.stdout).toContain(pt(text));
      expect(portuguese.stdout).not.toContain(text);
    }
    const english = await guru(home, ['--help'], { env: ENGLISH });
    expect(english.stdout).toContain('Usage: guru');
    expect(english.stdout).toContain('Guru — a terminal-first WhatsApp team inbox');
    expect((await guru(home, ['--lang', 'en', '--help'], { env: PORTUGUESE })).stdout).toContain('Usage: guru');
    expect((await guru(home, ['--lang', 'pt-BR', '--help'], { env: ENGLISH })).stdout).toContain(pt('Usage:'));
  });

  it("commander's own errors and the engine's refusals are in Portuguese, with the same exit codes", async () => {
    const unknown = await guru(home, ['user', 'fly'], { env: PORTUGUESE });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(pt("error: unknown command '{0}'", 'fly'));
    const english = await guru(home, ['user', 'fly'], { env: ENGLISH });
    expect(english.code).toBe(2);
    expect(english.stderr).toContain("error: unknown command 'fly'");
    // Nothing set up yet: the engine's refusal, in each language, same code.
    const [enList, ptList] = await Promise.all([guru(home, ['user', 'list'], { env: ENGLISH }), guru(home, ['user', 'list'], { env: PORTUGUESE })]);
    expect(ptList.code).toBe(enList.code);
    expect(enList.stderr.startsWith('error: ')).toBe(true);
    const { msgid, values } = sourceOf(enList.stderr.slice('error: '.length).trim());
    expect(ptList.stderr.trim()).toBe(`${pt('error:')} ${pt(msgid, ...values)}`);
  });

  it('a daemon answers each caller in their own language, at the same time; JSON output stays language-neutral', async () => {
    const team = join(dir, 'team');
    await seedTeam(team);
    const daemon = await startDaemon(team);
    try {
      // The same refusal (the email is taken), asked for in both languages at once, made by the engine in the daemon.
      const add = ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'];
      const [english, portuguese] = await Promise.all([
        guru(team, add, { env: ENGLISH, stdin: PASSWORD }),
        guru(team, add, { env: PORTUGUESE, stdin: PASSWORD }),
      ]);
      expect(english.code).toBe(portuguese.code);
      expect(english.code).not.toBe(0);
      const { msgid, values } = sourceOf(english.stderr.slice('error: '.length).trim());
      expect(portuguese.stderr.trim()).toBe(`${pt('error:')} ${pt(msgid, ...values)}`);
      expect(portuguese.stderr).not.toBe(english.stderr);
      const [enJson, ptJson] = await Promise.all([
        guru(team, ['user', 'list', '--json'], { env: ENGLISH }),
        guru(team, ['user', 'list', '--json'], { env: PORTUGUESE }),
      ]);
      expect(JSON.parse(ptJson.stdout)).toEqual(JSON.parse(enJson.stdout));
    } finally {
      await daemon.stop();
    }
  });

  it("`guru demo` on a pt_BR.UTF-8 terminal: its narration and the inbox in Portuguese, the customers' own words untouched; q stops it", async () => {
    const sandbox = join(dir, 'guru-demo');
    const env = { ...PORTUGUESE, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), GURU_HOME: '', NO_COLOR: '1' };
    const pty = new PtySession(['demo', '--reset'], env, { cols: 120, rows: 40 });
    try {
      await pty.waitFor(pt('a new training sandbox in {0}', sandbox));
      await pty.waitFor(pt("The QR of the demo's WhatsApp: the simulated phone scans it in a moment…"), 60_000);
      await pty.waitFor(pt('syncing history {0} {1}%', '[####################]', '100'), 60_000);
      // the inbox: the header, the tab bar, the first customer the rodízio gave the admin
      await pty.waitFor(`Ana Souza <ana@loja.example> · ${pt('admin')}`, 60_000);
      await pty.waitFor(pt('{0} Mine {1}', '', '').trim(), 60_000);
      await pty.waitFor('Mariana Costa', 60_000);
      pty.type('\r');
      await pty.waitFor('preço do plano anual'); // the customer's words, as she wrote them
      await pty.waitFor(`r ${pt('reply')}`); // the open chat's keys
      for (const english of ['Opening the inbox', 'Mine ', 'r reply', 'syncing history']) expect(pty.text).not.toContain(english);
      pty.type('\u001b');
      await new Promise((r) => setTimeout(r, 150));
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
    await pty.waitFor(pt('Demo stopped. Its data stays in {0} (`guru demo --reset` starts over).', sandbox));
  });
});
