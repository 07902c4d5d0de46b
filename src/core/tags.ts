import { invalid, notFound } from './errors.js';
import { TAG_COLOURS, type State, type Tag, type TagColour } from './model.js';
import { foldCaseAndAccents, normalizeName } from './validate.js';
import { t } from '../i18n/translate.js';

/** A tag as chats show it: the definition's name and colour (chats name tags by id). */
export interface TagView {
  id: string;
  name: string;
  colour: TagColour;
}

/** How `guru chat list --tag A,B` combines the tags: chats wearing all of them, any of them, or none. */
export type TagMode = 'all' | 'any' | 'none';
export const TAG_MODES: readonly TagMode[] = ['all', 'any', 'none'];

export const MAX_TAG_NAME = 40;

/**
 * Two tag names are the same tag when they differ only in case or accents ("urgente" is
 * "Urgente" is "Urgênte"): agents type them from memory, in a hurry.
 */
export function sameTagName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}

/** A name folded for matching a prefix (the inbox's `#urg` search): lower case, no accents, no spaces. */
export function foldTagName(name: string): string {
  return foldCaseAndAccents(name).replace(/\s+/g, '');
}

/**
 * A new tag's name: one line of plain text, at most MAX_TAG_NAME characters, no comma (lists
 * of tags are comma-separated: `--tag A,B`) and not starting with `+`, `-` or `#` (`guru chat
 * tag <chat> +A -B`, the inbox's `#tag` search).
 */
export function checkTagName(raw: string): string {
  const name = normalizeName(raw, t`tag name`, MAX_TAG_NAME);
  if (name.includes(',')) throw invalid(t`tag name "${name}" must not contain a comma (lists of tags are written A,B)`);
  if (/^[+\-#]/.test(name)) throw invalid(t`tag name "${name}" must not start with +, - or # (they add, remove and search tags)`);
  return name;
}

export function checkTagColour(raw: string): TagColour {
  const colour = raw.trim().toLowerCase();
  if (!(TAG_COLOURS as readonly string[]).includes(colour)) throw invalid(t`"${raw}" is not a tag colour — use one of ${TAG_COLOURS.join(', ')}`);
  return colour as TagColour;
}

/** The team's tag by name (ignoring case and accents) or id; a clear error naming the tags there are. */
export function findTag(state: State, ref: string): Tag {
  const wanted = ref.trim();
  const tag = state.tags.find((t) => t.id === wanted) ?? state.tags.find((t) => sameTagName(t.name, wanted));
  if (tag) return tag;
  const known = state.tags.map((tag) => tag.name).join(', ');
  const which = known ? t`the tags are: ${known}` : t`there are no tags yet`;
  throw notFound(t`no tag named "${wanted}" — ${which} (\`guru tag add <name>\` makes one)`);
}

/** The tags a chat wears, as views, in the order they were put on; ids of tags since removed are left out. */
export function tagViews(state: State, ids: readonly string[] | undefined): TagView[] {
  if (!ids || ids.length === 0) return [];
  const out: TagView[] = [];
  for (const id of ids) {
    const tag = state.tags.find((t) => t.id === id);
    if (tag) out.push({ id: tag.id, name: tag.name, colour: tag.colour });
  }
  return out;
}

/** Whether a chat wearing `worn` passes `--tag wanted --tag-mode mode`. */
export function tagsMatch(worn: readonly string[] | undefined, wanted: readonly string[], mode: TagMode): boolean {
  const has = (id: string) => worn?.includes(id) === true;
  switch (mode) {
    case 'all':
      return wanted.every(has);
    case 'any':
      return wanted.some(has);
    case 'none':
      return !wanted.some(has);
  }
}
