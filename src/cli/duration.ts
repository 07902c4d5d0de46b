import { InvalidArgumentError } from 'commander';
import { t } from '../i18n/translate.js';

const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

/** Parses a human duration for commander (`30m`, `12h`, `7d`, `90s`) as milliseconds, with a message naming the flag. */
export function durationArg(flag: string) {
  return (value: string): number => {
    const match = /^\s*(\d{1,9})\s*([dhms])\s*$/i.exec(value);
    if (!match) throw new InvalidArgumentError(t`${flag} must be a duration such as 30m, 12h or 7d (got "${value.slice(0, 40)}")`);
    return Number(match[1]) * UNITS[match[2]!.toLowerCase() as keyof typeof UNITS];
  };
}

/** Milliseconds as the largest whole unit that fits exactly: 43200000 → "12h", 5400000 → "90m". */
export function formatDuration(ms: number): string {
  for (const [unit, size] of Object.entries(UNITS)) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
