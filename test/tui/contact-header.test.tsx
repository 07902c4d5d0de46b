import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/tui/components/Conversation.js';
import { matchesSearch } from '../../src/tui/state/select.js';
import { chat, linesOf, message, renderAt, tick } from './fixtures.js';

const open = { id: 'c1', messages: [message('a', { text: 'Oi, quero o plano anual' })], limit: 50, hasMore: false, loading: false, scroll: 0 };

/** The open chat's header shows the customer as the team knows them: the name, then their contact fields. */
describe('the chat header and contacts', () => {
  it.each([80, 120])('shows the name and a line of fields under it, within %i columns and the height given', async (cols) => {
    const withFields = chat(1, { name: 'Maria Souza', fields: { empresa: 'Padaria Estrela', plano: 'anual' } });
    const r = renderAt(<Conversation chat={withFields} open={open} focused width={cols} height={8} />, cols);
    await tick();
    const lines = linesOf(r.lastFrame());
    expect(lines[0]).toMatch(/^Maria Souza /);
    expect(lines[1]).toBe('empresa: Padaria Estrela · plano: anual');
    expect(lines[2]).toMatch(/^─+$/);
    expect(lines.join('\n')).toContain('Oi, quero o plano anual');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.every((l) => l.length <= cols)).toBe(true);
  });

  it('has no fields line for a customer without fields, and cuts a long one to the width', async () => {
    const plain = renderAt(<Conversation chat={chat(1, { name: 'Maria' })} open={open} focused width={80} height={8} />, 80);
    await tick();
    expect(linesOf(plain.lastFrame())[1]).toMatch(/^─+$/);
    const long = renderAt(<Conversation chat={chat(1, { fields: { nota: 'x'.repeat(300) } })} open={open} focused width={80} height={8} />, 80);
    await tick();
    const line = linesOf(long.lastFrame())[1]!;
    expect(line.startsWith('nota: xxx')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it('`/` search matches a contact field value in the chats already loaded', () => {
    expect(matchesSearch(chat(1, { fields: { empresa: 'Padaria Estrela' } }), 'estrela', null)).toBe(true);
    expect(matchesSearch(chat(1), 'estrela', null)).toBe(false);
  });
});
