import { Box } from 'ink';
import { Text } from './Text.js';
import { availabilityWord } from '../../core/availability.js';
import { linkStateWord } from '../../core/link.js';
import { formatElapsed } from '../../i18n/format.js';
import { t } from '../../i18n/translate.js';
import { clock, fit } from '../format.js';
import type { PanelData } from '../state/inbox.js';
import { theme } from '../theme.js';

const since = (iso: string | null, now: Date) => (iso === null ? '—' : formatElapsed((now.getTime() - Date.parse(iso)) / 1000));

/** Columns: a name, then right-aligned figures. */
function line(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? fit(cell, widths[0]!).padEnd(widths[0]!) : fit(cell, widths[i]!).padStart(widths[i]!))).join(' ');
}

/**
 * The team panel (`P`, reports.view): who is available and how much each holds, whose customer
 * waits longest, per agent and per department; the unassigned backlog; and per number its link,
 * the rodízio's next pick and its health. Loaded again as the watch stream reports changes.
 */
export function Panel({ data, width, height, now = new Date() }: { data: PanelData | null; width: number; height: number; now?: Date }) {
  if (!data) {
    return (
      <Box width={width} height={height} alignItems="center" justifyContent="center">
        <Text color={theme.muted}>{t`loading the team panel…`}</Text>
      </Box>
    );
  }
  const { team, health } = data;
  const name = Math.max(12, width - 4 * 9 - 4);
  const agentWidths = [name, 8, 6, 8, 12];
  const rows: { key: string; text: string; color?: string; bold?: boolean }[] = [];
  const head = (key: string, text: string) => rows.push({ key, text, color: theme.accent, bold: true });
  head('agents', line([t`Agent`, t`Status`, t`Open`, t`Waiting`, t`Longest`], agentWidths));
  for (const a of team.agents) {
    rows.push({
      key: `a${a.email}`,
      text: line([a.email, availabilityWord(a.availability), String(a.open), String(a.waiting), since(a.longestWaitSince, now)], agentWidths),
    });
  }
  if (team.departments.length > 0) {
    head('depts', line([t`Department`, '', t`Open`, t`Waiting`, t`Longest`], agentWidths));
    for (const d of team.departments) {
      rows.push({ key: `d${d.name}`, text: line([d.name, '', String(d.open), String(d.waiting), since(d.longestWaitSince, now)], agentWidths) });
    }
  }
  const u = team.unassigned;
  rows.push({
    key: 'unassigned',
    text: t`Unassigned: ${u.open} open, ${u.waiting} waiting for the rodízio, oldest ${since(u.oldestSince, now)}`,
    ...(u.waiting > 0 ? { color: theme.warning } : {}),
  });
  const phoneWidths = [Math.max(14, width - 12 - 22 - 7 - 7 - 9 - 5), 12, 22, 7, 7, 9];
  head('phones', line([t`Number`, t`State`, t`Next pick`, t`Drops`, t`Undecr.`, t`Outbox`], phoneWidths));
  for (const p of team.phones) {
    const h = health.find((x) => x.number === p.number);
    const state = h ? linkStateWord(h.state) : '—';
    const cells = [
      p.label ? `${p.number} ${p.label}` : p.number,
      state,
      p.nextPick ?? t`nobody`,
      String(h?.disconnects.count ?? 0),
      String(h?.decrypt.failed ?? 0),
      h ? `${h.outbox.pending}/${h.outbox.failed}` : '—',
    ];
    rows.push({ key: `p${p.number}`, text: line(cells, phoneWidths), ...(h && h.state !== 'connected' ? { color: theme.error } : {}) });
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={theme.accent}>
        {fit(t`Team panel · ${clock(data.at)} · live — P or Esc closes`, width)}
      </Text>
      {rows.slice(0, Math.max(1, height - 1)).map((row) => (
        <Text key={row.key} wrap="truncate" {...(row.color ? { color: row.color } : {})} {...(row.bold ? { bold: true } : {})}>
          {fit(row.text, width)}
        </Text>
      ))}
    </Box>
  );
}
