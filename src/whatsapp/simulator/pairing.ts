// Linking a new device to the simulator, as the phone does it: by QR (the client is offered refs,
// the phone scans one) or by pairing code (companion_hello, the phone types the code,
// companion_finish). Both end in pair-success and 515, after which the client logs in again.
import { randomBytes, randomInt, createHmac } from 'node:crypto';
import { Curve, aesDecryptCTR, aesDecryptGCM, aesEncryptCTR, derivePairingCodeKey, hkdf, jidDecode, proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { Conn, SimulatorState } from './state.js';
import { S_WHATSAPP_NET, bytes, child, newId, now, randomDigits } from './stanzas.js';

/** The phone that links the device: its number, and its LID if the test fixes one. */
type Phone = { number: string; lid?: string };

/** A new device logged in: offer it QR refs, and keep them on the connection until a scan. */
export function offerQrRefs(sim: SimulatorState, conn: Conn): void {
  const refs = Array.from({ length: sim.options.qrRefs }, () => randomBytes(12).toString('base64url'));
  conn.pairingRefs = refs;
  sim.send(conn, {
    tag: 'iq',
    attrs: { from: S_WHATSAPP_NET, type: 'set', id: newId(), xmlns: 'md' },
    content: [
      {
        tag: 'pair-device',
        attrs: {},
        content: refs.map((ref) => ({ tag: 'ref', attrs: {}, content: Buffer.from(ref) })),
      },
    ],
  });
  sim.notify();
}

/**
 * Act as the phone `phone.number` scanning the QR text a client displayed
 * (`https://wa.me/settings/linked_devices#REF,NOISE,IDENTITY,ADV,PLATFORM`).
 * Resolves after pair-success was confirmed by the client and `515` was sent.
 */
export async function scan(sim: SimulatorState, qr: string, phone: Phone): Promise<void> {
  const data = qr.includes('#') ? qr.slice(qr.indexOf('#') + 1) : qr;
  const [ref, noiseB64, identityB64, advB64] = data.split(',');
  if (!ref || !noiseB64 || !identityB64 || !advB64) throw new Error(`not a pairing QR: ${qr}`);
  const conn = [...sim.conns].find((c) => !c.closed && c.clientStatic === noiseB64 && c.pairingRefs);
  if (!conn) throw new Error('no client connection is waiting for this QR');
  if (!conn.pairingRefs!.includes(ref)) throw new Error('QR ref was not issued to this connection');
  await completePairing(sim, conn, phone, Buffer.from(identityB64, 'base64'), Buffer.from(advB64, 'base64'));
}

/**
 * Act as the phone `phone.number` whose user typed the 8-character pairing code a client displayed
 * after `requestPairingCode(number)`. Resolves after pair-success was confirmed and `515` was sent.
 * Throws if no client asked for a code, the code is wrong, or the client asked for another number.
 */
export async function enterPairingCode(sim: SimulatorState, code: string, phone: Phone): Promise<void> {
  const typed = code.replace(/[\s-]/g, '');
  const waiting = (): Conn | undefined => [...sim.conns].reverse().find((c) => !c.closed && c.linkCode && c.pairingRefs);
  // the client shows the code as soon as companion_hello is sent; give the server a moment to receive it
  await sim.waitFor(() => !!waiting(), 5_000, 'a client asking for a pairing code').catch(() => undefined);
  const conn = waiting();
  if (!conn) throw new Error('no client connection is waiting for a pairing code');
  const link = conn.linkCode!;
  const number = phone.number.replace(/\D/g, '');
  if (jidDecode(link.jid)?.user !== number) {
    throw new Error(`the pairing code was requested for ${link.jid}, not ${number}`);
  }
  // the companion's ephemeral key, wrapped as salt(32) ‖ iv(16) ‖ AES-CTR(pub) with the code-derived key
  const wrapped = link.wrappedEphemeral;
  const companionKey = await derivePairingCodeKey(typed, wrapped.subarray(0, 32));
  const companionEphemeralPub = Buffer.from(aesDecryptCTR(wrapped.subarray(48, 80), companionKey, wrapped.subarray(32, 48)));
  const primaryEphemeral = Curve.generateKeyPair();
  const primaryIdentity = Curve.generateKeyPair();
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const primaryKey = await derivePairingCodeKey(typed, salt);
  const wrappedPrimary = Buffer.concat([salt, iv, aesEncryptCTR(Buffer.from(primaryEphemeral.public), primaryKey, iv)]);
  const ref = Buffer.from(randomBytes(16).toString('base64url'));
  const finished = new Promise<BinaryNode>((resolve, reject) => {
    const timer = setTimeout(() => {
      link.onFinish = undefined;
      reject(new Error('FakeWhatsApp: the client never sent companion_finish'));
    }, 10_000);
    link.onFinish = (reg) => {
      clearTimeout(timer);
      link.onFinish = undefined;
      resolve(reg);
    };
  });
  sim.send(conn, {
    tag: 'notification',
    attrs: { from: S_WHATSAPP_NET, type: 'link_code_companion_reg', id: newId(), t: now() },
    content: [
      {
        tag: 'link_code_companion_reg',
        attrs: {},
        content: [
          { tag: 'link_code_pairing_ref', attrs: {}, content: ref },
          { tag: 'primary_identity_pub', attrs: {}, content: Buffer.from(primaryIdentity.public) },
          { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
        ],
      },
    ],
  });
  const reg = await finished;
  const bundle = bytes(child(reg, 'link_code_pairing_wrapped_key_bundle'));
  const companionIdentityPub = bytes(child(reg, 'companion_identity_public'));
  const finishRef = bytes(child(reg, 'link_code_pairing_ref'));
  if (!bundle || !companionIdentityPub || !finishRef?.equals(ref)) throw new Error('malformed companion_finish');
  const companionShared = Buffer.from(Curve.sharedKey(primaryEphemeral.private, companionEphemeralPub));
  const bundleKey = Buffer.from(hkdf(companionShared, 32, { salt: bundle.subarray(0, 32), info: 'link_code_pairing_key_bundle_encryption_key' }));
  let plain: Buffer;
  try {
    plain = Buffer.from(aesDecryptGCM(bundle.subarray(44), bundleKey, bundle.subarray(32, 44), Buffer.alloc(0)));
  } catch {
    // a wrong code unwraps a wrong ephemeral key: the shared keys differ and the bundle does not authenticate
    throw new Error('wrong pairing code: the key bundle does not decrypt');
  }
  const identityPub = plain.subarray(0, 32);
  if (!identityPub.equals(companionIdentityPub) || !plain.subarray(32, 64).equals(Buffer.from(primaryIdentity.public))) {
    throw new Error('key bundle does not match the identities');
  }
  const random = plain.subarray(64, 96);
  const identityShared = Buffer.from(Curve.sharedKey(primaryIdentity.private, companionIdentityPub));
  const advSecret = Buffer.from(hkdf(Buffer.concat([companionShared, identityShared, random]), 32, { info: 'adv_secret' }));
  await completePairing(sim, conn, phone, Buffer.from(identityPub), advSecret);
}

/** pair-success (signed with a fresh account key, HMAC'd with the adv secret), then 515. Shared by QR and pairing code. */
async function completePairing(sim: SimulatorState, conn: Conn, phone: Phone, identityPub: Buffer, advSecret: Buffer): Promise<void> {
  const number = phone.number.replace(/\D/g, '');
  const lid = phone.lid ?? sim.accounts.get(number)?.lid ?? randomDigits(15);
  const noisePub = conn.clientStatic ?? '';
  const accountKey = Curve.generateKeyPair();
  const device = 3 + randomInt(0, 20);
  const details = Buffer.from(
    proto.ADVDeviceIdentity.encode({
      rawId: randomInt(1, 2 ** 31),
      timestamp: Math.floor(Date.now() / 1000),
      keyIndex: 1,
    }).finish(),
  );
  const accountSignature = Curve.sign(accountKey.private, Buffer.concat([Buffer.from([6, 0]), details, identityPub]));
  const signed = Buffer.from(
    proto.ADVSignedDeviceIdentity.encode({
      details,
      accountSignatureKey: accountKey.public,
      accountSignature,
    }).finish(),
  );
  const hmac = createHmac('sha256', advSecret).update(signed).digest();
  const identityHmac = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish();
  const iqId = newId();
  const reply = sim.awaitIq(iqId, 10_000);
  conn.pairingRefs = undefined;
  conn.linkCode = undefined;
  sim.send(conn, {
    tag: 'iq',
    attrs: { from: S_WHATSAPP_NET, type: 'set', id: iqId },
    content: [
      {
        tag: 'pair-success',
        attrs: {},
        content: [
          { tag: 'device-identity', attrs: {}, content: identityHmac },
          { tag: 'platform', attrs: { name: 'android' } },
          { tag: 'device', attrs: { jid: `${number}:${device}@${S_WHATSAPP_NET}`, lid: `${lid}:${device}@lid` } },
        ],
      },
    ],
  });
  const answer = await reply;
  if (answer.attrs.type !== 'result' || !child(answer, 'pair-device-sign')) {
    throw new Error(`client rejected pairing: ${JSON.stringify(answer.attrs)}`);
  }
  sim.accounts.set(number, {
    number,
    lid,
    device,
    noisePub,
    identityPub,
    preKeys: [],
    queue: [],
    loggedInOnce: false,
  });
  sim.send(conn, { tag: 'stream:error', attrs: { code: '515' } });
  sim.closeSoon(conn);
  sim.notify();
}
/** Pairing by code: companion_hello (the client asks for a code) and companion_finish (its key bundle). */
export function onLinkCodeReg(sim: SimulatorState, conn: Conn, iq: BinaryNode, reg: BinaryNode): void {
  if (reg.attrs.stage === 'companion_hello') {
    const wrapped = bytes(child(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub'));
    const serverAuth = bytes(child(reg, 'companion_server_auth_key_pub'));
    if (wrapped?.length !== 80 || !reg.attrs.jid) {
      sim.errors.push('malformed companion_hello');
      return sim.iqResult(conn, iq);
    }
    if (serverAuth && conn.clientStatic && serverAuth.toString('base64') !== conn.clientStatic) {
      sim.errors.push("companion_hello noise key differs from the connection's");
    }
    conn.linkCode = { jid: reg.attrs.jid, wrappedEphemeral: wrapped };
    sim.iqResult(conn, iq, [
      {
        tag: 'link_code_companion_reg',
        attrs: {},
        content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(randomBytes(16).toString('base64url')) }],
      },
    ]);
    sim.notify();
    return;
  }
  if (reg.attrs.stage === 'companion_finish') {
    sim.iqResult(conn, iq);
    const onFinish = conn.linkCode?.onFinish;
    if (onFinish) onFinish(reg);
    else sim.errors.push('companion_finish without a pending pairing code');
    return;
  }
  return sim.iqResult(conn, iq);
}
