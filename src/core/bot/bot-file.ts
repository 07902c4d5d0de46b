import { invalid } from '../errors.js';
import { sameName } from '../lookup.js';
import type { MenuBot, MenuOption, State } from '../model.js';
import { codePoint } from '../validate.js';
import { normalizeAnswer, phrasesOf } from './menu-bot.js';
import { plural, t } from '../../i18n/translate.js';

/** What a bot file may hold: bounds on every size, so a file cannot make the engine or a customer's chat heavy. */
export const BOT_LIMITS = {
  /** Bytes of the whole file. */
  source: 64 * 1024,
  greeting: 1000,
  retry: 1000,
  options: 20,
  key: 10,
  label: 60,
  keywords: 20,
  keyword: 60,
  retries: { min: 1, max: 10, default: 3 },
  timeoutMs: { min: 30_000, max: 24 * 60 * 60 * 1000, default: 10 * 60 * 1000 },
} as const;

const TOP_FIELDS = ['greeting', 'options', 'retry', 'retries', 'timeout'];
const OPTION_FIELDS = ['key', 'label', 'department', 'keywords'];
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };
/** Control characters but line breaks and tabs (the greeting may have lines), and bidi overrides. */
const CONTROL = /(?![\n\r\t])[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** A problem of the file: where (1-based line; 0 for the whole file), and what to do about it. */
interface Problem {
  line: number;
  text: string;
}

/**
 * Reads a bot file (YAML, see `guru bot set --help`) against the account's departments. Every
 * problem is reported at once, each with its line and what to do; a file with any problem
 * changes nothing. Loads the YAML parser only when called: nothing else in the engine needs it.
 */
export async function parseBotFile(source: string, state: Pick<State, 'departments'>): Promise<Omit<MenuBot, 'updatedAt'>> {
  if (source.trim() === '') throw invalid(t`the bot file is empty — write the greeting and the options (see \`guru bot set --help\` for an example)`);
  const bytes = new TextEncoder().encode(source).length;
  if (bytes > BOT_LIMITS.source) throw invalid(t`the bot file is too big (${bytes} bytes; at most ${BOT_LIMITS.source}) — a menu needs far less`);
  const { LineCounter, parseDocument, isMap, isScalar, isSeq } = await import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: Problem[] = [];
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : 0;
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors)
      problems.push({
        line: e.linePos?.[0].line ?? lines.linePos(e.pos[0]).line,
        text: t`this is not valid YAML (${firstLine(e.message)}) — check the indentation and the quotes`,
      });
    throw fileProblems(problems);
  }
  const root = doc.contents;
  if (!isMap(root))
    throw fileProblems([
      { line: lineOf(root), text: t`the file must be a list of fields (greeting:, options:, …) — see \`guru bot set --help\` for an example` },
    ]);

  const fields = new Map<string, { key: unknown; value: unknown }>();
  for (const pair of root.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_FIELDS.includes(name)) {
      problems.push({ line: lineOf(pair.key), text: t`unknown field "${name}" — the fields are ${TOP_FIELDS.join(', ')}` });
      continue;
    }
    fields.set(name, { key: pair.key, value: pair.value });
  }
  /** A scalar's text (strings and numbers: `key: 1` is "1"); null with a problem when it is anything else. */
  const textOf = (field: string, node: unknown, max: number, at: unknown, multiline = false): string | null => {
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      problems.push({ line: lineOf(node ?? at), text: t`${field} must be text` });
      return null;
    }
    const value = String(node.value).trim();
    if (value === '') problems.push({ line: lineOf(node), text: t`${field} must not be empty` });
    else if (value.length > max) problems.push({ line: lineOf(node), text: t`${field} is too long (${value.length} characters; at most ${max})` });
    else if (!multiline && /[\r\n]/.test(value)) problems.push({ line: lineOf(node), text: t`${field} must be a single line` });
    else if (CONTROL.test(value))
      problems.push({
        line: lineOf(node),
        text: t`${field} must not contain control characters (found ${codePoint(CONTROL.exec(value)![0])}) — write it as plain text`,
      });
    else return value;
    return null;
  };
  const required = (name: string) => {
    const field = fields.get(name);
    if (!field) problems.push({ line: 0, text: t`the field "${name}" is missing` });
    return field;
  };

  const greetingField = required('greeting');
  const greeting = greetingField ? textOf('greeting', greetingField.value, BOT_LIMITS.greeting, greetingField.key, true) : null;
  const retryField = required('retry');
  const retryText = retryField ? textOf('retry', retryField.value, BOT_LIMITS.retry, retryField.key, true) : null;

  let retries: number = BOT_LIMITS.retries.default;
  const retriesField = fields.get('retries');
  if (retriesField) {
    const node = retriesField.value;
    const { min, max } = BOT_LIMITS.retries;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push({
        line: lineOf(node ?? retriesField.key),
        text: t`retries must be a whole number from ${min} to ${max}: how many answers the bot may not understand before the chat goes to the normal rodízio`,
      });
    } else retries = value;
  }

  let timeoutMs: number = BOT_LIMITS.timeoutMs.default;
  const timeoutField = fields.get('timeout');
  if (timeoutField) {
    const node = timeoutField.value;
    const match = isScalar(node) && typeof node.value === 'string' ? /^\s*(\d{1,6})\s*([smh])\s*$/i.exec(node.value) : null;
    const ms = match ? Number(match[1]) * UNITS[match[2]!.toLowerCase()]! : NaN;
    if (!(ms >= BOT_LIMITS.timeoutMs.min && ms <= BOT_LIMITS.timeoutMs.max)) {
      problems.push({
        line: lineOf(node ?? timeoutField.key),
        text: t`timeout must be a duration from 30s to 24h, such as 90s, 10m or 2h: how long the bot waits for an answer`,
      });
    } else timeoutMs = ms;
  }

  const options: MenuOption[] = [];
  const optionsField = required('options');
  if (optionsField) {
    const list = optionsField.value;
    if (!isSeq(list) || list.items.length === 0) {
      problems.push({ line: lineOf(list ?? optionsField.key), text: t`options must be a list of at least one option (- key: "1", label: …, department: …)` });
    } else if (list.items.length > BOT_LIMITS.options) {
      problems.push({
        line: lineOf(list),
        text: t`too many options (${list.items.length}; at most ${BOT_LIMITS.options}) — a customer reads the whole menu on a phone`,
      });
    } else {
      /** Each key and phrase (normalized) with the option number that has it, to find the ones used twice. */
      const keys = new Map<string, number>();
      const phrases = new Map<string, number>();
      list.items.forEach((item, i) => {
        const n = i + 1;
        if (!isMap(item)) {
          problems.push({ line: lineOf(item), text: t`option ${n} must have the fields key, label and department` });
          return;
        }
        const got = new Map<string, { key: unknown; value: unknown }>();
        for (const pair of item.items) {
          const name = isScalar(pair.key) ? String(pair.key.value) : '';
          if (OPTION_FIELDS.includes(name)) got.set(name, { key: pair.key, value: pair.value });
          else problems.push({ line: lineOf(pair.key), text: t`option ${n}: unknown field "${name}" — an option has ${OPTION_FIELDS.join(', ')}` });
        }
        const need = (name: string) => {
          const field = got.get(name);
          if (!field) problems.push({ line: lineOf(item), text: t`option ${n}: the field "${name}" is missing` });
          return field;
        };
        const keyField = need('key');
        const labelField = need('label');
        const deptField = need('department');
        const key = keyField ? textOf(t`option ${n}: key`, keyField.value, BOT_LIMITS.key, keyField.key) : null;
        const label = labelField ? textOf(t`option ${n}: label`, labelField.value, BOT_LIMITS.label, labelField.key) : null;
        const deptName = deptField ? textOf(t`option ${n}: department`, deptField.value, 100, deptField.key) : null;
        const department = deptName === null ? undefined : state.departments.find((d) => sameName(d.name, deptName));
        if (deptName !== null && !department) {
          const arg = /[\s"'`$\\]/.test(deptName) ? `"${deptName.replace(/["\\$`]/g, '\\$&')}"` : deptName;
          problems.push({
            line: lineOf(deptField!.value),
            text: t`option ${n}: no department named "${deptName}" — create it with \`guru dept add ${arg}\` (see \`guru dept list\`)`,
          });
        }
        const keywords: string[] = [];
        const keywordsField = got.get('keywords');
        if (keywordsField) {
          const node = keywordsField.value;
          if (!isSeq(node)) problems.push({ line: lineOf(node ?? keywordsField.key), text: t`option ${n}: keywords must be a list, such as [suporte, ajuda]` });
          else if (node.items.length > BOT_LIMITS.keywords)
            problems.push({ line: lineOf(node), text: t`option ${n}: too many keywords (${node.items.length}; at most ${BOT_LIMITS.keywords})` });
          else
            for (const k of node.items) {
              const word = textOf(t`option ${n}: keyword`, k, BOT_LIMITS.keyword, node);
              if (word === null) continue;
              if (normalizeAnswer(word) === '')
                problems.push({ line: lineOf(k), text: t`option ${n}: keyword "${word}" has no letters or digits, so no answer can match it` });
              else keywords.push(word);
            }
        }
        if (key !== null) {
          const folded = normalizeAnswer(key);
          const before = keys.get(folded);
          if (folded === '') problems.push({ line: lineOf(keyField!.value), text: t`option ${n}: key "${key}" has no letters or digits — use 1, 2, 3…` });
          else if (before !== undefined)
            problems.push({
              line: lineOf(keyField!.value),
              text: t`option ${n}: key "${key}" is option ${before}'s key already — give each option its own key`,
            });
          else keys.set(folded, n);
        }
        if (key === null || label === null || !department) return;
        const option: MenuOption = { key, label, keywords, departmentId: department.id };
        for (const phrase of new Set(phrasesOf(option))) {
          const before = phrases.get(phrase);
          if (before !== undefined && before !== n) {
            problems.push({
              line: lineOf(item),
              text: t`option ${n}: "${phrase}" also chooses option ${before} — an answer with it would name both, so the bot would understand neither; keep it in one option`,
            });
          } else phrases.set(phrase, n);
        }
        options.push(option);
      });
    }
  }
  if (problems.length > 0) throw fileProblems(problems);
  return { greeting: greeting!, options, retryText: retryText!, retries, timeoutMs, source };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/** One error listing every problem, by line, so the whole file can be fixed in one go. */
function fileProblems(problems: Problem[]) {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const say = (p: Problem) => (p.line > 0 ? t`line ${p.line}: ${p.text}` : p.text);
  if (sorted.length === 1) return invalid(t`bot file: ${say(sorted[0]!)}`);
  const n = sorted.length;
  return invalid(`${plural(n, t`the bot file has ${n} problem:`, t`the bot file has ${n} problems:`)}\n${sorted.map((p) => `  ${say(p)}`).join('\n')}`);
}
