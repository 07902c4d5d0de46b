import { type Argument, type Command, Help, type Option } from 'commander';
import { t } from '../i18n/translate.js';

/**
 * Commander writes its help headings and its parse errors in English, from strings inside the
 * library. Its help goes through `Help` methods we may override and its errors through
 * `outputError`, so both are translated here: headings by name, errors by their (stable) shapes.
 */

/** The headings commander puts in help, in the reader's language; ours (help groups) are already translated. */
function heading(title: string): string {
  switch (title) {
    case 'Usage:':
      return t`Usage:`;
    case 'Options:':
      return t`Options:`;
    case 'Commands:':
      return t`Commands:`;
    case 'Arguments:':
      return t`Arguments:`;
    case 'Global Options:':
      return t`Global Options:`;
    default:
      return title;
  }
}

/** `(default: "x", choices: "a", "b")` after an option's description, with its words translated. */
function extraInfo(description: string): string {
  return description.replace(/(\(|, )(default|choices|preset|env): /g, (_whole, before: string, word: string) => {
    const words: Record<string, string> = { default: t`default`, choices: t`choices`, preset: t`preset`, env: t`env` };
    return `${before}${words[word] ?? word}: `;
  });
}

/** Help text settings for every command: translated headings and extra info, and our own help option and command. */
export function speakInHelp(command: Command): void {
  command.configureHelp({
    styleTitle: (title: string) => heading(title),
    optionDescription: (option: Option) => extraInfo(Help.prototype.optionDescription.call(new Help(), option)),
    argumentDescription: (argument: Argument) => extraInfo(Help.prototype.argumentDescription.call(new Help(), argument)),
  });
  command.helpOption('-h, --help', t`display help for command`);
  if (command.commands.length > 0) command.helpCommand('help [command]', t`display help for command`);
}

/** Commander's own error message (one of its fixed shapes), in the reader's language; unknown shapes pass unchanged. */
export function translateCommanderError(text: string): string {
  const [first = '', ...rest] = text.replace(/\n$/, '').split('\n');
  const line = errorLine(first);
  const more = rest.map((l) => {
    const suggestion = /^\(Did you mean (.+)\?\)$/.exec(l);
    return suggestion ? t`(Did you mean ${suggestion[1]}?)` : l;
  });
  return `${[line, ...more].join('\n')}\n`;
}

/** Commander's error shapes (lib/command.js), each with its message in the reader's language. */
function errorShapes(): [RegExp, (m: string[]) => string][] {
  return [
    [/^error: missing required argument '(.+)'$/, (m) => t`error: missing required argument '${m[1]}'`],
    [/^error: option '(.+)' argument missing$/, (m) => t`error: option '${m[1]}' needs a value`],
    [/^error: required option '(.+)' not specified$/, (m) => t`error: required option '${m[1]}' not specified`],
    [/^error: unknown option '(.+)'$/, (m) => t`error: unknown option '${m[1]}'`],
    [/^error: unknown command '(.+)'$/, (m) => t`error: unknown command '${m[1]}'`],
    [
      /^error: too many arguments( for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
      (m) => (m[2] ? t`error: too many arguments for '${m[2]}': expected ${m[3]}, got ${m[4]}` : t`error: too many arguments: expected ${m[3]}, got ${m[4]}`),
    ],
    [
      /^error: option '(.+)' argument '(.*)' is invalid\. ?(.*)$/,
      (m) => (m[3] ? t`error: option '${m[1]}' value '${m[2]}' is invalid: ${m[3]}` : t`error: option '${m[1]}' value '${m[2]}' is invalid`),
    ],
    [/^error: (.+) cannot be used with (.+)$/, (m) => t`error: ${m[1]} cannot be used with ${m[2]}`],
  ];
}

function errorLine(line: string): string {
  for (const [shape, say] of errorShapes()) {
    const m = shape.exec(line);
    if (m) return say(m.map((part) => part ?? ''));
  }
  return line;
}
