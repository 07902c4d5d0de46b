import { Box } from 'ink';
import { Text } from './Text.js';
import { fit } from '../format.js';
import { contextLabel, helpRows, helpTitle } from '../keys.js';
import { theme } from '../theme.js';

/** The rows, with the group's name on its first row only (built when shown: in the reader's language). */
function rows() {
  return helpRows().map((row, i, all) => ({ ...row, group: i > 0 && all[i - 1]!.where === row.where ? '' : contextLabel(row.where) }));
}

/** Every key, straight from keys.ts (so the help can never disagree with the bindings). */
export function Help({ width, height }: { width: number; height: number }) {
  const keyWidth = Math.min(20, Math.floor(width / 3));
  const room = Math.max(1, height - 1);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={theme.accent}>
        {fit(helpTitle(), width)}
      </Text>
      {rows()
        .slice(0, room)
        .map((row) => (
          <Text key={`${row.where}${row.keys}`} wrap="truncate">
            <Text color={theme.accent}>{row.group.padEnd(10)}</Text>
            {fit(row.keys, keyWidth).padEnd(keyWidth + 1)}
            <Text color={theme.muted}>{fit(row.what, Math.max(4, width - keyWidth - 11))}</Text>
          </Text>
        ))}
    </Box>
  );
}
