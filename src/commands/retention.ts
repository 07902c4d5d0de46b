import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { asOption, examples } from '../cli/command-helpers.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { printTable } from '../cli/table.js';
import { t } from '../i18n/translate.js';

export interface RetentionPlanOptions {
  as?: string;
  json: boolean;
}

export function retentionCommand(f: Factory): Command {
  return new Command('retention')
    .description(t`How long closed conversations are kept (set with \`guru account set --retention\`), and what goes next`)
    .addCommand(retentionPlanCommand(f));
}

export function retentionPlanCommand(f: Factory, run = retentionPlan): Command {
  return new Command('plan')
    .description(t`The closed conversations the next daily retention run erases (needs contacts.privacy)`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the plan`))
    .addHelpText('after', examples('guru retention plan', 'guru account set --retention 24mo && guru retention plan --json'))
    .action((opts: RetentionPlanOptions) => run(f, opts));
}

export async function retentionPlan(f: Factory, opts: RetentionPlanOptions): Promise<void> {
  const plan = await (await f.daemon('session', opts.as)).operations().retention.plan();
  printResult(f.io, opts, plan, () => {
    if (!plan.retention) {
      f.io.err(`${t`Retention is off: conversations are kept for good — \`guru account set --retention 24mo\` sets it.`}\n`);
      return;
    }
    f.io.err(
      `${t`Retention ${plan.retention}: the next run erases the closed conversations whose last message came before ${plan.cutoff ?? ''} — ${plan.chats.length} chats; ${plan.customers} customers go whole (their contact too).`}\n`,
    );
    printTable(
      f.io,
      [
        { header: t`chat`, cell: (c) => c.id },
        { header: t`number`, cell: (c) => c.phone },
        { header: t`customer`, cell: (c) => c.customer },
        { header: t`name`, cell: (c) => c.name },
        { header: t`last message`, cell: (c) => ({ time: c.lastMessageAt }) },
      ],
      plan.chats,
      f.now(),
    );
  });
}
