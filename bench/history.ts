import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { WAMessage } from '@whiskeysockets/baileys';
import { DaemonClient } from '../src/client/http.js';
import { chatIdFor } from '../src/core/chats/customer.js';
import { Daemon } from '../src/daemon/daemon.js';
import { HistorySync, type HistoryEvent } from '../src/whatsapp/history-sync.js';
import type { TransportHandler } from '../src/whatsapp/transport.js';
import { cleanup, tempDir, type Figure } from './lib.js';
import { PHONE, seedHome } from './seed.js';

/** Messages per `messaging-history.set` event: WhatsApp sends history in chunks of this order. */
const PER_EVENT = 1_000;

/**
 * 3. History sync: a freshly linked phone's history, as Baileys emits it (`messaging-history.set`
 * events of WAMessages), through the adapter's history path (HistorySync, what the Baileys
 * transport runs) into a real daemon's engine and journal, until every message is durable and
 * `chat list` shows every chat. Baseline: the same journal records appended raw, one
 * write+fsync per event.
 */
export async function history(quick: boolean): Promise<Figure[]> {
  const total = quick ? 10_000 : 100_000;
  const chats = total / 20;
  const goalMs = (10_000 * total) / 100_000; // the 10 s for 100k, scaled
  const dir = await tempDir('guru-bench-history-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  const { jidNormalizedUser } = await import('@whiskeysockets/baileys');
  const events = historyEvents(total, chats);
  const daemon = await Daemon.start({ home, version: '0.1.0', presenceGraceMs: 60_000, heartbeatMs: 600_000, phones: { kind: 'memory' } });
  try {
    // The handler the daemon hands every transport (the Baileys one gets the same), taken from
    // the memory transport it started for the phone.
    const handler = (daemon.phones.transport(PHONE) as unknown as { handler: TransportHandler }).handler;
    const client = new DaemonClient({ socket: daemon.paths.socket, token: 'ab'.repeat(32), version: '0.1.0' }).operations();
    let done = false;
    const sync = new HistorySync({ phone: PHONE, handler, normalizeJid: jidNormalizedUser, settleMs: 60_000, onDone: () => (done = true) });
    sync.beginLink();

    const journal = daemon.store.journal;
    const commitsBefore = journal.commits;
    const started = performance.now();
    await sync.verified();
    // Baileys' event buffer hands events over one at a time, each awaited (`ev.process`).
    for (const event of events) await sync.add(event);
    if (!done) throw new Error('history never reached 100 %');
    const durableMs = performance.now() - started;
    const listed = await client.chats.list({ status: 'all' });
    const ms = performance.now() - started;
    if (listed.length !== chats) throw new Error(`chat list shows ${listed.length} chats, expected ${chats}`);

    const raw = await rawAppendMs(join(dir, 'raw.jsonl'), total, chats);
    const label = `${(total / 1000).toLocaleString('en')}k msgs in ${chats.toLocaleString('en')} chats`;
    return [
      {
        name: `history sync: Baileys history path, ${label}`,
        value: ms,
        unit: 'ms',
        baseline: { name: 'raw JSONL append+fsync', value: raw },
        goal: { text: `≤ ${goalMs.toLocaleString('en')} ms (${(ms / raw).toFixed(1)}× raw)`, met: ms <= goalMs },
        note: `durable after ${Math.round(durableMs)} ms, ${Math.round(total / (durableMs / 1000)).toLocaleString('en')} msg/s, in ${journal.commits - commitsBefore} fsync rounds`,
      },
    ];
  } finally {
    await daemon.stop('bench done');
    await cleanup(dir);
  }
}

/** `total` customers' messages over `chats` chats, oldest first, in events like Baileys' (progress 0–100). */
function historyEvents(total: number, chats: number): HistoryEvent[] {
  const start = Math.floor(Date.parse('2025-06-01T00:00:00Z') / 1000);
  const events: HistoryEvent[] = [];
  for (let offset = 0; offset < total; offset += PER_EVENT) {
    const messages: WAMessage[] = [];
    for (let i = offset; i < Math.min(total, offset + PER_EVENT); i++) {
      const c = i % chats;
      messages.push({
        key: { remoteJid: `55119${String(c).padStart(8, '0')}@s.whatsapp.net`, id: `3A${i.toString(16).toUpperCase().padStart(18, '0')}`, fromMe: false },
        message: { conversation: `Olá, esta é a mensagem número ${i} sobre o pedido` },
        messageTimestamp: start + i,
        pushName: `Cliente ${c}`,
      });
    }
    events.push({ messages, progress: Math.round((Math.min(total, offset + PER_EVENT) / total) * 100), lidPnMappings: [] });
  }
  return events;
}

/** The physical limit: the journal records those events become, one write+fsync per event. */
async function rawAppendMs(file: string, total: number, chats: number): Promise<number> {
  const handle = await open(file, 'a', 0o600);
  const time = new Date().toISOString();
  const started = performance.now();
  for (let offset = 0; offset < total; offset += PER_EVENT) {
    const lines: string[] = [];
    for (let i = offset; i < Math.min(total, offset + PER_EVENT); i++) {
      const c = i % chats;
      const customer = `+55119${String(c).padStart(8, '0')}`;
      const chatId = chatIdFor(PHONE, customer);
      if (i < chats)
        lines.push(JSON.stringify({ type: 'chat.opened', chatId, customer, name: `Cliente ${c}`, time, assignee: null, trail: [], cause: 'history' }));
      lines.push(
        JSON.stringify({
          type: 'message',
          id: `3A${i}`,
          chatId,
          direction: 'in',
          text: `Olá, esta é a mensagem número ${i} sobre o pedido`,
          time,
          history: true,
        }),
      );
    }
    await handle.write(`${lines.join('\n')}\n`);
    await handle.datasync();
  }
  const ms = performance.now() - started;
  await handle.close();
  return ms;
}
