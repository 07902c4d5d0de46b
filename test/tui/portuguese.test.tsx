import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../src/i18n/translate.js';
import { InboxView } from '../../src/tui/App.js';
import { Header } from '../../src/tui/components/Header.js';
import { LoginScreen } from '../../src/tui/components/LoginScreen.js';
import { NewChatForm } from '../../src/tui/components/NewChatForm.js';
import { Picker } from '../../src/tui/components/Picker.js';
import { helpRows, helpTitle, hintsFor, type KeyMode } from '../../src/tui/keys.js';
import { inboxReducer, initialInbox, type InboxAction, type InboxState } from '../../src/tui/state/inbox.js';
import { initialLogin } from '../../src/tui/state/login.js';
import { attachmentLine } from '../../src/tui/state/thread.js';
import { chat, linesOf, message, NOW, renderAt, tick, user } from './fixtures.js';

// The inbox read in Brazilian Portuguese, at the smallest terminal it supports (80×24, one row
// left free): its words are longer than English's, and nothing may be cut or pushed off screen.
const run = (s: InboxState, ...actions: InboxAction[]) => actions.reduce(inboxReducer, s);
const fitsIn = (frame: string | undefined, width: number) => linesOf(frame).every((l) => l.length <= width);
const admin = () => user({ role: 'admin' });
const phones = [
  { number: '+5511999990000', label: 'Loja', linkState: 'connected' as const },
  { number: '+5511999990001', label: 'SAC', linkState: 'waiting_qr' as const },
];

beforeAll(() => chooseLanguage('pt-BR'));
afterAll(() => chooseLanguage('en'));

describe('the inbox in Portuguese at 80×24', () => {
  it('the ? help shows every row whole, in Portuguese, with the groups named in Portuguese', async () => {
    const r = renderAt(<InboxView state={{ ...initialInbox(admin()), focus: 'help' }} width={80} height={23} now={NOW} />, 80);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain(helpTitle());
    expect(helpTitle()).toBe('Teclas — ?, Esc ou q fecha esta tela');
    for (const row of helpRows()) expect(frame, row.what).toContain(row.what); // whole: not cut with …
    expect(frame).not.toContain('…');
    for (const group of ['geral', 'lista', 'conversa', 'resposta', 'busca', 'seletor']) expect(frame).toMatch(new RegExp(`^${group} `, 'm'));
    expect(linesOf(frame).length).toBeLessThanOrEqual(23);
    expect(fitsIn(frame, 80)).toBe(true);
  });

  it('the list with all five tabs whole, the phones and who is online fit on their lines', async () => {
    let s = run(initialInbox(admin()), { type: 'chats', chats: Array.from({ length: 60 }, (_, i) => chat(i + 1)) });
    s = run(s, { type: 'status', phones, online: ['bia@acme.com'], availability: {} }, { type: 'tab', index: 3 });
    const r = renderAt(<InboxView state={s} width={80} height={23} now={NOW} />, 80);
    await tick();
    const frame = r.lastFrame()!;
    const [title, tabs] = linesOf(frame);
    expect(title).toContain('Caixa de entrada Guru · Bia Lima <bia@acme.com> · administrador');
    // The tabs on one line, none of them cut (a search typed takes its room from them: see below).
    expect(tabs).toMatch(/1 Minhas \d+ +2 Deptos. \d+ +3 Sem responsável \d+ +4 Todas \d+ +5 Encerradas 0 *$/);
    expect(frame).toContain('1–8 de 60');
    expect(frame).toContain('→ sem responsável');
    expect(frame).toContain('Loja conectado');
    expect(frame).toContain('SAC aguardando a leitura do QR');
    expect(frame).toContain('1 online');
    expect(frame).toContain(hintsFor('list'));
    expect(linesOf(frame).length).toBeLessThanOrEqual(23);
    expect(fitsIn(frame, 80)).toBe(true);
  });

  it('an open chat: its header, messages, composer and hint line in Portuguese', async () => {
    let s = run(initialInbox(user()), { type: 'chats', chats: [chat(1), chat(5)] });
    const messages = [
      message('a', { text: 'Preciso de ajuda', time: '2026-11-26T14:00:00Z' }),
      message('b', { direction: 'out', text: 'Falhou', time: '2026-11-26T14:01:00Z', author: null, status: 'failed' }),
      message('c', { content: { type: 'document', fileName: 'proposta.pdf', pages: 1, size: 2048 }, time: '2026-11-26T14:02:00Z' }),
    ];
    s = run(s, { type: 'open', id: 'c5' }, { type: 'history', id: 'c5', limit: 50, messages });
    const r = renderAt(<InboxView state={s} width={80} height={23} now={NOW} />, 80);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('+5511988800005 · aberta · sem responsável');
    expect(frame).toMatch(/→ \d\d:\d\d pelo celular ✗ não enviada/);
    expect(frame).toContain('📄 documento · 2 KB · 1 página · proposta.pdf');
    expect(frame).toContain('assinado *Bia:*');
    expect(frame).toContain('r responder · N nota · t transferir');
    expect(frame).toContain('v abrir arquivo · s salvar arquivo'); // under the selected file
    expect(linesOf(frame).length).toBeLessThanOrEqual(23);
    expect(fitsIn(frame, 80)).toBe(true);
  });

  it('big counts never push the search off the tab line: the tabs give way, cut with …', async () => {
    const counts = { mine: 12_345, departments: 23_456, unassigned: 34_567, all: 70_368, closed: 99_999 };
    const tabs = ['mine', 'departments', 'unassigned', 'all', 'closed'] as const;
    const r = renderAt(<Header me={admin()} tabs={[...tabs]} tab="mine" counts={counts} query="maria" searching width={80} />, 80);
    await tick();
    const lines = linesOf(r.lastFrame());
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^ 1 Minhas 12345 .*… +\/maria█$/);
    expect(fitsIn(r.lastFrame(), 80)).toBe(true);
  });

  it('the hint line of every screen but the open chat fits 80 columns whole', () => {
    const modes: KeyMode[] = ['list', 'composer', 'search', 'picker', 'tagger', 'help', 'form', 'newchat', 'react', 'attach'];
    // "open" the key is a verb, apart from "open" a chat's state (aberta): its text carries a context.
    expect(hintsFor('list')).toMatch(/^Enter abrir · /);
    for (const mode of modes) expect(hintsFor(mode).length, `${mode}: ${hintsFor(mode)}`).toBeLessThanOrEqual(80);
  });

  it('the login screen and the new-conversation form', async () => {
    const login = renderAt(<LoginScreen state={initialLogin('')} width={80} />, 80);
    const form = renderAt(<NewChatForm form={{ number: '', text: '', field: 'number', phone: 1, busy: false }} phones={phones} width={80} height={12} />, 80);
    await tick();
    const page = login.lastFrame()!;
    expect(page).toContain('Caixa de entrada Guru — entrar');
    expect(page).toMatch(/› E-mail +█/);
    expect(page).toContain('  Senha');
    expect(page).toContain('Nenhuma sessão neste diretório de dados: entre com seu usuário.');
    expect(page).toContain('Enter avançar, depois entrar · Tab ↑↓ trocar campo · Esc sair');
    const drawn = form.lastFrame()!;
    expect(drawn).toContain('Nova conversa');
    expect(drawn).toContain('› Número   █ +55 11 90000 1111 (com o código do país)');
    expect(drawn).toContain('  Pelo nº  ← SAC +5511999990001 (aguardando a leitura do QR) →');
    expect(fitsIn(page, 80) && fitsIn(drawn, 80)).toBe(true);
  });

  it('the transfer picker keeps users and departments in one column, whatever the words', async () => {
    const items = [
      { kind: 'user' as const, value: 'caio@acme.com', label: 'Caio Reis <caio@acme.com>' },
      { kind: 'dept' as const, value: 'Vendas', label: 'Vendas' },
    ];
    const r = renderAt(<Picker title="Transferir para…" query="" items={items} selected={0} width={80} height={10} />, 80);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('filtro: █');
    expect(frame).toContain('usuário  Caio Reis');
    expect(frame).toContain('depto.   Vendas');
  });
});

describe('counted words', () => {
  const doc = (pages: number) => ({ content: { type: 'document' as const, fileName: 'a.pdf', pages } });
  it('one page and many in Portuguese', () => {
    expect(attachmentLine(doc(1))).toBe('📄 documento · 1 página · a.pdf');
    expect(attachmentLine(doc(3))).toBe('📄 documento · 3 páginas · a.pdf');
  });
  it('and in English, where one page is no longer "1 pages"', async () => {
    await chooseLanguage('en');
    try {
      expect(attachmentLine(doc(1))).toBe('📄 document · 1 page · a.pdf');
      expect(attachmentLine(doc(3))).toBe('📄 document · 3 pages · a.pdf');
    } finally {
      await chooseLanguage('pt-BR');
    }
  });
});
