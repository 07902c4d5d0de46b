import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/api/protocol.js';
import { apiClient, memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

/** What a watcher sees follows their access as it changes, not only as chats move. */
describe('watch streams follow a change of access', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
    await guruOk(home, ['dept', 'add', 'Suporte']);
    await guruOk(home, ['user', 'edit', 'caio@acme.com', '--dept', 'Vendas', '--dept', 'Suporte']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  async function watching(email: string) {
    const client = apiClient(home, (await apiClient(home, null).login(email, PASSWORD)).token);
    const events: WatchEvent[] = [];
    const stream = await client.watch((e) => events.push(e));
    await waitFor(() => events.length > 0);
    return { events, stream, hidden: () => events.filter((e) => e.type === 'chat.hidden').map((e) => (e as { chatId: string }).chatId) };
  }
  const chatOf = async (customer: string) =>
    (await guruJson<any[]>(home, ['chat', 'list', '--all', '--search', customer, '--as', 'ana@acme.com'])).find((c) =>
      c.customer.includes(customer.slice(-4)),
    )!;

  it('taken out of a department: chat.hidden for each of its chats on their open stream, and nothing of them after', async () => {
    await phone.write({ from: '5511977770001@s.whatsapp.net', text: 'suporte por favor' });
    const chat = await chatOf('5511977770001');
    await guruOk(home, ['chat', 'assign', chat.id, '--dept', 'Suporte', '--as', 'ana@acme.com']);
    const caio = await watching('caio@acme.com');
    const ana = await watching('ana@acme.com');
    await phone.write({ from: '5511977770001@s.whatsapp.net', text: 'ainda aqui' });
    await waitFor(() => caio.events.some((e) => e.type === 'message' && e.chatId === chat.id));
    await guruOk(home, ['user', 'edit', 'caio@acme.com', '--dept', 'Vendas']);
    await waitFor(() => caio.hidden().includes(chat.id), 1_000 + 5_000); // within 1 s, with room for a loaded machine
    // The customer writes again: the admin's stream has it, caio's has nothing more of that chat.
    const seen = caio.events.length;
    await phone.write({ from: '5511977770001@s.whatsapp.net', text: 'alguém?' });
    await waitFor(() => ana.events.some((e) => e.type === 'message' && e.message.text === 'alguém?'));
    expect(caio.events.slice(seen).filter((e) => ('chatId' in e && e.chatId === chat.id) || (e.type === 'chat' && e.chat.id === chat.id))).toEqual([]);
    caio.stream.close();
    ana.stream.close();
  });

  it('a permission taken away: chat.hidden for the chats it showed', async () => {
    await guruOk(home, ['user', 'edit', 'bia@acme.com', '--add-perm', 'chats.view_unassigned']);
    await phone.write({ from: '5511977770002@s.whatsapp.net', text: 'ninguém me atende' });
    const chat = await chatOf('5511977770002');
    expect(chat.assignee).toBeNull();
    const bia = await watching('bia@acme.com');
    await phone.write({ from: '5511977770002@s.whatsapp.net', text: 'alô' });
    await waitFor(() => bia.events.some((e) => e.type === 'message' && e.chatId === chat.id));
    await guruOk(home, ['user', 'edit', 'bia@acme.com', '--remove-perm', 'chats.view_unassigned']);
    await waitFor(() => bia.hidden().includes(chat.id));
    bia.stream.close();
  });
});
