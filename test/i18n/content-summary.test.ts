import { describe, expect, it } from 'vitest';
import { describeContent, describeForReader, renderContent, summaryForReader, type MessageContent } from '../../src/core/chats/content.js';
import { loadLanguages, runInLanguage } from '../../src/i18n/translate.js';

// What a photo, a voice note or a reaction says on a Portuguese reader's screen — and the API's
// `text`, which stays English for every caller (JSON never changes with the language).
const voice: MessageContent = { type: 'audio', voice: true, duration: 12, mimetype: 'audio/ogg; codecs=opus', size: 5000 } as MessageContent;
const photo: MessageContent = { type: 'image', caption: 'Chegou assim', mimetype: 'image/jpeg', size: 3000 } as MessageContent;
const reaction: MessageContent = { type: 'reaction', emoji: '👍', target: 'm1' } as MessageContent;
const pdf: MessageContent = { type: 'document', fileName: '', pages: 1, mimetype: 'application/pdf', size: 512 } as MessageContent;

describe("a message's summary", () => {
  it("is in the reader's language on screens, quotes kept", async () => {
    await loadLanguages('pt-BR');
    runInLanguage('pt-BR', () => {
      expect(describeForReader(voice)).toBe('🎤 mensagem de voz 0:12');
      expect(describeForReader(photo)).toBe('📷 imagem · Chegou assim');
      expect(describeForReader(pdf)).toBe('📄 documento (512 B, 1 página)');
      expect(describeForReader({ ...pdf, size: 1_258_291, pages: 2 } as MessageContent)).toBe('📄 documento (1,2 MB, 2 páginas)');
      expect(renderContent(reaction, () => 'Oi, tudo bem?')).toBe('👍 reagiu a “Oi, tudo bem?”');
      expect(summaryForReader({ content: reaction, text: '👍 reacted to “Oi, tudo bem?”' })).toBe('👍 reagiu a “Oi, tudo bem?”');
      expect(summaryForReader({ content: { type: 'text', text: 'olá' } as MessageContent, text: 'olá' })).toBe('olá');
    });
    expect(describeForReader(voice)).toBe('🎤 voice note 0:12');
    expect(describeForReader(pdf)).toBe('📄 document (512 B, 1 page)');
  });

  it("stays English as the API's text field, whatever the caller reads", async () => {
    await loadLanguages('pt-BR');
    runInLanguage('pt-BR', () => {
      expect(describeContent(voice)).toBe('🎤 voice note 0:12');
      expect(describeContent({ ...pdf, size: 1_258_291 } as MessageContent)).toBe('📄 document (1.2 MB, 1 page)');
      expect(describeContent(reaction, () => 'Oi')).toBe('👍 reacted to “Oi”');
    });
  });
});
