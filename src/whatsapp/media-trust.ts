// Trusting a media host's certificate without trusting it anywhere else. Baileys uploads media
// through node:https with the socket's `fetchAgent`, and downloads it with the global fetch and a
// `dispatcher`: both get an agent whose only trust anchor is the given certificate, so only
// Baileys' media traffic trusts it, and only when a daemon was told to (GURU_WA_TRUST, the demo
// pointed at its simulator). Without it nothing here is loaded and Baileys uses WhatsApp's hosts
// with the system's CAs.
import { Agent as HttpsAgent } from 'node:https';
import type { Agent as UndiciAgent } from 'undici';

export interface MediaAgents {
  /** makeWASocket's `fetchAgent`: Baileys' media uploads. */
  fetchAgent: HttpsAgent;
  /**
   * For downloads: `downloadMediaMessage(msg, 'stream', { options: { dispatcher } }, …)` (undici
   * 6, the major Node 20 bundles, so Node's own fetch accepts it).
   */
  dispatcher: UndiciAgent;
}

/** Agents that trust `certPem` (PEM, one or more certificates) and nothing else. */
export async function mediaAgents(certPem: string): Promise<MediaAgents> {
  const { Agent } = await import('undici');
  return {
    fetchAgent: new HttpsAgent({ ca: certPem, keepAlive: true }),
    dispatcher: new Agent({ connect: { ca: certPem } }),
  };
}
