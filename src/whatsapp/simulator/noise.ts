// Server side (responder) of WhatsApp's Noise XX handshake, mirroring
// node_modules/@whiskeysockets/baileys/lib/Utils/noise-handler.js.
import { createCipheriv, createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { Curve, NOISE_MODE, proto } from '@whiskeysockets/baileys';

export interface KeyPair {
  public: Uint8Array;
  private: Uint8Array;
}

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

const hkdf64 = (ikm: Uint8Array, salt: Uint8Array): [Buffer, Buffer] => {
  const out = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.alloc(0), 64));
  return [out.subarray(0, 32), out.subarray(32)];
};

const iv = (counter: number): Buffer => {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(counter, 8);
  return b;
};

export const gcmEncrypt = (plain: Uint8Array, key: Uint8Array, ivBuf: Uint8Array, aad: Uint8Array): Buffer => {
  const c = createCipheriv('aes-256-gcm', key, ivBuf);
  c.setAAD(aad);
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
};

export const gcmDecrypt = (data: Uint8Array, key: Uint8Array, ivBuf: Uint8Array, aad: Uint8Array): Buffer => {
  const buf = Buffer.from(data);
  const d = createDecipheriv('aes-256-gcm', key, ivBuf);
  d.setAAD(aad);
  d.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([d.update(buf.subarray(0, buf.length - 16)), d.final()]);
};

/** Handshake + transport state of one server-side connection. */
export class NoiseResponder {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private readonly ephemeral: KeyPair = Curve.generateKeyPair();
  private encKey: Buffer | undefined;
  private decKey: Buffer | undefined;
  private writeCounter = 0;
  private readCounter = 0;

  constructor(
    private readonly serverStatic: KeyPair,
    private readonly certChain: Uint8Array,
  ) {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.length === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
  }

  get ready(): boolean {
    return this.encKey !== undefined;
  }

  private authenticate(data: Uint8Array): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  private mix(data: Uint8Array): void {
    const [salt, key] = hkdf64(data, this.salt);
    this.salt = salt;
    this.key = key;
    this.counter = 0;
  }

  private encrypt(plain: Uint8Array): Buffer {
    const out = gcmEncrypt(plain, this.key, iv(this.counter++), this.hash);
    this.authenticate(out);
    return out;
  }

  private decrypt(cipher: Uint8Array): Buffer {
    const out = gcmDecrypt(cipher, this.key, iv(this.counter++), this.hash);
    this.authenticate(cipher);
    return out;
  }

  /** Given the intro header and the client hello, returns the serverHello bytes to send. */
  serverHello(header: Uint8Array, helloFrame: Uint8Array): Buffer {
    const hello = proto.HandshakeMessage.decode(helloFrame);
    const clientEphemeral = hello.clientHello?.ephemeral;
    if (!clientEphemeral) throw new Error('no client ephemeral key');
    this.authenticate(header);
    this.authenticate(clientEphemeral);
    this.authenticate(this.ephemeral.public);
    this.mix(Curve.sharedKey(this.ephemeral.private, clientEphemeral));
    const staticEnc = this.encrypt(this.serverStatic.public);
    this.mix(Curve.sharedKey(this.serverStatic.private, clientEphemeral));
    const payloadEnc = this.encrypt(this.certChain);
    return Buffer.from(
      proto.HandshakeMessage.encode({
        serverHello: { ephemeral: this.ephemeral.public, static: staticEnc, payload: payloadEnc },
      }).finish(),
    );
  }

  /** Processes the client finish; returns the client's static (noise) public key and its ClientPayload. */
  clientFinish(frame: Uint8Array): { clientStatic: Buffer; payload: proto.ClientPayload } {
    const finish = proto.HandshakeMessage.decode(frame).clientFinish;
    if (!finish?.static || !finish.payload) throw new Error('bad client finish');
    const clientStatic = this.decrypt(finish.static);
    this.mix(Curve.sharedKey(this.ephemeral.private, clientStatic));
    const payload = proto.ClientPayload.decode(this.decrypt(finish.payload));
    const [write, read] = hkdf64(Buffer.alloc(0), this.salt);
    // the client encrypts with `write` and decrypts with `read`
    this.decKey = write;
    this.encKey = read;
    return { clientStatic, payload };
  }

  encryptFrame(plain: Uint8Array): Buffer {
    if (!this.encKey) throw new Error('transport not ready');
    return gcmEncrypt(plain, this.encKey, iv(this.writeCounter++), Buffer.alloc(0));
  }

  decryptFrame(cipher: Uint8Array): Buffer {
    if (!this.decKey) throw new Error('transport not ready');
    return gcmDecrypt(cipher, this.decKey, iv(this.readCounter++), Buffer.alloc(0));
  }
}

/** Builds a root → intermediate → leaf certificate chain for the server static key. */
export const makeCertChain = (root: KeyPair, rootSerial: number, serverStaticPublic: Uint8Array): Uint8Array => {
  const intermediateKey = Curve.generateKeyPair();
  const intermediateSerial = rootSerial + 1;
  const intermediateDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: intermediateSerial,
    issuerSerial: rootSerial,
    key: intermediateKey.public,
    notBefore: 0,
    notAfter: 0,
  }).finish();
  const leafDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: intermediateSerial + 1,
    issuerSerial: intermediateSerial,
    key: serverStaticPublic,
    notBefore: 0,
    notAfter: 0,
  }).finish();
  return proto.CertChain.encode({
    intermediate: {
      details: intermediateDetails,
      signature: Curve.sign(root.private, intermediateDetails),
    },
    leaf: { details: leafDetails, signature: Curve.sign(intermediateKey.private, leafDetails) },
  }).finish();
};
