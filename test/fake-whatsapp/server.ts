// The fake WhatsApp server now ships with the product as its simulator (src/simulator, used by
// `guru demo`); the tests keep importing it from here, plus the test-only trust preload.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FakeWhatsApp } from '../../src/whatsapp/simulator/server.js';

export * from '../../src/whatsapp/simulator/server.js';

const TRUST_PRELOAD = fileURLToPath(new URL('./trust.mjs', import.meta.url));

/**
 * Env for a child process that must trust this server's root key but has no GURU_WA_TRUST
 * setting (e.g. a bare Baileys client): spread into the child's env. NODE_OPTIONS preloads
 * trust.mjs (appended to any NODE_OPTIONS in `base`), which imports Baileys and sets
 * WA_CERT_DETAILS from GURU_TEST_WA_TRUST. The Guru daemon takes GURU_WA_TRUST=trustSetting(server).
 */
export const trustEnv = (server: Pick<FakeWhatsApp, 'trust'>, base: NodeJS.ProcessEnv = process.env): { NODE_OPTIONS: string; GURU_TEST_WA_TRUST: string } => ({
  NODE_OPTIONS: [base.NODE_OPTIONS, `--import ${pathToFileURL(TRUST_PRELOAD).href}`].filter(Boolean).join(' '),
  GURU_TEST_WA_TRUST: `${server.trust.publicKeyHex}:${server.trust.serial}`,
});
