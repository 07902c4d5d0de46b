import { describe, expect, it } from 'vitest';
import { daemonSettings } from '../../src/commands/daemon/run.js';

describe('daemon settings from the environment', () => {
  const key = 'ab'.repeat(32);

  it('GURU_WA_TRUST=<key hex>:<serial> reaches the phones (the demo trusting its simulator); absent, nothing is trusted', () => {
    expect(daemonSettings({}, { GURU_WA_URL: 'ws://127.0.0.1:1/ws', GURU_WA_TRUST: `${key}:7` }).phones).toMatchObject({
      waUrl: 'ws://127.0.0.1:1/ws',
      trust: { publicKeyHex: key, serial: 7 },
    });
    expect(daemonSettings({}, {}).phones).not.toHaveProperty('trust');
  });

  it('a malformed GURU_WA_TRUST is a usage error naming the expected form', () => {
    expect(() => daemonSettings({}, { GURU_WA_TRUST: 'nope' })).toThrow(/GURU_WA_TRUST must be <32-byte public key in hex>:<serial>/);
    expect(() => daemonSettings({}, { GURU_WA_TRUST: `${key}:x` })).toThrow(/GURU_WA_TRUST/);
  });
});
