import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD } from '../helpers/team.js';
import { initStoreFlags } from '../helpers/postgres.js';
import { SAMPLE_BOT_FILE } from '../../src/commands/bot/set.js';

const PHONE = '+5511999990000';
const BOT = `# Acme's menu
${SAMPLE_BOT_FILE}`;

/**
 * `guru bot set|show|test|off`: the built binary, no daemon (the engine runs in the command). The
 * conversation `bot test` plays comes from stdin, piped, one answer a line.
 */
describe('guru bot', () => {
  let dir: string;
  let home: string;
  let file: string;

  beforeAll(async () => {
    dir = await makeTempDir('guru-bot-cmd-');
    home = join(dir, 'data');
    file = join(dir, 'bot.yaml');
    await writeFile(file, BOT);
    await guruOk(home, ['init', ...initStoreFlags(), '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', PHONE]);
    await guruOk(home, ['dept', 'add', 'Vendas']);
    await guruOk(home, ['dept', 'add', 'Suporte']);
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--dept', 'Suporte', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['rr', 'add', PHONE, 'user:ana@acme.com']);
    await guruOk(home, ['rr', 'add', PHONE, 'user:bia@acme.com']);
  }, 60_000);
  afterAll(async () => {
    await removeDir(dir);
  });

  it('refuses a bad file naming the line and the fix, and changes nothing', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, BOT.replace('department: Suporte', 'department: Financeiro').replace('key: "2"', 'key: "1"'));
    const refused = await guru(home, ['bot', 'set', PHONE, '-f', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the bot file has 2 problems:');
    expect(refused.stderr).toContain('line 8: option 2: key "1" is option 1\'s key already — give each option its own key');
    expect(refused.stderr).toContain('line 10: option 2: no department named "Financeiro" — create it with `guru dept add Financeiro`');
    const none = await guru(home, ['bot', 'show', PHONE]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`${PHONE} has no menu bot — set one with \`guru bot set ${PHONE} -f bot.yaml\``);
    const missing = await guru(home, ['bot', 'set', PHONE, '-f', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
  });

  it('set from a file (or stdin), show prints the file as applied, --json as the engine reads it; audited', async () => {
    const set = await guruOk(home, ['bot', 'set', PHONE, '-f', file]);
    expect(set.stderr).toContain(`Menu bot set on ${PHONE}: 1 Vendas → Vendas, 2 Suporte → Suporte`);
    expect((await guruOk(home, ['bot', 'show', PHONE])).stdout).toBe(BOT);
    await guruOk(home, ['bot', 'set', PHONE, '-f', '-'], { stdin: BOT });
    const shown = await guruJson<any>(home, ['bot', 'show', PHONE]);
    expect(shown).toMatchObject({
      phone: PHONE,
      message: 'Olá! Como podemos ajudar?\n\n1 Vendas\n2 Suporte',
      options: [
        { key: '1', label: 'Vendas', department: { ref: 'dept:Vendas' } },
        { key: '2', label: 'Suporte', keywords: ['suporte', 'ajuda', 'problema'], department: { ref: 'dept:Suporte' } },
      ],
      retries: 3,
      timeoutMs: 600_000,
      source: BOT,
    });
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.filter((a) => a.action === 'bot.set').map((a) => [a.target, a.details.replaced])).toEqual([
      [PHONE, false],
      [PHONE, true],
    ]);
  });

  it('test plays a piped conversation: the menu, the answers, and where the chat would go', async () => {
    const suporte = await guruOk(home, ['bot', 'test', PHONE], { stdin: 'Suporte!\n' });
    expect(suporte.stdout).toBe(
      ['bot: Olá! Como podemos ajudar?', '', '     1 Vendas', '     2 Suporte', 'customer: Suporte!', "→ Suporte's rodízio: would go to bia@acme.com", ''].join(
        '\n',
      ),
    );
    expect((await guruOk(home, ['bot', 'test', PHONE], { stdin: '2\n' })).stdout).toContain("→ Suporte's rodízio: would go to bia@acme.com");
    const nonsense = await guruOk(home, ['bot', 'test', PHONE], { stdin: 'oi\nhã?\nxyz\nnever read\n' });
    expect(nonsense.stdout.match(/Desculpe, não entendi\./g)).toHaveLength(2);
    expect(nonsense.stdout).not.toContain('never read');
    expect(nonsense.stdout.trimEnd().split('\n').at(-1)).toBe('→ normal rodízio (3 answers not understood): would go to ana@acme.com');
    const silent = await guruOk(home, ['bot', 'test', PHONE], { stdin: '' });
    expect(silent.stdout.trimEnd().split('\n').at(-1)).toBe('→ normal rodízio (no answer in time): would go to ana@acme.com');
    // Vendas has nobody in the rodízio: the department itself would take it.
    expect((await guruOk(home, ['bot', 'test', PHONE], { stdin: 'quero comprar' })).stdout).toContain(
      '→ Vendas: nobody of it is in the rodízio, so the chat would go to the department itself',
    );
    const json = await guruJson<any>(home, ['bot', 'test', PHONE, '--json']);
    expect(json).toMatchObject({
      turns: [{ from: 'bot' }],
      outcome: { step: 'timeout', route: 'rodizio', decision: { assignee: { ref: 'user:ana@acme.com' } } },
    });
    // Nothing was assigned or moved: the rodízio's cursor is where it was.
    expect((await guruJson<any>(home, ['rr', 'show', PHONE])).next).toBe(1);
  });

  it('in Portuguese', async () => {
    const pt = await guruOk(home, ['bot', 'test', PHONE], { stdin: 'ajuda\n', env: { GURU_LANG: '', LANG: 'pt_BR.UTF-8' } });
    expect(pt.stdout).toContain('cliente: ajuda');
    expect(pt.stdout).toContain('→ rodízio de Suporte: iria para bia@acme.com');
    const bad = join(dir, 'ruim.yaml');
    await writeFile(bad, BOT.replace('department: Suporte', 'department: Financeiro'));
    const refused = await guru(home, ['bot', 'set', PHONE, '-f', bad], { env: { GURU_LANG: '', LANG: 'pt_BR.UTF-8' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('arquivo do bot: linha 10: opção 2: não há departamento chamado "Financeiro" — crie-o com `guru dept add Financeiro`');
  });

  it('on a terminal: a prompt for each answer, the typed line left as typed', async () => {
    const session = new PtySession(['bot', 'test', PHONE], { GURU_HOME: home, NO_COLOR: '1' });
    await session.waitFor('2 Suporte');
    await session.waitFor('> ');
    session.type('oi\r');
    await session.waitFor('Desculpe, não entendi.');
    session.type('suporte!\r');
    await session.waitFor("→ Suporte's rodízio: would go to bia@acme.com");
    expect(await session.exited()).toBe(0);
    expect(session.text).not.toContain('customer:');
  });

  it('off switches it off (audited); then there is nothing to test', async () => {
    await guruOk(home, ['bot', 'off', PHONE]);
    const gone = await guru(home, ['bot', 'test', PHONE], { stdin: '2\n' });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('has no menu bot');
    expect((await guruJson<any[]>(home, ['audit'])).some((a) => a.action === 'bot.off' && a.target === PHONE)).toBe(true);
  });
});
