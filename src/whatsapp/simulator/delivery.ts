// What reaches the linked device from the phone and the contacts: messages, receipts, presence
// and history sync. Like WhatsApp, the server keeps each node until the device acks or receipts
// it: offline, it waits in the account's queue; delivered but unacked, it goes back there when the
// connection drops (SimulatorState.retire), for the next login.
import { randomBytes } from 'node:crypto';
import { proto, writeRandomPadMax16, type BinaryNode } from '@whiskeysockets/baileys';
import { FakeContact, type PreKeyBundle } from './contact.js';
import type { Account, Conn, SimulatorState } from './state.js';
import { historyNode, isHistoryNode, newId, now, type HistoryBatch } from './stanzas.js';

/** Send to the device if online, else queue for its next login. */
export function deliver(sim: SimulatorState, account: Account, node: BinaryNode): void {
  const conns = sim.loggedIn(account.number);
  if (conns.length === 0) {
    account.queue.push(node);
    return;
  }
  for (const conn of conns) if (!transmit(sim, conn, node)) return;
}

/**
 * Sends a node the device must acknowledge (it stays in `conn.unacked` until then); fires an
 * armed history fault. False when the connection is closed or a fault just dropped it.
 */
export function transmit(sim: SimulatorState, conn: Conn, node: BinaryNode, offline = false): boolean {
  if (conn.closed) return false;
  conn.unacked.set(node.attrs.id ?? '', node);
  sim.send(conn, offline ? { ...node, attrs: { ...node.attrs, offline: '1' } } : node);
  if (isHistoryNode(node) && sim.faults.historyWritten()) {
    sim.dropConnections();
    return false;
  }
  return true;
}

/** The device's uploaded bundle, for a contact's new session: uses up one of its one-time prekeys. */
function takeAccountBundle(account: Account): PreKeyBundle {
  if (account.registrationId === undefined || !account.signedPreKey) {
    throw new Error(`FakeWhatsApp: ${account.number} has not uploaded prekeys yet (wait for connection 'open')`);
  }
  return {
    registrationId: account.registrationId,
    identityKey: account.identityPub,
    signedPreKey: account.signedPreKey,
    preKey: account.preKeys.shift(),
  };
}

/** True while a node delivered to `account` waits in its queue or for a device's ack. */
function undelivered(sim: SimulatorState, account: Account, id: string): boolean {
  return account.queue.some((n) => n.attrs.id === id) || sim.loggedIn(account.number).some((c) => c.unacked.has(id));
}

/** `FakeWhatsApp.sendMessage`: a fresh Signal session per message (or plaintext), then `deliver`. */
export async function sendMessage(
  sim: SimulatorState,
  from: FakeContact,
  text: string | proto.IMessage,
  options: { id?: string; viaLid?: boolean; plaintext?: boolean; undecryptable?: boolean; pushName?: string; time?: number; to?: string } = {},
): Promise<string> {
  const account = sim.targetAccount(options.to);
  const id = options.id ?? newId();
  const content: proto.IMessage = typeof text === 'string' ? { conversation: text } : text;
  const message = proto.Message.encode(content).finish();
  let node: BinaryNode;
  if (!options.plaintext && account.registrationId === undefined) {
    // right after login Baileys uploads its prekeys before emitting connection 'open'
    await sim.waitFor(() => account.registrationId !== undefined, 10_000, `${account.number}'s prekey upload`);
  }
  if (options.plaintext) {
    node = { tag: 'plaintext', attrs: {}, content: message };
  } else if (options.undecryptable) {
    // What the device sees when a sender's keys went wrong (as after the @lid migration): a
    // Signal message no session of it can open. It fails, and the device asks for a retry.
    node = { tag: 'enc', attrs: { v: '2', type: 'msg' }, content: randomBytes(64) };
  } else {
    const bundle = takeAccountBundle(account);
    const { type, ciphertext } = await from.encryptFor({ user: account.number, device: account.device }, bundle, writeRandomPadMax16(message));
    node = { tag: 'enc', attrs: { v: '2', type }, content: ciphertext };
  }
  const attrs: Record<string, string> = {
    id,
    t: String(options.time ?? Math.floor(Date.now() / 1000)),
    type: stanzaType(content),
    notify: options.pushName ?? from.name,
  };
  if (options.viaLid) {
    Object.assign(attrs, { from: from.lidJid, sender_pn: from.jid, addressing_mode: 'lid' });
  } else {
    Object.assign(attrs, { from: from.jid });
  }
  deliver(sim, account, { tag: 'message', attrs, content: [node] });
  return id;
}

/** The `type` WhatsApp puts on a message stanza. */
function stanzaType(m: proto.IMessage): string {
  if (m.reactionMessage) return 'reaction';
  if (m.imageMessage || m.videoMessage || m.audioMessage || m.documentMessage || m.stickerMessage || m.locationMessage || m.contactMessage) return 'media';
  return 'text';
}

/**
 * `FakeWhatsApp.sendFromPhone`: what someone types on the phone itself reaches its linked
 * devices as the phone's own message (device 0 of the number, a `recipient` attribute naming
 * the chat) wrapping the text in a `deviceSentMessage`, as WhatsApp does.
 */
export async function sendFromPhone(sim: SimulatorState, to: FakeContact, text: string, options: { id?: string; time?: number } = {}): Promise<string> {
  const account = sim.targetAccount();
  if (account.registrationId === undefined) await sim.waitFor(() => account.registrationId !== undefined, 10_000, `${account.number}'s prekey upload`);
  let phone = sim.phones.get(account.number);
  if (!phone) {
    phone = new FakeContact(account.number, 'phone', account.lid);
    sim.phones.set(account.number, phone);
  }
  const id = options.id ?? newId();
  const message = proto.Message.encode({ deviceSentMessage: { destinationJid: to.jid, message: { conversation: text } } }).finish();
  const { type, ciphertext } = await phone.encryptFor(
    { user: account.number, device: account.device },
    takeAccountBundle(account),
    writeRandomPadMax16(message),
  );
  const attrs = { id, from: phone.jid, recipient: to.jid, t: String(options.time ?? Math.floor(Date.now() / 1000)), type: 'text' };
  deliver(sim, account, { tag: 'message', attrs, content: [{ tag: 'enc', attrs: { v: '2', type }, content: ciphertext }] });
  return id;
}

/**
 * `FakeWhatsApp.sendReceipt`: one receipt node, the first id in its attrs and the others in a
 * list; a retry receipt (one id) carries the `<retry>` child a device that failed to decrypt sends.
 */
export async function sendReceipt(
  sim: SimulatorState,
  contact: FakeContact,
  messageId: string | string[],
  type?: 'read' | 'retry',
  options: { to?: string } = {},
): Promise<void> {
  const account = sim.targetAccount(options.to);
  const ids = Array.isArray(messageId) ? messageId : [messageId];
  const [first, ...rest] = ids;
  if (!first) return;
  const attrs: Record<string, string> = { from: contact.jid, id: first, t: now() };
  if (type) attrs.type = type;
  let content: BinaryNode[] | undefined;
  if (type === 'retry') content = [{ tag: 'retry', attrs: { count: '1', id: first, t: now(), v: '1' } }];
  else if (rest.length) content = [{ tag: 'list', attrs: {}, content: rest.map((id) => ({ tag: 'item', attrs: { id } })) }];
  deliver(sim, account, { tag: 'receipt', attrs, content });
}

/** `FakeWhatsApp.sendPresence`: a chatstate or presence node, to the online connections only. */
export async function sendPresence(
  sim: SimulatorState,
  contact: FakeContact,
  state: 'composing' | 'paused' | 'recording' | 'available' | 'unavailable',
  options: { to?: string } = {},
): Promise<void> {
  const account = sim.targetAccount(options.to);
  const node: BinaryNode =
    state === 'available' || state === 'unavailable'
      ? { tag: 'presence', attrs: { from: contact.jid, type: state } }
      : {
          tag: 'chatstate',
          attrs: { from: contact.jid },
          content: [state === 'recording' ? { tag: 'composing', attrs: { media: 'audio' } } : { tag: state, attrs: {} }],
        };
  const conns = sim.loggedIn(account.number);
  for (const conn of conns) sim.send(conn, node); // presence is not queued while offline
}

/** `FakeWhatsApp.sendHistory`: one notification per batch, `chunkOrder` from 0; `paced` waits for each one's ack. */
export async function sendHistory(
  sim: SimulatorState,
  batches: HistoryBatch[],
  options: { to?: string; paced?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const account = sim.targetAccount(options.to);
  let chunkOrder = 0;
  for (const batch of batches) {
    const syncType = batch.syncType ?? proto.HistorySync.HistorySyncType.RECENT;
    const node = historyNode(account, syncType, batch.progress, chunkOrder++, batch.chats);
    deliver(sim, account, node);
    if (options.paced) {
      const id = node.attrs.id!;
      await sim.waitFor(() => !undelivered(sim, account, id), options.timeoutMs ?? 30_000, `the device to acknowledge history batch ${chunkOrder}`);
    }
  }
}
