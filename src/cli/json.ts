import { Option } from 'commander';
import type { IOStreams } from './io.js';
import { t } from '../i18n/translate.js';

/** What a command that takes `--json` finds in its options. */
export interface JsonFlag {
  json: boolean;
}

/**
 * The one `--json` flag every read (and every change that returns something) declares, as
 * gh's `cmdutil.AddJSONFlags`: the same flag and help text pattern everywhere, printed through
 * `printResult`. `what` names the value, translated by the caller: `jsonFlag(t`the new user`)` →
 * "print the new user as JSON".
 */
export function jsonFlag(what?: string): Option {
  return new Option('--json', what ? t`print ${what} as JSON` : t`print as JSON`).default(false);
}

/** `--json` for a command that streams: one JSON value per line (NDJSON); `help` says what the lines are. */
export function jsonLinesFlag(help: string): Option {
  return new Option('--json', help).default(false);
}

/**
 * A command's result, routed through the IO object: with `--json`, the value as JSON (exact
 * text; pretty, or one line per value for a stream); otherwise `human` prints it for people —
 * a table (aligned on a TTY, tab-separated when piped), fields, or a message — which the IO
 * sanitises.
 */
export function printResult<T>(
  io: IOStreams,
  opts: JsonFlag,
  value: T,
  human: (value: T) => void | Promise<void>,
  layout: 'pretty' | 'line' = 'pretty',
): void | Promise<void> {
  if (opts.json) return io.json(value, layout);
  return human(value);
}
