import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { examples } from '../cli/command-helpers.js';
import { usage } from '../core/errors.js';
import { t } from '../i18n/translate.js';

export function inboxCommand(f: Factory, run = inbox): Command {
  return new Command('inbox')
    .description(t`Answer chats in the terminal: live list, conversation, replies, transfers (press ? inside for every key)`)
    .addHelpText(
      'after',
      examples(
        'guru inbox',
        'guru login --email bia@acme.com && guru inbox',
        'guru --home /srv/guru inbox',
        `guru chat list --json   # ${t`the same chats, for scripts`}`,
      ),
    )
    .action(() => run(f));
}

/** Starts the Ink inbox; it needs a terminal on both ends (scripts get a hint instead). */
export async function inbox(f: Factory): Promise<void> {
  if (!f.io.isStdinTTY || !f.io.isStdoutTTY) {
    throw usage(
      t`\`guru inbox\` needs a terminal (stdin and stdout must be a TTY) — from scripts use \`guru chat list --json\`, \`guru chat send\` and \`guru tail --json\``,
    );
  }
  // Ink and React load only here, so every other command starts fast.
  const { runInbox } = await import('../tui/run.js');
  await runInbox(f);
}
