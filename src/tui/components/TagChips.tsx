import { Text } from './Text.js';
import type { TagView } from '../../core/tags.js';
import { fit } from '../format.js';

/** How wide `TagChips` draws these tags within `width` columns (0 for none), for the layout around them. */
export function tagChipsWidth(tags: readonly TagView[], width: number): number {
  return tags.length === 0 ? 0 : Math.min(width, chipsText(tags).length);
}

function chipsText(tags: readonly TagView[]): string {
  return tags.map((t) => ` #${t.name}`).join('');
}

/**
 * A chat's tags as ` #Urgente #Novo`, each in its colour, cut to `width` columns (the last one
 * shortened with …, those past it left out). Names are sanitised by `Text` like any field.
 */
export function TagChips({ tags, width }: { tags: readonly TagView[]; width: number }) {
  if (tags.length === 0 || width <= 0) return null;
  let left = width;
  const chips: { key: string; text: string; colour: string }[] = [];
  for (const tag of tags) {
    if (left <= 0) break;
    const text = fit(` #${tag.name}`, left);
    chips.push({ key: tag.id, text, colour: tag.colour });
    left -= text.length;
  }
  return (
    <Text wrap="truncate">
      {chips.map((c) => (
        <Text key={c.key} color={c.colour}>
          {c.text}
        </Text>
      ))}
    </Text>
  );
}
