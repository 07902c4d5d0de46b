import type { MenuBot, MenuOption, RoundRobin, State } from '../model.js';
import { foldCaseAndAccents } from '../validate.js';

/**
 * A menu bot's conversation, step by step, as pure functions: what the customer is sent, how an
 * answer is understood, when the bot gives up. The live engine (`src/core/chats/chat-bot.ts`)
 * and `guru bot test` (`src/core/ops/bots.ts`) both go through here, so they cannot disagree.
 */

/**
 * An answer or a keyword as it is compared: case, accents and punctuation gone, words separated
 * by one space ("Suporte!" and "SUPORTE." are "suporte"; "Preço?" is "preco").
 */
export function normalizeAnswer(text: string): string {
  return foldCaseAndAccents(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The menu's lines, one per option: `1 Vendas`. */
export function menuLines(bot: Pick<MenuBot, 'options'>): string {
  return bot.options.map((o) => `${o.key} ${o.label}`).join('\n');
}

/** What a new conversation gets: the greeting, then the menu. */
export function greetingMessage(bot: Pick<MenuBot, 'greeting' | 'options'>): string {
  return `${bot.greeting}\n\n${menuLines(bot)}`;
}

/** What an answer the bot did not understand gets: the retry text, then the menu again. */
export function retryMessage(bot: Pick<MenuBot, 'retryText' | 'options'>): string {
  return `${bot.retryText}\n\n${menuLines(bot)}`;
}

/** How an answer was understood: one option, none, or several at once (which chooses none). */
export type Choice = { kind: 'option'; option: MenuOption } | { kind: 'unknown' } | { kind: 'ambiguous'; options: MenuOption[] };

/**
 * The option an answer chooses. An answer that is an option's key (`2`) chooses it; otherwise
 * one that is, or contains as whole words, the option's label or one of its keywords ("preciso
 * de suporte" → Suporte). An answer naming two options chooses neither: the menu is sent again.
 */
export function chooseOption(bot: Pick<MenuBot, 'options'>, answer: string): Choice {
  const said = normalizeAnswer(answer);
  if (said === '') return { kind: 'unknown' };
  const byKey = bot.options.find((o) => normalizeAnswer(o.key) === said);
  if (byKey) return { kind: 'option', option: byKey };
  const padded = ` ${said} `;
  const matching = bot.options.filter((o) => phrasesOf(o).some((phrase) => padded.includes(` ${phrase} `)));
  if (matching.length === 1) return { kind: 'option', option: matching[0]! };
  return matching.length === 0 ? { kind: 'unknown' } : { kind: 'ambiguous', options: matching };
}

/** The words that choose an option besides its key: its label and keywords, normalized. */
export function phrasesOf(option: Pick<MenuOption, 'label' | 'keywords'>): string[] {
  return [option.label, ...option.keywords].map(normalizeAnswer).filter((p) => p !== '');
}

/**
 * One answer in a bot's conversation, `tries` unknown answers so far: it chose an option
 * (`matched`), or it did not and the menu goes again (`retry`, with the text to send), or that
 * was the `retries`-th unknown answer and the chat goes to the normal rodízio (`fallback`).
 */
export type AnswerStep =
  | { step: 'matched'; option: MenuOption; tries: number; choice: Choice & { kind: 'option' } }
  | { step: 'retry'; tries: number; text: string; choice: Exclude<Choice, { kind: 'option' }> }
  | { step: 'fallback'; tries: number; choice: Exclude<Choice, { kind: 'option' }> };

export function answerStep(bot: Pick<MenuBot, 'options' | 'retryText' | 'retries'>, tries: number, answer: string): AnswerStep {
  const choice = chooseOption(bot, answer);
  if (choice.kind === 'option') return { step: 'matched', option: choice.option, tries, choice };
  const next = tries + 1;
  if (next >= bot.retries) return { step: 'fallback', tries: next, choice };
  return { step: 'retry', tries: next, text: retryMessage(bot), choice };
}

/** When a conversation whose menu last went at `menuSentAt` times out (ms since the epoch). */
export function timeoutAt(bot: Pick<MenuBot, 'timeoutMs'>, menuSentAt: string): number {
  return Date.parse(menuSentAt) + bot.timeoutMs;
}

/**
 * Whether the rodízio has any entry for a department (itself, or one of its members). With none,
 * a bot's choice of that department goes to the department itself: there is no one of it to pick.
 */
export function departmentInQueue(state: State, queue: Pick<RoundRobin, 'entries'> | undefined, departmentId: string): boolean {
  const members = new Set(state.departments.find((d) => d.id === departmentId)?.members ?? []);
  return (queue?.entries ?? []).some((e) => (e.target.type === 'department' ? e.target.departmentId === departmentId : members.has(e.target.userId)));
}
