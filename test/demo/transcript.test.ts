import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../src/core/chats/views.js';
import { transcriptLine } from '../../src/demo/transcript.js';

const at = new Date('2026-12-02T10:11:12Z');
const photo = (media: MessageView['media']): MessageView => ({
  id: 'M1',
  direction: 'in',
  text: '📷 image',
  content: { type: 'image', mimetype: 'image/jpeg', size: 3728 },
  time: at.toISOString(),
  author: null,
  status: null,
  ...(media ? { media } : {}),
});
const chat = { name: 'Rafael Nunes', customer: '+5521987650003' } as never;

describe("the demo transcript's media lines", () => {
  it('says when the daemon kept a customer’s file, its size and the start of its sha256', () => {
    const sha256 = `f16228e28f22${'0'.repeat(52)}`;
    expect(transcriptLine({ type: 'media', chat, message: photo({ state: 'stored', sha256, size: 3728 }) }, at)).toBe(
      "10:11:12  media     Rafael Nunes's photo kept by the daemon (3.6 KB, sha256 f16228e28f22…)",
    );
  });

  it('and why it was not kept', () => {
    expect(transcriptLine({ type: 'media', chat, message: photo({ state: 'unavailable', reason: 'the link expired' }) }, at)).toBe(
      "10:11:12  media     Rafael Nunes's photo not kept: the link expired",
    );
  });
});
