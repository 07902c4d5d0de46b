// What the linked client sends after the handshake: its messages to contacts (decrypted by the
// contact they were addressed to), its acks and receipts (which settle what the server delivered),
// its typing indicators, and its iqs (iq.ts).
import { proto, unpadRandomMax16, type BinaryNode } from '@whiskeysockets/baileys';
import { onIq } from './iq.js';
import { onMediaRetryRequest } from './media.js';
import type { Conn, SimulatorState } from './state.js';
import { S_WHATSAPP_NET, bytes, child, children, now } from './stanzas.js';

/** A stanza from a logged-in (or pairing) client, after the handshake. */
export async function onClientNode(sim: SimulatorState, conn: Conn, node: BinaryNode): Promise<void> {
  switch (node.tag) {
    case 'iq':
      return onIq(sim, conn, node);
    case 'message':
      return onMessage(sim, conn, node);
    case 'ack':
      conn.unacked.delete(node.attrs.id ?? '');
      return;
    case 'receipt': {
      const ids = [node.attrs.id ?? '', ...children(child(node, 'list')).map((i) => i.attrs.id ?? '')];
      for (const id of ids) conn.unacked.delete(id);
      sim.clientReceipts.push({ to: node.attrs.to ?? '', ids: ids.filter(Boolean), type: node.attrs.type });
      if (node.attrs.type === 'retry') sim.errors.push(`client asked for a retry of ${ids.join(',')} (it failed to decrypt)`);
      sim.send(conn, {
        tag: 'ack',
        attrs: { class: 'receipt', id: node.attrs.id ?? '', from: node.attrs.to ?? S_WHATSAPP_NET, ...(node.attrs.type ? { type: node.attrs.type } : {}) },
      });
      // the device asks the phone to upload an expired media link again: the phone answers
      if (node.attrs.type === 'server-error') onMediaRetryRequest(sim, conn, node);
      return;
    }
    case 'chatstate': {
      const state = children(node)[0];
      if (state) sim.clientChatstates.push({ to: node.attrs.to ?? '', state: state.attrs.media === 'audio' ? 'recording' : state.tag });
      return;
    }
    default:
      return; // presence, ack, ib (unified_session), ...
  }
}

/** The client wrote to contacts: each decrypts its copy into `delivered` (or `redelivered`); then the server acks. */
async function onMessage(sim: SimulatorState, conn: Conn, node: BinaryNode): Promise<void> {
  const id = node.attrs.id ?? '';
  const to = node.attrs.to ?? '';
  const sender = conn.account ? { user: conn.account.number, device: conn.account.device } : undefined;
  const targets: { jid: string; enc: BinaryNode }[] = [];
  for (const t of children(child(node, 'participants'))) {
    const enc = child(t, 'enc');
    if (t.tag === 'to' && enc && t.attrs.jid) targets.push({ jid: t.attrs.jid, enc });
  }
  const direct = child(node, 'enc');
  if (direct) targets.push({ jid: to, enc: direct });
  // own devices and unknown addresses get nothing
  const recipients = sender
    ? targets.flatMap((t) => {
        const contact = sim.contactForJid(t.jid);
        return contact ? [{ ...t, contact }] : [];
      })
    : [];
  const drop = recipients.length > 0 ? sim.faults.clientMessage() : null;
  if (drop === 'before-delivery') return sim.dropConnections();
  for (const { jid, enc, contact } of recipients) {
    try {
      const plain = await contact.decrypt(sender!, enc.attrs.type ?? '', bytes(enc) ?? Buffer.alloc(0));
      const message = proto.Message.decode(unpadRandomMax16(plain));
      const text = message.conversation ?? message.extendedTextMessage?.text ?? '';
      if (message.reactionMessage) sim.reactions.push({ to: contact.number, id, text: message.reactionMessage.text ?? '', message });
      else if (!message.protocolMessage) {
        // the contact's phone shows a message id once, however often it is sent
        const copy = sim.delivered.some((d) => d.to === contact.number && d.id === id);
        (copy ? sim.redelivered : sim.delivered).push({ to: contact.number, id, text, message });
      }
    } catch (err) {
      sim.errors.push(`decrypting ${id} for ${jid}: ${String(err)}`);
    }
  }
  if (drop === 'before-ack') return sim.dropConnections();
  if (sim.faults.withholdAcks) return;
  sim.send(conn, { tag: 'ack', attrs: { class: 'message', id, from: to, t: now() } });
}
