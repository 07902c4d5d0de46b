import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../src/core/chats/views.js';
import { closingHint } from '../../src/demo/play.js';
import { transcriptLine } from '../../src/demo/transcript.js';
import { loadLanguages, runInLanguage } from '../../src/i18n/translate.js';

const at = new Date('2026-12-02T10:11:12Z');
const photo = (media: MessageView['media']): MessageView => ({
  id: 'M1',
  direction: 'in',
  text: '📷 image',
  content: { type: 'image', mimetype: 'image/jpeg', size: 3728 },
  time: at.toISOString(),
  author: null,
  status: null,
  ...(media ? { media } : {}),
});
const chat = { name: 'Rafael Nunes', customer: '+5521987650003' } as never;

describe("the demo transcript's media lines", () => {
  it('says when the daemon kept a customer’s file, its size and the start of its sha256', () => {
    const sha256 = `f16228e28f22${'0'.repeat(52)}`;
    expect(transcriptLine({ type: 'media', chat, message: photo({ state: 'stored', sha256, size: 3728 }) }, at)).toBe(
      "10:11:12  media     Rafael Nunes's photo kept by the daemon (3.6 KB, sha256 f16228e28f22…)",
    );
  });

  it('and why it was not kept', () => {
    expect(transcriptLine({ type: 'media', chat, message: photo({ state: 'unavailable', reason: 'the link expired' }) }, at)).toBe(
      "10:11:12  media     Rafael Nunes's photo not kept: the link expired",
    );
  });
});

describe('the demo in Portuguese (LANG=pt_BR.UTF-8)', () => {
  const pt = <T>(work: () => T): T => runInLanguage('pt-BR', work);
  beforeAll(() => loadLanguages('pt-BR'));

  it('narrates in Portuguese, keeping the columns lined up and what the customer wrote as it is', () => {
    const sha256 = `f16228e28f22${'0'.repeat(52)}`;
    expect(pt(() => transcriptLine({ type: 'media', chat, message: photo({ state: 'stored', sha256, size: 3728 }) }, at))).toMatch(
      /^10:11:12 {2}mídia {5}o daemon guardou o arquivo de Rafael Nunes \(foto, 3[.,]6 KB, sha256 f16228e28f22…\)$/,
    );
    expect(pt(() => transcriptLine({ type: 'receipt', chat, status: 'read' }, at))).toBe('10:11:12  recibo    Rafael Nunes leu a resposta ✓✓ (lida)');
    expect(pt(() => transcriptLine({ type: 'linked', chats: 12, messages: 1 }, at))).toBe(
      '10:11:12  conexão   conectado: histórico sincronizado, 12 conversas e 1 mensagem',
    );
    expect(pt(() => transcriptLine({ type: 'state', state: 'waiting_qr' }, at))).toBe('10:11:12  conexão   aguardando a leitura do QR');
    const message = { ...photo(undefined), content: { type: 'text' as const }, text: 'Boa tarde! Meu pedido chegou com a caixa amassada' };
    expect(pt(() => transcriptLine({ type: 'message', chat, message } as never, at))).toBe(
      '10:11:12  recebida  Rafael Nunes: Boa tarde! Meu pedido chegou com a caixa amassada',
    );
    // English is unchanged
    expect(transcriptLine({ type: 'linked', chats: 12, messages: 300 }, at)).toBe('10:11:12  link      connected: 12 chats, 300 messages of history synced');
  });

  it('its closing hint: counted, translated, and its commands still as they run', () => {
    const hint = pt(() => closingHint('/tmp/demo', 1));
    expect(hint).toContain('1 cliente escreveu. Os dados da demo ficam em /tmp/demo;');
    expect(hint).toContain('`guru --home /tmp/demo demo --headless`');
    expect(hint).toContain('`guru --home /tmp/demo chat list --status all --as ana@loja.example`');
    expect(closingHint('/tmp/demo', 9)).toMatch(/^9 customers wrote in\. The demo's data stays in \/tmp\/demo;/);
  });
});
