import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples } from '../../cli/command-helpers.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import type { BotOutcomeView, BotTestView } from '../../core/ops/bots.js';
import type { TargetView } from '../../core/views.js';
import { plural, t } from '../../i18n/translate.js';

export function botTestCommand(f: Factory, run = botTest): Command {
  return new Command('test')
    .description(t`Play a conversation with a number's menu bot in the terminal, without WhatsApp: type the customer's answers, one per line`)
    .argument('<number>', t`the phone number`)
    .addOption(jsonFlag(t`the whole conversation`))
    .addHelpText(
      'after',
      examples(
        'guru bot test +5511999990000',
        "printf '2\\n' | guru bot test +5511999990000",
        "printf 'oi\\nsuporte!\\n' | guru bot test +5511999990000 --json",
      ),
    )
    .action((number: string, opts: { json: boolean }) => run(f, number, opts));
}

/**
 * Plays the conversation by the engine's own steps (`bots.test`): after each line the customer
 * types, the conversation so far is played again and what the bot says next is printed. Once
 * it ends — an option chosen, too many unknown answers, or stdin closed (silence: the bot times
 * out) — it prints where the chat would go: the rodízio's next pick now, nothing assigned.
 */
export async function botTest(f: Factory, number: string, opts: { json: boolean }): Promise<void> {
  const client = await f.client();
  const answers: string[] = [];
  let view = await client.bots.test(number, answers);
  let shown = 0;
  const show = () => {
    if (!opts.json) for (const turn of view.turns.slice(shown)) printTurn(f, turn);
    shown = view.turns.length;
  };
  const prompt = () => f.io.isStdinTTY && !opts.json && f.io.err('> ');
  show();
  if (!view.outcome) {
    prompt();
    for await (const line of linesOf(f.io.stdin)) {
      answers.push(line);
      view = await client.bots.test(number, answers);
      show();
      if (view.outcome) break;
      prompt();
    }
  }
  if (!view.outcome) {
    view = await client.bots.test(number, answers, { silent: true });
    show();
  }
  printResult(f.io, opts, view, (v) => f.io.out(`${outcomeLine(v.outcome!, answers.length)}\n`));
}

function printTurn(f: Factory, turn: BotTestView['turns'][number]): void {
  // On a terminal the customer's line is already on the screen, as typed.
  if (turn.from === 'customer') {
    if (!f.io.isStdinTTY) f.io.out(`${t`customer`}: ${turn.text}\n`);
    return;
  }
  const label = `${t`bot`}: `;
  const indent = ' '.repeat(label.length);
  f.io.out(
    `${label}${turn.text
      .split('\n')
      .map((line, i) => (i === 0 || line === '' ? line : `${indent}${line}`))
      .join('\n')}\n`,
  );
}

/** Where the chat would go, in one line: `→ Suporte's rodízio: would go to bia@acme.com`. */
export function outcomeLine(outcome: BotOutcomeView, answers: number): string {
  const dept = outcome.department?.name;
  if (outcome.route === 'department') return t`→ ${dept ?? ''}: nobody of it is in the rodízio, so the chat would go to the department itself`;
  const who = outcome.decision?.assignee ? whom(outcome.decision.assignee) : null;
  if (outcome.step === 'matched') {
    return who
      ? t`→ ${dept ?? ''}'s rodízio: would go to ${who}`
      : t`→ ${dept ?? ''}'s rodízio: nobody can take it now — it would wait until someone there can`;
  }
  const why = outcome.step === 'timeout' ? t`no answer in time` : plural(answers, t`${answers} answer not understood`, t`${answers} answers not understood`);
  return who ? t`→ normal rodízio (${why}): would go to ${who}` : t`→ normal rodízio (${why}): nobody can take it now — it would wait until someone can`;
}

/** `bia@acme.com`, or a department's name. */
function whom(target: TargetView): string {
  return target.type === 'user' ? target.ref.replace(/^user:/, '') : target.name;
}

/** stdin as lines (a last line without its newline too), decoded as UTF-8 across chunks. */
async function* linesOf(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of input) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      yield buffer.slice(0, i).replace(/\r$/, '');
      buffer = buffer.slice(i + 1);
    }
  }
  buffer += decoder.decode();
  if (buffer !== '') yield buffer;
}
