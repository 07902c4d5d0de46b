import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { MemoryTransport } from '../src/whatsapp/memory-transport.js';
import { ROOT } from './lib.js';

/** One inbound message as the in-memory transport takes it. */
export interface InboundRecord {
  id: string;
  from: string;
  content: { type: 'text'; text: string };
}

/** `total` customer messages with ids `prefix0…`, spread over `customers` customers. */
export function customerMessages(total: number, customers: number, prefix = 'BENCH'): InboundRecord[] {
  return Array.from({ length: total }, (_, i) => ({
    id: `${prefix}${i}`,
    from: `55119${String(i % customers).padStart(8, '0')}@s.whatsapp.net`,
    content: { type: 'text' as const, text: `Olá! Mensagem ${i}: gostaria de saber o status do meu pedido, por favor.` },
  }));
}

/** Customers write every record, 512 at a time (far faster than any phone delivers); resolves when all are stored. */
export async function injectAll(transport: MemoryTransport, records: InboundRecord[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 512 }, async () => {
      while (next < records.length) await transport.inject(records[next++]!);
    }),
  );
}

/**
 * `count` watch streams in another process (as inboxes are), through `where` (a socket path, or
 * a JSON endpoint), stream i with token i mod their number; resolves once they are all open.
 * `allSeen` resolves when every stream has had `total` messages.
 */
export async function startWatchers(where: string, tokens: string[], count: number, total: number): Promise<{ allSeen(): Promise<void>; stop(): void }> {
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'watchers.mjs'), where, tokens.join(','), String(count), String(total)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const until = async (word: string, ms: number) => {
    while (!output.includes(word)) {
      if (child.exitCode !== null) throw new Error(`the watchers exited before "${word}"`);
      await new Promise((r) => setTimeout(r, ms));
    }
  };
  if (count > 0) await until('ready', 10);
  return { allSeen: () => (count > 0 ? until('done', 5) : Promise.resolve()), stop: () => child.kill() };
}
