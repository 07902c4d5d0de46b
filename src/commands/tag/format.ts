import type { Column } from '../../cli/table.js';
import { TAG_COLOURS } from '../../core/model.js';
import type { TagDefinitionView } from '../../core/ops/tags.js';

export const tagColumns: Column<TagDefinitionView>[] = [
  { header: 'Name', cell: (t) => t.name },
  { header: 'Colour', cell: (t) => t.colour },
  { header: 'Created', cell: (t) => ({ time: t.createdAt }) },
];

/** What `--colour` takes, for help texts. */
export const COLOUR_HELP = `one of ${TAG_COLOURS.join(', ')}`;
