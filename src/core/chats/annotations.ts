import { describeContent, isAnnotation, type MessageContent } from './content.js';
import type { MessageView, ReactionFrom } from './views.js';

/**
 * Reactions, edits and deletions are messages of their own in the journal (WhatsApp sends them
 * so), but people read them on the message they are about. This folds them there, over a list
 * of messages in the order they came (a chat's history, or what a screen holds):
 *
 * - a reaction joins the target's `reactions` — the latest per WhatsApp account, as WhatsApp
 *   shows them: one for the customer and one for the business (a colleague's reaction replaces
 *   another's: they all react as the company's number); an empty emoji takes it back;
 * - an edit replaces the target's words (`text`, and the text or caption in `content`), sets
 *   `edited`, and keeps the first words in `original`;
 * - a deletion for everyone keeps the message, marked `deleted` (the team still reads it: the
 *   customer deleted it, or someone did on the phone — as `direction` says).
 *
 * Only the sender of a message can edit or delete it: an edit or deletion from the other side
 * (a forged protocol message naming our message's id) is not applied — it stays as a line of its
 * own, as does any annotation whose target is not in the list (older than the page shown). A
 * reply gets `replyTo`: the quoted message's id and words, from the list or from `lookup`.
 */
export function foldAnnotations(messages: readonly MessageView[], lookup?: (id: string) => string | undefined): MessageView[] {
  const byId = new Map<string, MessageView>();
  const folded: MessageView[] = [];
  for (const message of messages) {
    if (isAnnotation(message.content)) continue;
    const copy: MessageView = { ...message };
    byId.set(copy.id, copy);
  }
  const words = (id: string) => byId.get(id)?.text ?? lookup?.(id);
  for (const message of messages) {
    const content = message.content;
    if (!isAnnotation(content)) {
      folded.push(byId.get(message.id) ?? message);
      continue;
    }
    const target = byId.get(content.target);
    if (target && annotate(target, message, content)) continue;
    // Not folded: a line of its own, quoting what it is about when that can be found.
    folded.push({ ...message, text: describeContent(content, words) });
  }
  for (const message of folded) {
    const replyTo = 'replyTo' in message.content ? message.content.replyTo : undefined;
    if (replyTo !== undefined) message.replyTo = { id: replyTo, text: words(replyTo) ?? null };
  }
  return folded;
}

/** Applies one annotation to its target; false when it does not apply (and stays a line of its own). */
function annotate(target: MessageView, by: MessageView, content: Extract<MessageContent, { type: 'reaction' | 'edit' | 'delete' }>): boolean {
  // An internal note never went to WhatsApp: nothing from there can be about it.
  if (target.direction === 'note') return false;
  switch (content.type) {
    case 'reaction': {
      const others = (target.reactions ?? []).filter((r) => side(r.from) !== by.direction);
      const reactions = content.emoji ? [...others, { emoji: content.emoji, from: reactionFrom(by), time: by.time }] : others;
      if (reactions.length > 0) target.reactions = reactions;
      else delete target.reactions;
      return true;
    }
    case 'edit': {
      if (target.direction !== by.direction) return false;
      const edited = withWords(target.content, content.text);
      if (!edited) return false;
      target.original ??= wordsOf(target.content) ?? '';
      target.content = edited;
      target.text = describeContent(edited);
      target.edited = true;
      return true;
    }
    case 'delete':
      if (target.direction !== by.direction) return false;
      target.deleted = true;
      return true;
  }
}

function reactionFrom(by: MessageView): ReactionFrom {
  if (by.direction === 'in') return 'customer';
  return by.author ? { email: by.author.email, name: by.author.name } : 'phone';
}

function side(from: ReactionFrom): 'in' | 'out' {
  return from === 'customer' ? 'in' : 'out';
}

/** The words an edit can change: a text's, or a captioned file's caption. */
function wordsOf(content: MessageContent): string | undefined {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'image':
    case 'video':
    case 'document':
      return content.caption;
    default:
      return undefined;
  }
}

/** The content with its words replaced by an edit's, or null for a kind that has no words to edit. */
function withWords(content: MessageContent, text: string): MessageContent | null {
  switch (content.type) {
    case 'text':
      return { ...content, text };
    case 'image':
    case 'video':
    case 'document':
      return { ...content, caption: text };
    default:
      return null;
  }
}
