// The simulator's replies to the client's iqs: prekeys (count, upload, rotate, key fetches for
// contacts), usync (devices, LIDs, contacts), privacy, blocklist, abprops, app state, media_conn, and `md`
// (unlinking; pairing by code goes to pairing.ts). Anything else gets an empty result.
import { jidDecode, type BinaryNode } from '@whiskeysockets/baileys';
import { mediaConnNode } from './media.js';
import { onLinkCodeReg } from './pairing.js';
import type { Conn, SimulatorState } from './state.js';
import { S_WHATSAPP_NET, bundleNode, bytes, child, children, jidNormalized, uint } from './stanzas.js';

/** An iq from the client: an answer to one of the server's, or a request to reply to. */
export async function onIq(sim: SimulatorState, conn: Conn, iq: BinaryNode): Promise<void> {
  const { type, xmlns } = iq.attrs;
  if (type === 'result' || type === 'error') return sim.answerIq(iq);
  const first = children(iq)[0];
  switch (xmlns) {
    case 'encrypt':
      return onEncryptIq(sim, conn, iq, first);
    case 'usync':
      return sim.iqResult(conn, iq, [usync(sim, conn, iq)]);
    case 'privacy':
      if (first?.tag === 'privacy') {
        return sim.iqResult(conn, iq, [
          {
            tag: 'privacy',
            attrs: {},
            content: [
              ['readreceipts', 'all'],
              ['last', 'all'],
              ['online', 'all'],
              ['profile', 'all'],
              ['status', 'all'],
              ['groupadd', 'all'],
            ].map(([name, value]) => ({ tag: 'category', attrs: { name: name!, value: value! } })),
          },
        ]);
      }
      return sim.iqResult(conn, iq);
    case 'blocklist':
      return sim.iqResult(conn, iq, [{ tag: 'list', attrs: {} }]);
    case 'abt':
      return sim.iqResult(conn, iq, [{ tag: 'props', attrs: { protocol: '1' } }]);
    case 'w:sync:app:state': {
      const collections = children(child(iq, 'sync')).map((c) => ({
        tag: 'collection',
        attrs: { name: c.attrs.name ?? '', version: c.attrs.version ?? '0', has_more_patches: 'false' },
      }));
      return sim.iqResult(conn, iq, [{ tag: 'sync', attrs: {}, content: collections }]);
    }
    case 'w:m':
      // media_conn: where to upload media, with which token (media.ts)
      if (first?.tag === 'media_conn') return sim.iqResult(conn, iq, [mediaConnNode(sim.media)]);
      return sim.iqResult(conn, iq);
    case 'md':
      if (first?.tag === 'remove-companion-device') {
        const number = jidDecode(first.attrs.jid ?? '')?.user ?? conn.account?.number;
        sim.iqResult(conn, iq);
        if (number) sim.accounts.delete(number);
        sim.closeSoon(conn);
        sim.notify();
        return;
      }
      if (first?.tag === 'link_code_companion_reg') return onLinkCodeReg(sim, conn, iq, first);
      return sim.iqResult(conn, iq);
    default:
      return sim.iqResult(conn, iq);
  }
}

/** `encrypt`: the device's prekey count, digest, upload and rotation; contacts' bundles for key fetches. */
function onEncryptIq(sim: SimulatorState, conn: Conn, iq: BinaryNode, first: BinaryNode | undefined): void {
  const account = conn.account;
  if (first?.tag === 'count') {
    return sim.iqResult(conn, iq, [{ tag: 'count', attrs: { value: String(account?.preKeys.length ?? 0) } }]);
  }
  if (first?.tag === 'digest') {
    return sim.iqResult(conn, iq, [{ tag: 'digest', attrs: {} }]);
  }
  if (child(iq, 'registration') && child(iq, 'list')) {
    // prekey upload
    if (account) {
      account.registrationId = uint(bytes(child(iq, 'registration')));
      const skey = child(iq, 'skey');
      account.signedPreKey = {
        keyId: uint(bytes(child(skey, 'id'))),
        publicKey: bytes(child(skey, 'value')) ?? Buffer.alloc(0),
        signature: bytes(child(skey, 'signature')) ?? Buffer.alloc(0),
      };
      const identity = bytes(child(iq, 'identity'));
      if (identity && !identity.equals(account.identityPub)) sim.errors.push('uploaded identity differs from paired identity');
      for (const k of children(child(iq, 'list'))) {
        account.preKeys.push({ keyId: uint(bytes(child(k, 'id'))), publicKey: bytes(child(k, 'value')) ?? Buffer.alloc(0) });
      }
    }
    return sim.iqResult(conn, iq);
  }
  if (first?.tag === 'rotate' && account) {
    const skey = child(first, 'skey');
    account.signedPreKey = {
      keyId: uint(bytes(child(skey, 'id'))),
      publicKey: bytes(child(skey, 'value')) ?? Buffer.alloc(0),
      signature: bytes(child(skey, 'signature')) ?? Buffer.alloc(0),
    };
    return sim.iqResult(conn, iq);
  }
  if (first?.tag === 'key') {
    const users: BinaryNode[] = [];
    for (const u of children(first)) {
      const jid = u.attrs.jid ?? '';
      const contact = sim.contactForJid(jid);
      if (!contact) {
        users.push({ tag: 'user', attrs: { jid }, content: [{ tag: 'error', attrs: { code: '404', text: 'item-not-found' } }] });
        sim.errors.push(`key fetch for unknown ${jid}`);
        continue;
      }
      users.push(bundleNode(jid, contact.takeBundle()));
    }
    return sim.iqResult(conn, iq, [{ tag: 'list', attrs: {}, content: users }]);
  }
  return sim.iqResult(conn, iq);
}

/** `usync`: the devices, LID and contact status of each user asked about. */
function usync(sim: SimulatorState, conn: Conn, iq: BinaryNode): BinaryNode {
  const usyncNode = child(iq, 'usync');
  const protocols = children(child(usyncNode, 'query')).map((p) => p.tag);
  const own = conn.account;
  const users: BinaryNode[] = [];
  for (const u of children(child(usyncNode, 'list'))) {
    const phone = bytes(child(u, 'contact'))?.toString('utf8');
    const jid = u.attrs.jid ?? (phone ? `${phone.replace(/\D/g, '')}@${S_WHATSAPP_NET}` : '');
    const decoded = jidDecode(jid);
    if (!decoded?.user) continue;
    const isOwn = !!own && (decoded.user === own.number || decoded.user === own.lid);
    // Who is on WhatsApp (the `contact` protocol, Baileys' onWhatsApp): the simulated people and
    // linked numbers that exist — asked before `contactForJid`, which makes people up on demand
    // for clients that send to them (devices, LID), so that other numbers have no WhatsApp.
    const onWhatsApp = isOwn || sim.accounts.has(decoded.user) || sim.contacts.has(decoded.user);
    const sending = protocols.includes('devices') || protocols.includes('lid');
    const contact = isOwn || !sending ? undefined : sim.contactForJid(jid);
    const content: BinaryNode[] = [];
    for (const p of protocols) {
      if (p === 'devices') {
        // own account: no other devices (the phone has no Signal identity here)
        const list = isOwn ? [] : [{ tag: 'device', attrs: { id: '0' } }];
        content.push({ tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: list }] });
      } else if (p === 'lid') {
        // not for the own account: Baileys would then fetch Signal keys for the phone (device 0)
        if (decoded.server === S_WHATSAPP_NET && contact) content.push({ tag: 'lid', attrs: { val: contact.lidJid } });
      } else if (p === 'contact') {
        content.push({ tag: 'contact', attrs: { type: onWhatsApp || contact ? 'in' : 'out' } });
      }
    }
    users.push({ tag: 'user', attrs: { jid: jidNormalized(jid) }, content });
  }
  return {
    tag: 'usync',
    attrs: { ...(usyncNode?.attrs ?? {}) },
    content: [
      { tag: 'result', attrs: {} },
      { tag: 'list', attrs: {}, content: users },
    ],
  };
}
