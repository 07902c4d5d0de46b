import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonLinesFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { GuruError } from '../../core/errors.js';
import type { LinkEvent } from '../../core/link.js';
import { t } from '../../i18n/translate.js';
import { chatCount, messageCount } from './status.js';
import { linkStateWord } from '../../core/link.js';

export interface PhoneLinkOptions {
  pairingCode: boolean;
  json: boolean;
}

export function phoneLinkCommand(f: Factory, run = phoneLink): Command {
  return new Command('link')
    .description(t`Link a phone: scan the QR with WhatsApp › Linked devices › Link a device (needs the daemon)`)
    .argument('<number>', t`the registered phone number`)
    .option('--pairing-code', t`link with an 8-character code typed on the phone instead of a QR`, false)
    .addOption(jsonLinesFlag(t`print the link events as JSON lines (each QR event has the raw QR text)`))
    .addHelpText('after', examples('guru phone link +5511999990000', 'guru phone link +5511999990000 --pairing-code', 'guru phone link +5511999990000 --json'))
    .action((number: string, opts: PhoneLinkOptions) => run(f, number, opts));
}

/** Renders a QR as terminal blocks (qrcode-terminal, loaded only here). */
export async function renderQr(text: string): Promise<string> {
  const { default: qrcode } = await import('qrcode-terminal');
  return new Promise((resolve) => qrcode.generate(text, { small: true }, resolve));
}

export async function phoneLink(f: Factory, number: string, opts: PhoneLinkOptions): Promise<void> {
  const { io } = f;
  const client = await f.daemon('admin');
  const tty = io.isStdoutTTY && !opts.json;
  let drawnLines = 0;
  // On a terminal the progress bar is redrawn in place, its line left open; whatever comes
  // next ends that line first, so nothing is ever printed over the bar.
  let barOpen = false;
  const endBar = () => {
    if (barOpen) io.out('\n');
    barOpen = false;
  };
  let outcome: LinkEvent | null = null;
  let queue = Promise.resolve();

  const show = (event: LinkEvent) => {
    if (event.type === 'linked' || event.type === 'failed') outcome = event;
    return printResult(io, opts, event, draw, 'line');
  };

  const draw = async (event: LinkEvent) => {
    switch (event.type) {
      case 'qr': {
        endBar();
        const block = `${await renderQr(event.qr)}\n${t`Scan it with WhatsApp › Linked devices › Link a device (valid ${Math.round(event.validForMs / 1000)} s)`}\n`;
        // On a terminal each new QR replaces the last; piped, each is its own block.
        if (tty && drawnLines > 0) io.cursor({ up: drawnLines });
        io.out(block);
        drawnLines = block.split('\n').length - 1;
        return;
      }
      case 'pairing-code':
        endBar();
        return io.out(`${t`On the phone: WhatsApp › Linked devices › Link with phone number, then enter ${event.code.replace(/^(.{4})(.{4})$/, '$1-$2')}`}\n`);
      case 'state':
        if (event.state === 'syncing' && event.progress !== undefined) {
          const filled = Math.round(event.progress / 5);
          const counts = event.chats !== undefined && event.messages !== undefined ? ` · ${chatCount(event.chats)} · ${messageCount(event.messages)}` : '';
          const bar = `${t`syncing history`} [${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${event.progress}%${counts}`;
          if (!tty) return io.out(`${bar}\n`);
          io.cursor('clear-line');
          io.out(bar);
          barOpen = true;
          return;
        }
        // The QR block or the code line already says what to do; "Connected" ends it all.
        if (event.state === 'waiting_qr' || event.state === 'waiting_code' || event.state === 'connected') return;
        endBar();
        return io.out(`${linkStateWord(event.state)}\n`);
      case 'linked':
      case 'failed':
        return endBar();
    }
  };

  const stream = await client.link(number, opts.pairingCode, (event) => {
    queue = queue.then(() => show(event));
  });
  const interrupt = () => stream.close();
  process.once('SIGINT', interrupt);
  try {
    await stream.done;
    await queue;
  } finally {
    process.off('SIGINT', interrupt);
    endBar(); // also when interrupted: the shell prompt (or the error) starts on a line of its own
  }
  const result = outcome as LinkEvent | null;
  if (result?.type === 'linked') {
    if (!opts.json) success(io, t`Connected: ${result.number} is linked`);
    return;
  }
  if (result?.type === 'failed') throw new GuruError(result.reason === 'already_linked' ? 'conflict' : 'not_linked', result.message);
  throw new GuruError('interrupted', t`linking ${number} was cancelled — nothing of it was kept`);
}
