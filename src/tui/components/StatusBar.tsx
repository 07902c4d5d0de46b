import { Box } from 'ink';
import { Text } from './Text.js';
import type { PhoneStatus } from '../../api/protocol.js';
import { fit } from '../format.js';
import { linkColor, theme } from '../theme.js';
import { linkStateWord } from '../../core/link.js';
import { t } from '../../i18n/translate.js';

export interface StatusBarProps {
  phones: PhoneStatus[];
  online: string[];
  /** False while the daemon is out of reach: what it last said about phones no longer holds. */
  daemonUp?: boolean;
  notice: { kind: 'error' | 'info'; text: string } | null;
  hints: string;
  width: number;
}

/** The error/info line, each phone's link state, who is online, and the keys that work now. */
export function StatusBar({ phones, online, daemonUp = true, notice, hints, width }: StatusBarProps) {
  const people = t`${online.length} online`;
  return (
    <Box flexDirection="column" width={width}>
      <Text color={notice?.kind === 'error' ? theme.error : theme.success} wrap="truncate">
        {notice ? fit(`${notice.kind === 'error' ? '✗ ' : '✓ '}${notice.text}`, width) : ' '}
      </Text>
      {daemonUp ? null : (
        <Text color={theme.error} wrap="truncate">
          {fit(t`● daemon unreachable — phones and presence unknown until it is back`, width)}
        </Text>
      )}
      <Box display={daemonUp ? 'flex' : 'none'}>
        {phones.length === 0 ? <Text color={theme.muted}>{`${t`no phones`} `}</Text> : null}
        {phones.map((p) => (
          <Text key={p.number}>
            <Text color={linkColor(p.linkState)}>● </Text>
            <Text>{`${p.label ?? p.number} ${linkStateWord(p.linkState)}  `}</Text>
          </Text>
        ))}
        <Text color={theme.muted} wrap="truncate">
          {fit(`${people}${online.length ? `: ${online.join(', ')}` : ''}`, Math.max(8, width - phones.length * 30))}
        </Text>
      </Box>
      <Text color={theme.muted} wrap="truncate">
        {fit(hints, width)}
      </Text>
    </Box>
  );
}
