import type { OperationContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { newId } from '../ids.js';
import { TAG_COLOURS, type State, type Tag, type TagColour } from '../model.js';
import { checkTagColour, checkTagName, findTag, sameTagName } from '../tags.js';
import { t } from '../../i18n/translate.js';

/** A tag definition as `guru tag list` shows it. */
export type TagDefinitionView = Tag;

/** A removed tag, and how many chats it was taken off. */
export type RemovedTagView = Tag & { chats: number };

/**
 * The team's tags (`guru tag`): anyone logged in reads them, defining them needs `tags.manage`.
 * Chats name tags by id, so a rename shows everywhere at once; a removal takes the tag off every
 * chat (journaled as `chat.tagged`, so a watcher's inbox drops it at once).
 */
export function tagOps(ctx: OperationContext) {
  /** Every chat wearing `tagId`, to announce (rename) or untag (remove); none outside the daemon. */
  const wearing = (tagId: string) => ctx.deps.chats?.index.all().filter((c) => c.tags?.includes(tagId)) ?? [];

  return {
    list(): Promise<TagDefinitionView[]> {
      return ctx.view(null, t`list tags`, (state) => [...state.tags].sort((a, b) => a.name.localeCompare(b.name)));
    },

    /** A new tag; without a colour, the next of TAG_COLOURS in turn, so neighbours differ. */
    async add(name: string, colour?: string): Promise<TagDefinitionView> {
      const clean = checkTagName(name);
      const chosen = colour === undefined ? null : checkTagColour(colour);
      return ctx.change('tags.manage', t`define tags`, ({ draft, now, record }) => {
        requireUniqueName(draft, clean);
        const tag: Tag = { id: newId('t'), name: clean, colour: chosen ?? TAG_COLOURS[draft.tags.length % TAG_COLOURS.length]!, createdAt: now };
        draft.tags.push(tag);
        record('tag.add', clean, { colour: tag.colour });
        return { ...tag };
      });
    },

    /** Renames a tag and/or changes its colour; every chat wearing it shows the change at once. */
    async update(ref: string, changes: { name?: string; colour?: string }): Promise<TagDefinitionView> {
      if (changes.name === undefined && changes.colour === undefined) throw invalid(t`give a new name, a colour (--colour), or both`);
      const name = changes.name === undefined ? undefined : checkTagName(changes.name);
      const colour: TagColour | undefined = changes.colour === undefined ? undefined : checkTagColour(changes.colour);
      const tag = await ctx.change('tags.manage', t`define tags`, ({ draft, record }) => {
        const found = findTag(draft, ref);
        const details: Record<string, unknown> = {};
        if (name !== undefined && name !== found.name) {
          if (!sameTagName(found.name, name)) requireUniqueName(draft, name);
          details.from = found.name;
          details.to = name;
          found.name = name;
        }
        if (colour !== undefined && colour !== found.colour) {
          details.colour = colour;
          found.colour = colour;
        }
        if (Object.keys(details).length > 0) record('tag.update', found.name, details);
        return { ...found };
      });
      await ctx.deps.chats?.announce(wearing(tag.id));
      return tag;
    },

    /** Removes a tag: the definition first (it vanishes from every view), then it is journaled off each chat. */
    async remove(ref: string): Promise<RemovedTagView> {
      const { tag, who, chats } = await ctx.change('tags.manage', t`define tags`, ({ draft, who, record }) => {
        const found = findTag(draft, ref);
        draft.tags = draft.tags.filter((tag) => tag.id !== found.id);
        const worn = wearing(found.id);
        record('tag.remove', found.name, { chats: worn.length });
        return { tag: found, who, chats: worn };
      });
      const service = ctx.deps.chats;
      if (service) {
        for (const chat of chats) {
          await service.record(chat, { type: 'chat.tagged', chatId: chat.id, add: [], remove: [tag.id], by: who.label, time: service.now() });
        }
      }
      return { ...tag, chats: chats.length };
    },
  };
}

function requireUniqueName(state: State, name: string): void {
  const same = state.tags.find((tag) => sameTagName(tag.name, name));
  if (same) throw conflict(t`a tag named "${same.name}" already exists (names ignore case and accents) — see \`guru tag list\``);
}
