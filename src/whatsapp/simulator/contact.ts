// A fake WhatsApp customer ("contact") with a real libsignal identity.
import { randomInt } from 'node:crypto';
import { Curve, signedKeyPair } from '@whiskeysockets/baileys';
import * as libsignal from 'libsignal';
import type { SignalStorage } from 'libsignal';

type SignalKeyPair = { privKey: Buffer; pubKey: Buffer };

/** 32-byte Curve25519 public key → 33-byte libsignal key (0x05 prefix). */
export const signalPub = (key: Uint8Array): Buffer => (key.length === 33 ? Buffer.from(key) : Buffer.concat([Buffer.from([5]), key]));

const toSignalPair = (pair: { public: Uint8Array; private: Uint8Array }): SignalKeyPair => ({
  privKey: Buffer.from(pair.private),
  pubKey: signalPub(pair.public),
});

/** A prekey bundle as served in `encrypt` key iqs / uploaded by a client. */
export interface PreKeyBundle {
  registrationId: number;
  identityKey: Buffer; // 32 bytes
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKey?: { keyId: number; publicKey: Buffer };
}

export class FakeContact {
  readonly number: string;
  readonly name: string;
  readonly lid: string;
  /** `NUMBER@s.whatsapp.net` */
  readonly jid: string;
  /** `LID@lid` */
  readonly lidJid: string;

  private readonly registrationId = randomInt(1, 16380);
  private readonly identity = Curve.generateKeyPair();
  private readonly signedPreKey = signedKeyPair(this.identity, randomInt(1, 1 << 23));
  private readonly preKeys = new Map<number, SignalKeyPair>();
  private nextPreKeyId = 1;
  private readonly sessions = new Map<string, libsignal.SessionRecord>();

  /** @internal */
  readonly storage: SignalStorage;

  constructor(number: string, name: string, lid: string) {
    this.number = number;
    this.name = name;
    this.lid = lid;
    this.jid = `${number}@s.whatsapp.net`;
    this.lidJid = `${lid}@lid`;
    const identity = toSignalPair(this.identity);
    const signed = toSignalPair(this.signedPreKey.keyPair);
    this.storage = {
      loadSession: async (id) => this.sessions.get(id),
      storeSession: async (id, session) => {
        this.sessions.set(id, session);
      },
      isTrustedIdentity: () => true,
      loadPreKey: async (id) => this.preKeys.get(Number(id)),
      removePreKey: (id) => {
        this.preKeys.delete(Number(id));
      },
      loadSignedPreKey: () => signed,
      getOurRegistrationId: () => this.registrationId,
      getOurIdentity: () => identity,
    };
  }

  /** A fresh bundle with a new one-time prekey (what the server hands out on a key fetch). */
  takeBundle(): PreKeyBundle {
    const id = this.nextPreKeyId++;
    const pair = Curve.generateKeyPair();
    this.preKeys.set(id, toSignalPair(pair));
    return {
      registrationId: this.registrationId,
      identityKey: Buffer.from(this.identity.public),
      signedPreKey: {
        keyId: this.signedPreKey.keyId,
        publicKey: Buffer.from(this.signedPreKey.keyPair.public),
        signature: Buffer.from(this.signedPreKey.signature),
      },
      preKey: { keyId: id, publicKey: Buffer.from(pair.public) },
    };
  }

  /** Decrypts a Signal message addressed to this contact by `sender` (`user`, `device`). */
  async decrypt(sender: { user: string; device: number }, type: string, ciphertext: Uint8Array): Promise<Buffer> {
    const cipher = new libsignal.SessionCipher(this.storage, new libsignal.ProtocolAddress(sender.user, sender.device));
    if (type === 'pkmsg') return cipher.decryptPreKeyWhisperMessage(ciphertext);
    if (type === 'msg') return cipher.decryptWhisperMessage(ciphertext);
    throw new Error(`unsupported enc type ${type}`);
  }

  /**
   * Encrypts `padded` for a linked device. Always starts a fresh session from the device's
   * uploaded bundle, so every message is a `pkmsg` that the device can decrypt whatever
   * address (PN or LID) it files the session under.
   */
  async encryptFor(
    recipient: { user: string; device: number },
    bundle: PreKeyBundle,
    padded: Uint8Array,
  ): Promise<{ type: 'pkmsg' | 'msg'; ciphertext: Buffer }> {
    const addr = new libsignal.ProtocolAddress(recipient.user, recipient.device);
    const session: Parameters<libsignal.SessionBuilder['initOutgoing']>[0] = {
      registrationId: bundle.registrationId,
      identityKey: signalPub(bundle.identityKey),
      signedPreKey: {
        keyId: bundle.signedPreKey.keyId,
        publicKey: signalPub(bundle.signedPreKey.publicKey),
        signature: bundle.signedPreKey.signature,
      },
      // libsignal accepts a bundle without a one-time prekey (its d.ts says otherwise)
      preKey: (bundle.preKey ? { keyId: bundle.preKey.keyId, publicKey: signalPub(bundle.preKey.publicKey) } : undefined) as unknown as {
        keyId: number;
        publicKey: Uint8Array;
      },
    };
    await new libsignal.SessionBuilder(this.storage, addr).initOutgoing(session);
    const { type, body } = await new libsignal.SessionCipher(this.storage, addr).encrypt(padded);
    return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') };
  }
}
