import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EN_CATALOGUE, extractMessages, renderEnglishCatalogue } from '../../scripts/i18n-extract.js';
import { en } from '../../src/i18n/catalogues/en.js';
import { ptBR } from '../../src/i18n/catalogues/pt-BR.js';
import { cli } from '../../src/i18n/catalogues/pt-BR/cli.js';
import { commandsAdmin } from '../../src/i18n/catalogues/pt-BR/commands-admin.js';
import { commandsChat } from '../../src/i18n/catalogues/pt-BR/commands-chat.js';
import { core } from '../../src/i18n/catalogues/pt-BR/core.js';
import { coreChats } from '../../src/i18n/catalogues/pt-BR/core-chats.js';
import { coreOps } from '../../src/i18n/catalogues/pt-BR/core-ops.js';
import { demoWhatsapp } from '../../src/i18n/catalogues/pt-BR/demo-whatsapp.js';
import { tui } from '../../src/i18n/catalogues/pt-BR/tui.js';

// The catalogues against the code and against each other: a text in one language and not the
// other, a translation that lost or invented a placeholder, or en.ts out of date all fail here.
const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
const extraction = extractMessages();

describe('message catalogues', () => {
  it('en.ts is exactly the texts in the code (run `npm run i18n:extract` after changing one)', () => {
    expect(readFileSync(EN_CATALOGUE, 'utf8')).toBe(renderEnglishCatalogue(extraction.messages));
    expect(Object.keys(en).length).toBeGreaterThan(0);
  });

  it('no text is translated at import, before the language is chosen', () => {
    expect(extraction.problems).toEqual([]);
  });

  it('pt-BR translates every English text, and nothing else', () => {
    const english = Object.keys(en).sort();
    const portuguese = Object.keys(ptBR).sort();
    expect(english.filter((id) => !(id in ptBR))).toEqual([]);
    expect(portuguese.filter((id) => !(id in en))).toEqual([]);
  });

  it('each translation keeps the placeholders of its English text, and is not empty', () => {
    const wrong = Object.entries(ptBR)
      .filter(([id, text]) => text.trim() === '' || placeholders(id).join() !== placeholders(text).join())
      .map(([id, text]) => `${id} -> ${text}`);
    expect(wrong).toEqual([]);
  });

  it('no text is translated in two parts of the pt-BR catalogue', () => {
    const parts = { cli, core, coreOps, coreChats, commandsAdmin, commandsChat, tui, demoWhatsapp };
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [part, texts] of Object.entries(parts)) {
      for (const id of Object.keys(texts)) {
        if (seen.has(id)) twice.push(`${id} (${seen.get(id)} and ${part})`);
        seen.set(id, part);
      }
    }
    expect(twice).toEqual([]);
  });
});
