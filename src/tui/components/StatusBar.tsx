import { Box } from 'ink';
import { Text } from './Text.js';
import type { PhoneStatus } from '../../api/protocol.js';
import { fit } from '../format.js';
import { linkColor, theme } from '../theme.js';
import { linkStateWord } from '../../core/link.js';
import { availabilityWord, presenceList } from '../../core/availability.js';
import type { Availability } from '../../core/model.js';
import type { StatusChoice } from '../../core/ops/status.js';
import { t } from '../../i18n/translate.js';

export interface StatusBarProps {
  phones: PhoneStatus[];
  online: string[];
  /** What each connected colleague shows (busy, away…), by email. */
  availability?: Readonly<Record<string, Availability>>;
  /** What I said (`A`), shown first; null until known. */
  mine?: { status: StatusChoice; auto: boolean } | null;
  /** False while the daemon is out of reach: what it last said about phones no longer holds. */
  daemonUp?: boolean;
  notice: { kind: 'error' | 'info'; text: string } | null;
  hints: string;
  width: number;
}

/** The error/info line, each phone's link state, who is online, and the keys that work now. */
export function StatusBar({ phones, online, availability = {}, mine = null, daemonUp = true, notice, hints, width }: StatusBarProps) {
  const people = t`${online.length} online`;
  const myWord = mine ? (mine.auto ? t`${availabilityWord(mine.status)} (automatic)` : availabilityWord(mine.status)) : null;
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
        {myWord ? (
          <Text>
            <Text color={mine?.status === 'online' ? theme.success : mine?.status === 'busy' ? theme.warning : theme.muted}>● </Text>
            <Text>{`${t`you: ${myWord}`}  `}</Text>
          </Text>
        ) : null}
        <Text color={theme.muted} wrap="truncate">
          {fit(
            `${people}${online.length ? `: ${presenceList(online, availability)}` : ''}`,
            Math.max(8, width - phones.length * 30 - (myWord ? [...t`you: ${myWord}`].length + 4 : 0)),
          )}
        </Text>
      </Box>
      <Text color={theme.muted} wrap="truncate">
        {fit(hints, width)}
      </Text>
    </Box>
  );
}
