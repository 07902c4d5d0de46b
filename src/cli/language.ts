import { usage } from '../core/errors.js';
import { type Language, resolveLanguage } from '../i18n/language.js';

/**
 * The language `guru` speaks this run: `--lang` (read before commander parses, since the command
 * tree's help is built in it), else the environment (src/i18n/language.ts). A language asked for
 * by name that Guru does not ship is a usage error, said in English since nothing else is known.
 */
export function languageFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Language {
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--lang') flag = argv[i + 1] ?? '';
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
  }
  const { language, unknown } = resolveLanguage(env, flag);
  if (unknown !== undefined) {
    const from = flag !== undefined ? '--lang' : 'GURU_LANG';
    throw usage(`${from} '${unknown}' is not a language Guru speaks: use en (English) or pt-BR (português)`);
  }
  return language;
}
