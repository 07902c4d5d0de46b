import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

/**
 * The chat commands for a Brazilian team (GURU_LANG=pt-BR), through the real daemon: tables,
 * fields, confirmations and refusals in Portuguese, dates as Brazilians write them — and
 * `--json` exactly as in English, for scripts.
 */
describe('chat commands in Portuguese', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let chat: string;
  const pt = { env: { GURU_LANG: 'pt-BR' } };
  const ana = ['--as', 'ana@acme.com'];

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['account', 'set', '--tz', 'America/Sao_Paulo']);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    await memoryPhone(home, SP).write({ from: '5511988887777@s.whatsapp.net', text: 'Oi, meu pedido atrasou', pushName: 'Maria' });
    chat = (await guruJson<{ id: string }[]>(home, ['chat', 'list', ...ana]))[0]!.id;
  });

  afterAll(async () => {
    await daemon?.stop();
    if (dir) await removeDir(dir);
  });

  it('`chat list` piped: the header and the status in Portuguese, the data as it is', async () => {
    const { stdout } = await guruOk(home, ['chat', 'list', ...ana], pt);
    const [header, row] = stdout.trimEnd().split('\n');
    expect(header!.split('\t')).toEqual(['CONVERSA', 'CLIENTE', 'NOME', 'RESPONSÁVEL', 'SITUAÇÃO', 'NÃO LIDAS', 'ÚLTIMA MENSAGEM', 'ATUALIZADO', 'ETIQUETAS']);
    expect(row!.split('\t').slice(0, 5)).toEqual([chat, '+5511988887777', 'Maria', 'user:ana@acme.com', 'aberta']);
    // --json does not change with the language.
    const json = await guru(home, ['chat', 'list', '--json', ...ana], pt);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ id: chat, status: 'open' });
  });

  it('`chat show` labels its fields in Portuguese', async () => {
    const { stdout } = await guruOk(home, ['chat', 'show', chat, ...ana], pt);
    expect(stdout).toContain(`Conversa\t${chat}\n`);
    expect(stdout).toContain('Situação\taberta\n');
    expect(stdout).toContain('Responsável\tuser:ana@acme.com\n');
    expect(stdout).toMatch(/← Maria: Oi, meu pedido atrasou/);
  });

  it('a usage refusal says what to do in Portuguese (exit 2)', async () => {
    const result = await guru(home, ['chat', 'list', '--mine', '--all', ...ana], pt);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('erro: escolha um entre --mine, --unassigned, --all ou --dept\n');
  });

  it('a scheduled message: its time in the team’s zone, day first; taking it back says when it was to go', async () => {
    // A day a month ahead (the limit is a year), written as `--at` takes it and as Brazilians read it.
    const [y, m, d] = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10).split('-');
    const scheduled = await guruOk(home, ['chat', 'send', chat, 'Bom dia! Seu pedido saiu.', '--at', `${y}-${m}-${d} 09:00`, ...ana], pt);
    const id = new RegExp(
      `Mensagem (\\S+) agendada: sai em ${d}/${m}/${y} 09:00 \\(America/Sao_Paulo\\) para Maria, ou assim que o número voltar; \`guru chat unschedule \\1\` cancela`,
    ).exec(scheduled.stderr)?.[1];
    expect(id, scheduled.stderr).toBeDefined();
    const listed = await guruOk(home, ['chat', 'scheduled', ...ana], pt);
    expect(listed.stdout.split('\n')[0]!.split('\t')).toEqual(['ID', 'QUANDO', 'CONVERSA', 'CLIENTE', 'POR', 'MENSAGEM']);
    const taken = await guruOk(home, ['chat', 'unschedule', id!, ...ana], pt);
    expect(taken.stderr).toContain(`Agendamento ${id} cancelado: ia sair em ${d}/${m}/${y} 09:00 (America/Sao_Paulo) para Maria`);
  });

  it('counted phrases agree with their number: a tag taken off one chat', async () => {
    await guruOk(home, ['tag', 'add', 'Novo'], pt);
    const tagged = await guruOk(home, ['chat', 'tag', chat, '+Novo', ...ana], pt);
    expect(tagged.stderr).toContain(`Etiquetas da conversa ${chat}: Novo`);
    const removed = await guruOk(home, ['tag', 'remove', 'Novo'], pt);
    expect(removed.stderr).toContain('Etiqueta Novo removida (tirada de 1 conversa)');
  });

  it('help is in Portuguese, commands and flags as they are', async () => {
    const { stdout } = await guruOk(home, ['chat', 'send', '--help'], pt);
    expect(stdout).toContain('Responde numa conversa com texto ou um arquivo');
    expect(stdout).toContain('--reply-to <message>  cita uma das mensagens da conversa');
    expect(stdout).toContain('# uma mensagem de voz');
  });
});
