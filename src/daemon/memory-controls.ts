import { serviceOperation as service, type Zod } from '../api/declare.js';
import { parseContent } from '../core/chats/content-schema.js';
import { textContent } from '../core/chats/content.js';
import type { Engine } from '../core/engine.js';
import { GuruError, invalid } from '../core/errors.js';
import { findPhone } from '../core/lookup.js';
import { MemoryTransport, type SentMessage } from '../whatsapp/memory-transport.js';
import type { Transport } from '../whatsapp/transport.js';
import type { RouteHook } from './routes.js';
import { t } from '../i18n/translate.js';

/**
 * The in-memory transport's controls, for tests and benchmarks: customers "write", receipts
 * "arrive", the outbox is read. Loaded (`await import`) and registered only when the daemon
 * runs with GURU_TRANSPORT=memory; the production router never carries them.
 */
const phone = (z: Zod) => z.string();
const ok = (z: Zod) => z.object({ ok: z.literal(true) });

export const MEMORY_CONTROLS = {
  inject: service<[phone: string, message: InjectedMessage], { ok: true; newChat: boolean }, 'owner'>()({
    method: 'POST',
    path: '/v1/memory-transport/:phone/messages',
    needs: 'owner',
    stream: false,
    input: (z) =>
      z.object({
        body: z.object({
          from: z.string(),
          // `text` is short for text content; `content` is any kind (an image, a place, a reaction…).
          text: z.string().optional(),
          content: z.unknown().optional(),
          id: z.string().optional(),
          fromPhone: z.string().optional(),
          pushName: z.string().optional(),
          time: z.string().optional(),
          fromMe: z.boolean().optional(),
          // A media message's file, base64: what the customer's phone would have uploaded (small: the body is capped).
          media: z.base64().optional(),
        }),
      }),
    output: (z) => z.object({ ok: z.literal(true), newChat: z.boolean() }),
    encode: (number, { content, media, ...message }) => ({
      params: { phone: number },
      body: { ...message, content, ...(media ? { media: Buffer.from(media).toString('base64') } : {}) },
    }),
    decode: ({ body: { text, content, media, ...message } }, p) => {
      if ((text === undefined) === (content === undefined))
        throw invalid(t`invalid request body — expected "text": string or "content": {"type": …}, not both`);
      const bytes = media === undefined ? {} : { media: Buffer.from(media, 'base64') };
      return [p.phone ?? '', { ...message, ...bytes, content: text !== undefined ? textContent(text) : parseContent(content) }];
    },
  }),
  outbox: service<[phone: string], SentMessage[], 'owner'>()({
    method: 'GET',
    path: '/v1/memory-transport/:phone/outbox',
    needs: 'owner',
    stream: false,
    output: (z) => z.array(z.object({ to: phone(z), text: z.string(), content: z.object({ type: z.string() }), id: z.string(), time: z.string() })),
    encode: (number) => ({ params: { phone: number } }),
    decode: (_, p) => [p.phone ?? ''],
  }),
  receipt: service<[phone: string, id: string, status: 'delivered' | 'read'], { ok: true }, 'owner'>()({
    method: 'POST',
    path: '/v1/memory-transport/:phone/receipts',
    needs: 'owner',
    stream: false,
    input: (z) => z.object({ body: z.object({ id: z.string(), status: z.enum(['delivered', 'read']) }) }),
    output: ok,
    encode: (number, id, status) => ({ params: { phone: number }, body: { id, status } }),
    decode: ({ body }, p) => [p.phone ?? '', body.id, body.status],
  }),
};

export type InjectedMessage = Parameters<MemoryTransport['inject']>[0];

export interface MemoryControlDeps {
  engine: Engine;
  transport(phone: string): Transport | undefined;
}

export function registerMemoryControls(hook: RouteHook, deps: MemoryControlDeps): void {
  const memoryTransport = async (number: string): Promise<MemoryTransport> => {
    const transport = deps.transport(findPhone(await deps.engine.deps.state.read(), number).number);
    if (!(transport instanceof MemoryTransport)) {
      throw new GuruError('not_found', t`the in-memory transport is not running (start the daemon with GURU_TRANSPORT=memory)`);
    }
    return transport;
  };
  hook.serve(MEMORY_CONTROLS.inject, async (_owner, number, message) => {
    const transport = await memoryTransport(number);
    const chatsBefore = deps.engine.chats.index.size;
    await transport.inject(message);
    return { ok: true, newChat: deps.engine.chats.index.size > chatsBefore };
  });
  hook.serve(MEMORY_CONTROLS.outbox, async (_owner, number) => (await memoryTransport(number)).outbox);
  hook.serve(MEMORY_CONTROLS.receipt, async (_owner, number, id, status) => {
    await (await memoryTransport(number)).deliver(id, status);
    return { ok: true };
  });
}
