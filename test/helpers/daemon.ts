import { join } from 'node:path';
import { DaemonClient } from '../../src/client/http.js';
import type { MessageContent } from '../../src/core/chats/content.js';
import { readFileSync } from 'node:fs';
import { guru, guruOk, type RunOptions } from './guru.js';

/** Starts the real daemon (`guru daemon start [args]`) for `home`; returns its pid, network door and a stopper. */
export async function startDaemon(home: string, options: RunOptions = {}, args: string[] = []) {
  await guruOk(home, ['daemon', 'start', ...args], options);
  const status = JSON.parse((await guruOk(home, ['daemon', 'status', '--json'], options)).stdout) as {
    pid: number;
    listen: { address: string; tls: boolean; fingerprint: string | null } | null;
  };
  return {
    pid: status.pid,
    listen: status.listen,
    /** Graceful stop; falls back to SIGKILL so a failing test never leaks a daemon. */
    stop: async () => {
      const result = await guru(home, ['daemon', 'stop'], options);
      if (result.code !== 0) {
        try {
          process.kill(status.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

export function ownerToken(home: string): string {
  return readFileSync(join(home, 'owner.token'), 'utf8').trim();
}

/** A raw API client for `home`'s daemon with the given token (null: none). */
export function apiClient(home: string, token: string | null, version = '0.1.0'): DaemonClient {
  return new DaemonClient({ socket: join(home, 'guru.sock'), token, version });
}

export { isProcessAlive as isAlive } from '../../src/cli/process-alive.js';

/** The daemon's in-memory transport, driven over the API as a test customer would be. */
export function memoryPhone(home: string, phone: string) {
  const client = apiClient(home, ownerToken(home));
  const base = `/v1/memory-transport/${encodeURIComponent(phone)}`;
  return {
    /** A customer writes (`text`, or any `content`; `media`: a media message's file); resolves once the daemon acknowledged it (durable). */
    write: ({
      media,
      ...message
    }: { from: string; id?: string; pushName?: string; fromPhone?: string; fromMe?: boolean; media?: Buffer } & (
      | { text: string }
      | { content: MessageContent }
    )) => client.request<{ ok: true; newChat: boolean }>('POST', `${base}/messages`, { ...message, ...(media ? { media: media.toString('base64') } : {}) }),
    outbox: () => client.request<{ to: string; text: string; content: MessageContent; id: string }[]>('GET', `${base}/outbox`),
    receipt: (id: string, status: 'delivered' | 'read') => client.request('POST', `${base}/receipts`, { id, status }),
  };
}
