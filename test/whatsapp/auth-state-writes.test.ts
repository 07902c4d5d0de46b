// What reaches the disk of a phone's WhatsApp session: never the keys a decryption used up
// before that message is stored (a daemon dying in between must be able to open WhatsApp's next
// copy), everything else as soon as it may, and nothing once the state is let go.
import { describe, expect, it } from 'vitest';
import type { Secret } from '../../src/core/ports.js';
import { decryptingFor, PhoneAuthState } from '../../src/whatsapp/auth-state.js';

const baileys = await import('@whiskeysockets/baileys');

/** A secret that keeps what was written, each write taking a moment. */
function memorySecret(): Secret & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    read: async () => texts.at(-1) ?? null,
    write: async (text: string) => {
      await new Promise((r) => setTimeout(r, 5));
      texts.push(text);
    },
    wipe: async () => void texts.splice(0),
  } as unknown as Secret & { texts: string[] };
}

/** The key store as these tests use it: plain values stand for Signal's (the store keeps whatever it is given). */
type LooseKeys = {
  set(data: Record<string, Record<string, unknown>>): Promise<void>;
  get(type: string, ids: string[]): Promise<Record<string, unknown>>;
};
const keysOf = (auth: PhoneAuthState) => auth.state().keys as unknown as LooseKeys;

const onDisk = (secret: { texts: string[] }) => JSON.parse(secret.texts.at(-1) ?? '{"keys":{}}').keys as Record<string, Record<string, unknown>>;

describe("a phone's session on disk", () => {
  it("keeps a message's key changes off the disk until it is stored; other changes go at once; a change on top of a held key waits with it", async () => {
    const secret = memorySecret();
    const auth = await PhoneAuthState.load(baileys, secret);
    const keys = keysOf(auth);
    await keys.set({ session: { maria: 'session 1' }, 'pre-key': { '7': 'prekey 7' } });
    await auth.idle();
    expect(onDisk(secret)).toEqual({ session: { maria: 'session 1' }, 'pre-key': { '7': 'prekey 7' } });

    // Decrypting M1 uses prekey 7 up and moves Maria's session on.
    auth.opening('M1');
    await decryptingFor.run('M1', () => keys.set({ session: { maria: 'session 2' }, 'pre-key': { '7': null } }));
    // Meanwhile a change of no message's (a new prekey), and one on top of Maria's session (a reply encrypted).
    await keys.set({ 'pre-key': { '8': 'prekey 8' } });
    const beforeEntangled = auth.currentGeneration;
    await keys.set({ session: { maria: 'session 3' } });
    await auth.idle();
    expect(onDisk(secret)).toEqual({ session: { maria: 'session 1' }, 'pre-key': { '7': 'prekey 7', '8': 'prekey 8' } });
    expect(auth.writtenGeneration).toBe(beforeEntangled);
    expect(auth.ahead).toBe(true);
    expect(auth.holds('M1')).toBe(true);

    auth.stored(['M1']);
    await auth.flushed();
    expect(onDisk(secret)).toEqual({ session: { maria: 'session 3' }, 'pre-key': { '8': 'prekey 8' } });
    expect(auth.writtenGeneration).toBe(auth.currentGeneration);
    expect(auth.ahead).toBe(false);

    // A context that outlives its message (a queue started inside the decryption) holds nothing.
    await decryptingFor.run('M1', () => keys.set({ session: { joao: 'session 1' } }));
    await auth.idle();
    expect(onDisk(secret).session).toEqual({ maria: 'session 3', joao: 'session 1' });
  });

  it('let go, it writes nothing more; loaded again, it is what the disk had', async () => {
    const secret = memorySecret();
    const auth = await PhoneAuthState.load(baileys, secret);
    const keys = keysOf(auth);
    await keys.set({ session: { maria: 'session 1' } });
    await auth.idle();
    auth.opening('M1');
    await decryptingFor.run('M1', () => keys.set({ session: { maria: 'session 2' } }));
    await auth.close();
    auth.stored(['M1']);
    await keys.set({ session: { joao: 'session 1' } });
    await new Promise((r) => setTimeout(r, 30));
    expect(onDisk(secret)).toEqual({ session: { maria: 'session 1' } });
    const again = await PhoneAuthState.load(baileys, secret);
    expect(await keysOf(again).get('session', ['maria', 'joao'])).toEqual({ maria: 'session 1' });
  });
});
