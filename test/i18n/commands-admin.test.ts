import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durationArg } from '../../src/cli/duration.js';
import { handoverLine, roundRobinLine } from '../../src/cli/handover.js';
import { main } from '../../src/cli/main.js';
import { printFields, printTable } from '../../src/cli/table.js';
import { userColumns } from '../../src/commands/user/format.js';
import { linkStateText } from '../../src/commands/phone/status.js';
import type { HandoverView } from '../../src/core/ops/handover.js';
import type { UserView } from '../../src/core/views.js';
import { chooseLanguage, loadLanguages, runInLanguage } from '../../src/i18n/translate.js';
import { fakeIO } from '../helpers/fake-io.js';

/**
 * The admin commands and the shared CLI helpers speak the reader's language: their help, their
 * lines and their tables read in Portuguese for a Brazilian team, and exactly as before in
 * English (the words scripts and the other tests match).
 */
beforeAll(() => loadLanguages('pt-BR'));
afterAll(() => chooseLanguage('en'));

async function help(lang: string, ...path: string[]): Promise<string> {
  const io = fakeIO({ tty: false });
  expect(await main(['--lang', lang, ...path, '--help'], io.io, {})).toBe(0);
  return io.stdout;
}

describe('admin commands in Portuguese', () => {
  it('`guru user add --help` is in Portuguese, its flags and examples as they are', async () => {
    const pt = await help('pt-BR', 'user', 'add');
    expect(pt).toContain('Adiciona um usuário (ocupa uma licença)');
    expect(pt).toContain('--password-stdin       lê a senha da entrada padrão');
    expect(pt).toContain('mostra o novo usuário em JSON');
    expect(pt).toContain('Exemplos:\n  $ guru user add --email bia@acme.com');
    const en = await help('en', 'user', 'add');
    expect(en).toContain('Add a user (takes one seat)');
    expect(en).toContain('print the new user as JSON');
    expect(en).toContain('Examples:\n  $ guru user add --email bia@acme.com');
  });

  it('the sub-commands of `guru dept member` read as whole sentences', async () => {
    expect(await help('pt-BR', 'dept', 'member', 'add')).toContain('Adiciona membros a um departamento');
    expect(await help('pt-BR', 'dept', 'perm', 'remove')).toContain('Remove permissões de um departamento');
    expect(await help('en', 'dept', 'perm', 'remove')).toContain('Remove permissions from a department');
  });

  it('where the open chats went counts them in each language', () => {
    const caio = { id: 'u2', name: 'Caio Reis', email: 'caio@acme.com' };
    const base = { done: true, mode: 'round-robin', chats: 0, to: [] } as unknown as HandoverView;
    const five = {
      ...base,
      chats: 5,
      to: [
        { assignee: caio, chats: ['a', 'b', 'c'] },
        { assignee: null, chats: ['d', 'e'] },
      ],
    } as HandoverView;
    const one = { ...base, mode: 'unassign', chats: 1, to: [{ assignee: null, chats: ['a'] }] } as HandoverView;
    expect(runInLanguage('pt-BR', () => handoverLine(five))).toBe('5 conversas abertas: 3 para Caio Reis, 2 sem responsável');
    expect(runInLanguage('pt-BR', () => handoverLine(one))).toBe('1 conversa aberta ficou sem responsável');
    expect(runInLanguage('en', () => handoverLine(one))).toBe('1 open chat left unassigned');
    expect(runInLanguage('pt-BR', () => roundRobinLine([{ phone: '+5511999990000', positions: [2] }]))).toBe(
      'Retirado do rodízio de +5511999990000 (posição 2)',
    );
  });

  it('a table has Portuguese headers and yes/no, the data unchanged', () => {
    const bia = {
      email: 'bia@acme.com',
      name: 'Bia Lima',
      role: 'normal',
      active: false,
      online: false,
      departments: ['Vendas'],
      visibleName: null,
    } as unknown as UserView;
    const io = fakeIO({ tty: false });
    runInLanguage('pt-BR', () => printTable(io.io, userColumns(), [bia]));
    expect(io.stdout.split('\n')[0]).toBe('E-MAIL\tNOME\tPAPEL\tSITUAÇÃO\tONLINE\tDEPARTAMENTOS\tNOME VISÍVEL');
    expect(io.stdout.split('\n')[1]).toBe('bia@acme.com\tBia Lima\tnormal\tdesativado\t\tVendas\t');
    const fields = fakeIO({ tty: false });
    runInLanguage('pt-BR', () => printFields(fields.io, [['Online', true]]));
    expect(fields.stdout).toBe('Online\tsim\n');
  });

  it("a phone's sync progress counts chats and messages in words", () => {
    const syncing = { linkState: 'syncing', sync: { progress: 40, chats: 1, messages: 340 } } as const;
    expect(runInLanguage('pt-BR', () => linkStateText(syncing))).toBe('sincronizando 40% · 1 conversa · 340 mensagens');
    expect(runInLanguage('en', () => linkStateText(syncing))).toBe('syncing 40% · 1 chat · 340 messages');
    expect(runInLanguage('pt-BR', () => linkStateText({ linkState: 'connected' }))).toBe('conectado');
  });

  it('a bad duration is refused in the reader’s language', () => {
    const parse = durationArg('--session-idle');
    expect(() => runInLanguage('pt-BR', () => parse('soon'))).toThrow('--session-idle precisa ser uma duração como 30m, 12h ou 7d (recebido "soon")');
    expect(() => runInLanguage('en', () => parse('soon'))).toThrow('--session-idle must be a duration such as 30m, 12h or 7d (got "soon")');
  });
});
