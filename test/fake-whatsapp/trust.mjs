// Test-only preload: `node --import <this file>` with GURU_TEST_WA_TRUST=<publicKeyHex>:<serial>
// makes Baileys (resolved from /work/main, the same module instance the app imports later)
// trust the root key of a local FakeWhatsApp server. Without the env var it does nothing.
// Cost: importing Baileys eagerly (~0.5-1 s) in every process that gets this NODE_OPTIONS.
const trust = process.env.GURU_TEST_WA_TRUST;
if (trust) {
  const [hex, serial] = trust.split(':');
  if (!hex || !/^[0-9a-f]{64}$/i.test(hex) || !serial || !/^\d+$/.test(serial)) {
    throw new Error(`GURU_TEST_WA_TRUST must be <32-byte public key hex>:<serial>, got ${trust}`);
  }
  const { WA_CERT_DETAILS } = await import('@whiskeysockets/baileys');
  WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(hex, 'hex');
  WA_CERT_DETAILS.SERIAL = Number(serial);
}
