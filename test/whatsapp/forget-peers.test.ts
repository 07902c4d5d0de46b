import { describe, expect, it } from 'vitest';
import { forgetPeersInSaved, peerKeysOf } from '../../src/whatsapp/auth-state.js';

const buffer = (text: string) => ({ type: 'Buffer', data: Buffer.from(text).toString('base64') });

/** A saved session as PhoneAuthState writes it (Baileys' BufferJSON): creds, then keys by type and id. */
const saved = {
  creds: { me: { id: '5511999990000:1@s.whatsapp.net' }, noiseKey: { private: buffer('secret') } },
  keys: {
    session: {
      '5511988881111.0': buffer('maria'),
      '5511988881111.3': buffer('maria web'),
      '99887766554433_1.0': buffer('maria lid'),
      '5511988882222.0': buffer('joao'),
    },
    'lid-mapping': { '5511988881111': '99887766554433', '99887766554433_reverse': '5511988881111', '5511988882222': '11223344556677' },
    'device-list': { '5511988881111': ['0', '3'], '551198888111': ['0'] },
    'pre-key': { '5511988881111': buffer('our own key, numbered by chance like her') },
    'app-state-sync-key': { AAAA: buffer('ours') },
  },
};

/** An erasure forgets what a number's WhatsApp session keeps about one person, and nothing else. */
describe('forgetting a person in a WhatsApp session', () => {
  const maria = new Set(['5511988881111', '99887766554433']);

  it('finds their sessions (number and LID, every device), LID mapping both ways and devices — not a longer or shorter number, not our own keys', () => {
    expect(peerKeysOf(saved.keys, maria)).toEqual({
      session: { '5511988881111.0': null, '5511988881111.3': null, '99887766554433_1.0': null },
      'lid-mapping': { '5511988881111': null, '99887766554433_reverse': null },
      'device-list': { '5511988881111': null },
    });
  });

  it('rewrites a saved session without them; the rest (creds, others, our keys) as it was; null when there is nothing of them', () => {
    const text = forgetPeersInSaved(JSON.stringify(saved), maria);
    expect(text).not.toBeNull();
    expect(text).not.toContain('99887766554433');
    const after = JSON.parse(text!);
    expect(after.creds).toEqual(saved.creds);
    expect(Object.keys(after.keys.session)).toEqual(['5511988882222.0']);
    expect(after.keys['lid-mapping']).toEqual({ '5511988882222': '11223344556677' });
    expect(after.keys['device-list']).toEqual({ '551198888111': ['0'] });
    expect(after.keys['pre-key']).toEqual(saved.keys['pre-key']);
    expect(forgetPeersInSaved(text!, maria)).toBeNull();
  });
});
