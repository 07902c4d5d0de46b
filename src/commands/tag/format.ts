import type { Column } from '../../cli/table.js';
import { TAG_COLOURS } from '../../core/model.js';
import type { TagDefinitionView } from '../../core/ops/tags.js';
import { t } from '../../i18n/translate.js';

/** The columns of the tags' list, in the reader's language (a function: `t` runs once the language is chosen). */
export function tagColumns(): Column<TagDefinitionView>[] {
  return [
    { header: t`Name`, cell: (tag) => tag.name },
    { header: t`Colour`, cell: (tag) => tag.colour },
    { header: t`Created`, cell: (tag) => ({ time: tag.createdAt }) },
  ];
}

/** What `--colour` takes, for help texts (the colour names are what the flag takes: never translated). */
export function colourHelp(): string {
  return t`one of ${TAG_COLOURS.join(', ')}`;
}
