import { describe, expect, it } from 'vitest';
import { ChatIndex } from '../../src/core/chats/chat-index.js';
import { chatIdFor, customerJid, normalizeCustomer } from '../../src/core/chats/customer.js';
import type { JournalRecord } from '../../src/core/chats/model.js';
import { withSignature } from '../../src/core/chats/signature.js';

describe('customer ids', () => {
  it.each([
    ['5511988887777@s.whatsapp.net', '+5511988887777'],
    ['5511988887777:23@s.whatsapp.net', '+5511988887777'],
    ['5511988887777@c.us', '+5511988887777'],
    ['+55 (11) 98888-7777', '+5511988887777'],
    ['5511988887777', '+5511988887777'],
    ['123456789012@lid', 'lid:123456789012'],
  ])('%s → %s', (from, customer) => {
    expect(normalizeCustomer(from)).toBe(customer);
  });

  it('rejects what is not a customer', () => {
    expect(() => normalizeCustomer('group-123@g.us')).toThrow(/not a WhatsApp customer id/);
    expect(() => normalizeCustomer('')).toThrow();
  });

  it('maps back to JIDs, and chat ids are stable per (phone, customer)', () => {
    expect(customerJid('+5511988887777')).toBe('5511988887777@s.whatsapp.net');
    expect(customerJid('lid:99')).toBe('99@lid');
    expect(chatIdFor('+5511999990000', '+5511988887777')).toBe(chatIdFor('+5511999990000', '+5511988887777'));
    expect(chatIdFor('+5511999990000', '+5511988887777')).not.toBe(chatIdFor('+5521999990000', '+5511988887777'));
    expect(chatIdFor('+5511999990000', '+5511988887777')).toMatch(/^[a-z2-9]{8}$/);
  });
});

describe('signature', () => {
  it('puts the visible name in WhatsApp bold on its own line, or nothing', () => {
    expect(withSignature('Ana Souza', 'Olá!')).toBe('*Ana Souza:*\nOlá!');
    expect(withSignature(null, 'Olá!')).toBe('Olá!');
  });
});

describe('chat index', () => {
  const P = '+5511999990000';
  const records: JournalRecord[] = [
    { type: 'chat.opened', chatId: 'c1', customer: '+551100', name: 'Zé', time: '2026-01-01T00:00:00Z', assignee: null, trail: [], cause: 'new' },
    { type: 'message', id: 'a', chatId: 'c1', direction: 'in', text: 'oi', time: '2026-01-01T00:00:01Z' },
    { type: 'message', id: 'b', chatId: 'c1', direction: 'in', text: 'tudo bem?', time: '2026-01-01T00:00:02Z' },
    { type: 'chat.assigned', chatId: 'c1', assignee: { type: 'user', userId: 'u1' }, by: 'owner', time: '2026-01-01T00:00:03Z' },
    { type: 'message', id: 'c', chatId: 'c1', direction: 'out', text: 'oi!', time: '2026-01-01T00:00:04Z', authorId: 'u1', status: 'pending' },
    { type: 'message.status', id: 'c', chatId: 'c1', status: 'read', time: '2026-01-01T00:00:05Z' },
    { type: 'message.status', id: 'c', chatId: 'c1', status: 'delivered', time: '2026-01-01T00:00:06Z' },
    { type: 'message', id: 'd', chatId: 'c1', direction: 'in', text: 'obrigado', time: '2026-01-01T00:00:07Z' },
    { type: 'chat.closed', chatId: 'c1', by: 'owner', time: '2026-01-01T00:00:08Z' },
  ];

  it('adds records up to the chat: assignee, unread since the last reply, status never backwards', () => {
    const index = new ChatIndex();
    for (const r of records) index.apply(P, r);
    const chat = index.get('c1')!;
    expect(chat).toMatchObject({ status: 'closed', assignee: { type: 'user', userId: 'u1' }, unread: 1, name: 'Zé' });
    expect(chat.messages.map((m) => [m.id, m.status])).toEqual([
      ['a', null],
      ['b', null],
      ['c', 'read'],
      ['d', null],
    ]);
    expect(index.hasMessage(P, 'b')).toBe(true);
    expect(index.hasMessage('+5521000000000', 'b')).toBe(false);
    expect(index.forCustomer(P, '+551100')?.id).toBe('c1');
  });

  it('the same records always give the same index', () => {
    const a = new ChatIndex();
    const b = new ChatIndex();
    for (const r of records) a.apply(P, r);
    for (const r of records) b.apply(P, r);
    expect(a.all()).toEqual(b.all());
  });

  it('a checkpoint restores the same index, older messages included, with their ids known at once', () => {
    const a = new ChatIndex();
    let offset = 0;
    const nextOffset = () => {
      offset += 100;
      return offset;
    };
    for (const r of records) a.apply(P, r, nextOffset());
    for (let i = 0; i < 40; i++)
      a.apply(P, { type: 'message', id: `x${i}`, chatId: 'c1', direction: 'in', text: `n${i}`, time: '2026-01-02T00:00:00Z' }, nextOffset());
    const b = new ChatIndex();
    b.restore(P, JSON.parse(JSON.stringify(a.checkpoint(P))));
    expect(b.all()).toEqual(a.all());
    expect(b.get('c1')!.older.length).toBeGreaterThan(0);
    // Older ids are indexed in slices after a restore; a lookup before that still finds them.
    expect(b.hasMessage(P, 'a')).toBe(true);
    expect(b.hasMessage(P, 'x39')).toBe(true);
    expect(b.hasMessage(P, 'nope')).toBe(false);
    expect(b.indexOlder()).toBe(true);
  });
});
