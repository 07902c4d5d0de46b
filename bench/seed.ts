import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chatIdFor } from '../src/core/chats/customer.js';
import { emptyState, type State } from '../src/core/model.js';
import { hashPassword } from '../src/core/password.js';
import type { Permission } from '../src/core/permissions.js';

export const PHONE = '+5511999990000';

/**
 * A data dir written directly (no 1,000 scrypt runs): an account, `users` users (each holding
 * `permissions`; the first is an admin), the phones (one unless told) and a rodízio of the first
 * phone over the first few users. Returns the admin's email.
 */
export async function seedHome(home: string, users: number, permissions: Permission[] = [], phones: string[] = [PHONE]): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const now = new Date().toISOString();
  const hash = await hashPassword('bench-password');
  const state: State = {
    ...emptyState(),
    account: { name: 'Bench', seats: users + 10, createdAt: now },
    users: Array.from({ length: users }, (_, i) => ({
      id: `u_${i}`,
      email: `agent${i}@bench.example`,
      name: `Agent ${i}`,
      visibleName: null,
      role: i === 0 ? ('admin' as const) : ('normal' as const),
      permissions,
      passwordHash: hash,
      active: true,
      createdAt: now,
      updatedAt: now,
    })),
    phones: phones.map((number) => ({ number, label: 'bench', createdAt: now })),
    roundRobins: [
      {
        phone: PHONE,
        cursor: -1,
        entries: Array.from({ length: Math.min(3, users) }, (_, i) => ({
          id: `e_${i}`,
          target: { type: 'user' as const, userId: `u_${i}` },
          active: true,
          skipOffline: false,
        })),
      },
    ],
  };
  await writeFile(join(home, 'state.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
  await writeFile(join(home, 'owner.token'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
}

/**
 * A phone's journal with `messages` inbound messages spread over `chats` chats, written in one
 * go; chat `c` is assigned to the user id `assignee(c)` (seedHome's users are `u_0`, `u_1`…).
 */
export async function seedJournal(home: string, chats: number, messages: number, assignee = (c: number) => `u_${c % 3}`): Promise<void> {
  const dir = join(home, 'journal');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lines: string[] = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let c = 0; c < chats; c++) {
    const customer = `+55119${String(c).padStart(8, '0')}`;
    lines.push(
      JSON.stringify({
        type: 'chat.opened',
        chatId: chatIdFor(PHONE, customer),
        customer,
        name: `Cliente ${c}`,
        time: new Date(start).toISOString(),
        assignee: { type: 'user', userId: assignee(c) },
        trail: [],
        cause: 'new',
      }),
    );
  }
  const file = join(dir, `${PHONE.slice(1)}.jsonl`);
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  const { appendFile } = await import('node:fs/promises');
  const chunk = 50_000;
  for (let offset = 0; offset < messages; offset += chunk) {
    const batch: string[] = [];
    for (let i = offset; i < Math.min(messages, offset + chunk); i++) {
      const c = i % chats;
      const customer = `+55119${String(c).padStart(8, '0')}`;
      batch.push(
        JSON.stringify({
          type: 'message',
          id: `M${i}`,
          chatId: chatIdFor(PHONE, customer),
          direction: 'in',
          text: `Olá, esta é a mensagem número ${i} sobre o pedido`,
          time: new Date(start + i * 1000).toISOString(),
        }),
      );
    }
    await appendFile(file, `${batch.join('\n')}\n`);
  }
}
