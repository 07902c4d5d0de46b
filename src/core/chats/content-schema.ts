import { z } from 'zod';
import { invalid } from '../errors.js';
import type { MessageContent } from './content.js';
import { t } from '../../i18n/translate.js';
import { zodIssueText } from '../../i18n/zod-issues.js';

/**
 * `MessageContent` as it may arrive from outside the engine (an API body), checked whole:
 * unknown fields and kinds are refused, so what is journaled is only what this version can show.
 */
const MAX_TEXT = 65_536;
const text = z.string().max(MAX_TEXT);
const id = z.string().min(1).max(128);
const count = z.number().int().nonnegative();
const media = {
  replyTo: id.optional(),
  mimetype: z.string().max(255).optional(),
  size: count.optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: () => t`a sha256 in lowercase hex` })
    .optional(),
};

export const messageContentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text, replyTo: id.optional() }),
  z.strictObject({ type: z.literal('image'), ...media, caption: text.optional(), width: count.optional(), height: count.optional() }),
  z.strictObject({ type: z.literal('audio'), ...media, voice: z.boolean(), duration: count.optional() }),
  z.strictObject({
    type: z.literal('video'),
    ...media,
    caption: text.optional(),
    duration: count.optional(),
    width: count.optional(),
    height: count.optional(),
    gif: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('document'), ...media, fileName: z.string().max(1024).optional(), caption: text.optional(), pages: count.optional() }),
  z.strictObject({ type: z.literal('sticker'), ...media, animated: z.boolean().optional(), width: count.optional(), height: count.optional() }),
  z.strictObject({
    type: z.literal('location'),
    replyTo: id.optional(),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1024).optional(),
    address: z.string().max(1024).optional(),
    live: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('contact'),
    replyTo: id.optional(),
    contacts: z
      .array(z.strictObject({ name: z.string().max(1024), phones: z.array(z.string().max(64)).max(50) }))
      .min(1)
      .max(100),
  }),
  z.strictObject({ type: z.literal('reaction'), target: id, emoji: z.string().max(32) }),
  z.strictObject({ type: z.literal('edit'), target: id, text }),
  z.strictObject({ type: z.literal('delete'), target: id }),
]) satisfies z.ZodType<MessageContent>;

const shape = () =>
  t`a message's content is {"type": "text", "text": "…"}, or the type is one of image, audio, video, document, sticker, location, contact, reaction, edit, delete`;

/** Checks content from outside; a refusal names what was wrong. */
export function parseContent(value: unknown): MessageContent {
  const result = messageContentSchema.safeParse(value, { error: zodIssueText });
  if (result.success) return result.data as MessageContent;
  const issue = result.error.issues[0]!;
  if (issue.path.length === 0 && issue.code === 'invalid_type') throw invalid(t`content: expected an object — ${shape()}`);
  if (issue.path.length === 1 && issue.path[0] === 'type') throw invalid(t`content.type: not a kind of message — ${shape()}`);
  throw invalid(`${issue.path.length ? `content.${issue.path.join('.')}` : 'content'}: ${issue.message}`);
}
