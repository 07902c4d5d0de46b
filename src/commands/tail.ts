import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonLinesFlag, printResult } from '../cli/json.js';
import { asOption, examples } from '../cli/command-helpers.js';
import type { WatchEvent } from '../api/protocol.js';
import { assertNever } from '../core/events.js';
import { presenceList } from '../core/availability.js';
import type { Availability } from '../core/model.js';
import { GuruError } from '../core/errors.js';
import { messageLine, statusText } from './chat/format.js';
import { formatNumber } from '../i18n/format.js';
import { oneLine, sanitiseField as field } from '../cli/sanitise.js';
import { t } from '../i18n/translate.js';

export function tailCommand(f: Factory, run = tail): Command {
  return new Command('tail')
    .description(t`Follow what happens as it happens: messages, assignments, presence (Ctrl-C to stop)`)
    .addOption(asOption())
    .addOption(jsonLinesFlag(t`print each event as a JSON line (NDJSON)`))
    .addHelpText('after', examples('guru tail', 'guru tail --json | jq -c "select(.type == \\"message\\")"'))
    .action((opts: { as?: string; json: boolean }) => run(f, opts));
}

export async function tail(f: Factory, opts: { as?: string; json: boolean }): Promise<void> {
  const client = await f.daemon('session', opts.as);
  const names = new Map<string, { name: string | null; customer: string }>();
  // The words of the latest messages seen, so a reply or a reaction to one of them can quote it.
  const seen = new Map<string, string>();
  const quoted = (id: string) => seen.get(id);
  let closed: Extract<WatchEvent, { type: 'closed' }> | null = null;
  const stream = await client.watch((event) => {
    if (event.type === 'closed') closed = event;
    if (event.type === 'chat' || event.type === 'message') names.set(event.chat.id, { name: event.chat.name, customer: event.chat.customer });
    if (event.type === 'message') {
      seen.set(event.message.id, event.message.text);
      if (seen.size > QUOTABLE) seen.delete(seen.keys().next().value!);
    }
    printResult(
      f.io,
      opts,
      event,
      (e) => {
        const line = describe(f, e, names, quoted);
        if (line) f.io.out(`${line}\n`);
      },
      'line',
    );
  });
  const stop = () => stream.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await stream.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (stream.error) throw stream.error;
  // The daemon ended the stream and said why (session over, too slow a reader): a failure.
  const last = closed as Extract<WatchEvent, { type: 'closed' }> | null;
  if (last) throw new GuruError(last.relogin ? 'unauthenticated' : 'limit', t`the daemon closed the stream: ${field(last.reason)}`);
}

const QUOTABLE = 1_000;

function describe(
  f: Factory,
  event: WatchEvent,
  names: Map<string, { name: string | null; customer: string }>,
  quoted: (id: string) => string | undefined,
): string | null {
  switch (event.type) {
    case 'snapshot':
      return t`following as ${event.me.user ? oneLine`${event.me.user.name} <${event.me.user.email}>` : t`owner`}; online: ${presenceList(event.online, event.availability ?? {}, field) || t`nobody`}`;
    case 'heartbeat':
      return null;
    case 'presence':
      return presenceLine(field(event.email), event.status);
    case 'phone':
      return t`phone ${field(event.phone)}: ${field(event.state)}`;
    case 'audit':
      return oneLine`${event.entry.actor}: ${event.entry.action} ${event.entry.target}`;
    case 'chat':
      return t`chat ${oneLine`${event.chat.id} ${event.chat.customer}${event.chat.name ? ` (${event.chat.name})` : ''}`}: ${statusText(event.chat.status)}, ${event.chat.assignee ? field(event.chat.assignee.ref) : t`unassigned`}, ${formatNumber(event.chat.unread)} unread`;
    case 'message':
      return `${oneLine`[${event.chatId}] `}${messageLine(f, names.get(event.chatId) ?? { name: null, customer: event.chatId }, event.message, quoted)}`;
    case 'message.status':
      return t`[${field(event.chatId)}] message ${field(event.id)} ${field(event.status)}`;
    case 'message.media':
      return t`[${field(event.chatId)}] message ${field(event.id)} file ${field(event.media.state)}${'reason' in event.media && event.media.reason ? `: ${field(event.media.reason)}` : ''}`;
    case 'chat.hidden':
      return t`chat ${field(event.chatId)} moved out of your view`;
    case 'mention': {
      const chat = names.get(event.chatId);
      const where = chat ? (chat.name ?? chat.customer) : event.chatId;
      return t`[${field(event.chatId)}] 🔔 ${event.by ? field(event.by.name) : t`someone`} mentioned you in a note about ${field(where)}: ${field(event.text)}`;
    }
    case 'closed':
      return null; // the reason is the error `tail` ends with
    default:
      return assertNever(event);
  }
}

/** "bia@acme.com is busy": someone's presence as it changed. */
function presenceLine(who: string, status: Availability): string {
  switch (status) {
    case 'online':
      return t`${who} is online`;
    case 'busy':
      return t`${who} is busy`;
    case 'away':
      return t`${who} is away`;
    case 'offline':
      return t`${who} is offline`;
  }
}
