import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

  it("GURU_WA_TRUST's third part, the media host's certificate in base64 DER, reaches the phones as PEM", () => {
    const pem = readFileSync(new URL('../fixtures/tls/first.cert.pem', import.meta.url), 'utf8');
    const der = new X509Certificate(pem).raw.toString('base64');
    const trust = daemonSettings({}, { GURU_WA_TRUST: `${key}:7:${der}` }).phones.trust;
    expect(trust).toMatchObject({ publicKeyHex: key, serial: 7 });
    expect(new X509Certificate(trust!.mediaCertPem!).fingerprint256).toBe(new X509Certificate(pem).fingerprint256);
    expect(daemonSettings({}, { GURU_WA_TRUST: `${key}:7` }).phones.trust).not.toHaveProperty('mediaCertPem');
    expect(() => daemonSettings({}, { GURU_WA_TRUST: `${key}:7:bm90IGEgY2VydA==` })).toThrow(/media host's certificate in base64 DER/);
    expect(() => daemonSettings({}, { GURU_WA_TRUST: `${key}:7:***` })).toThrow(/media host's certificate in base64 DER \(not base64\)/);
    expect(() => daemonSettings({}, { GURU_WA_TRUST: `${key}:7:${der}:extra` })).toThrow(/GURU_WA_TRUST must be/);
  });

  it('a malformed GURU_WA_TRUST is a usage error naming the expected form', () => {
    expect(() => daemonSettings({}, { GURU_WA_TRUST: 'nope' })).toThrow(/GURU_WA_TRUST must be <32-byte public key in hex>:<serial>/);
    expect(() => daemonSettings({}, { GURU_WA_TRUST: `${key}:x` })).toThrow(/GURU_WA_TRUST/);
  });
});
