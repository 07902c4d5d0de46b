import { parseBotFile } from '../bot/bot-file.js';
import { answerStep, departmentInQueue, greetingMessage } from '../bot/menu-bot.js';
import type { OperationContext } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { findPhone } from '../lookup.js';
import type { MenuBot, Phone, State } from '../model.js';
import { eligibility, simulate } from '../round-robin.js';
import { decisionView, targetView, type DecisionView, type TargetView } from '../views.js';
import { t } from '../../i18n/translate.js';

/** A number's menu bot as `guru bot show --json` prints it. */
export interface BotView {
  phone: string;
  greeting: string;
  options: { key: string; label: string; keywords: string[]; department: TargetView | null }[];
  retry: string;
  retries: number;
  timeoutMs: number;
  /** What a new conversation gets: the greeting and the menu. */
  message: string;
  /** The file as it was applied. */
  source: string;
  updatedAt: string;
}

/** `guru bot test`: the conversation so far, and where it would end. */
export interface BotTestView {
  phone: string;
  /** The bot's messages and the customer's answers, in order. */
  turns: { from: 'bot' | 'customer'; text: string }[];
  /** Null: the bot still waits for an answer. */
  outcome: BotOutcomeView | null;
}

export interface BotOutcomeView {
  /** `matched` an option; `fallback` after too many unknown answers; `timeout` the customer said nothing more. */
  step: 'matched' | 'fallback' | 'timeout';
  /** The option's department (matched only). */
  department: TargetView | null;
  /**
   * `rodizio`: the number's rodízio decides (restricted to `department` when there is one);
   * `department`: nobody of that department is in the rodízio, so the chat goes to the department itself.
   */
  route: 'rodizio' | 'department';
  /** The rodízio's next pick as it stands now (`route` rodizio), nothing assigned. */
  decision: DecisionView | null;
}

/** How many answers `guru bot test` plays at most (more than any menu takes). */
export const MAX_TEST_ANSWERS = 50;

/**
 * Menu bots (`guru bot`): a number's greeting menu that sends each new conversation to a
 * department's rodízio. Setting, seeing and trying one all need `phones.manage`: the bot is the
 * number's own setting, as its link is, and whoever writes it is whoever reads and tries it.
 */
export function botOps(ctx: OperationContext) {
  const manage = 'phones.manage' as const;
  return {
    /** Applies a bot file (YAML, as text: `source`), checked whole against the departments; replaces any bot the number had. */
    async set(number: string, source: string): Promise<BotView> {
      if (typeof source !== 'string') throw invalid(t`the bot file must be text`);
      // Read first (the YAML parser is slow to load); checked again against the state being changed.
      const read = await ctx.view(manage, t`set menu bots`, (state) => state);
      const parsed = await parseBotFile(source, read);
      const set = await ctx.change(manage, t`set menu bots`, ({ draft, now, record }) => {
        const phone = findPhone(draft, number);
        const gone = parsed.options.find((o) => !draft.departments.some((d) => d.id === o.departmentId));
        if (gone) throw invalid(t`a department of the bot file was removed meanwhile — check \`guru dept list\` and set the bot again`);
        const replaced = phone.bot !== undefined;
        phone.bot = { ...parsed, updatedAt: now };
        record('bot.set', phone.number, {
          options: parsed.options.map((o) => ({
            key: o.key,
            label: o.label,
            department: targetView(draft, { type: 'department', departmentId: o.departmentId }).name,
          })),
          retries: parsed.retries,
          timeoutMs: parsed.timeoutMs,
          replaced,
        });
        return { view: botView(draft, phone, phone.bot), bot: phone.bot };
      });
      ctx.deps.chats?.botChanged(set.view.phone, set.bot);
      return set.view;
    },

    show(number: string): Promise<BotView> {
      return ctx.view(manage, t`see menu bots`, (state) => {
        const phone = findPhone(state, number);
        return botView(state, phone, botOf(phone));
      });
    },

    /** Switches the bot off; the conversations it still held go to the normal rodízio now. */
    async off(number: string): Promise<{ ok: true }> {
      const phone = await ctx.change(manage, t`switch menu bots off`, ({ draft, record }) => {
        const phone = findPhone(draft, number);
        botOf(phone);
        delete phone.bot;
        record('bot.off', phone.number);
        return phone.number;
      });
      ctx.deps.chats?.releaseBot(phone);
      return { ok: true };
    },

    /**
     * Plays a conversation with the number's bot, without WhatsApp: the customer's `answers` in
     * order, by the very steps a live chat takes. `silent`: the customer says nothing more (the
     * bot times out). Where it ends, the rodízio's next pick as it stands now — nothing assigned.
     */
    test(number: string, answers: string[], options: { silent?: boolean } = {}): Promise<BotTestView> {
      if (answers.length > MAX_TEST_ANSWERS) throw invalid(t`too many answers (${answers.length}; at most ${MAX_TEST_ANSWERS})`);
      return ctx.view(manage, t`try menu bots`, (state) => {
        const phone = findPhone(state, number);
        const bot = botOf(phone);
        const turns: BotTestView['turns'] = [{ from: 'bot', text: greetingMessage(bot) }];
        let tries = 0;
        for (const answer of answers) {
          turns.push({ from: 'customer', text: answer });
          const step = answerStep(bot, tries, answer);
          if (step.step === 'matched') {
            const department = state.departments.some((d) => d.id === step.option.departmentId) ? step.option.departmentId : undefined;
            return { phone: phone.number, turns, outcome: outcome(state, phone, department ? 'matched' : 'fallback', department) };
          }
          if (step.step === 'fallback') return { phone: phone.number, turns, outcome: outcome(state, phone, 'fallback') };
          tries = step.tries;
          turns.push({ from: 'bot', text: step.text });
        }
        return { phone: phone.number, turns, outcome: options.silent ? outcome(state, phone, 'timeout') : null };
      });
    },
  };

  /** Where a conversation would go now: the department's rodízio (or the department itself), or the normal one. */
  function outcome(state: State, phone: Phone, step: BotOutcomeView['step'], departmentId?: string): BotOutcomeView {
    const department = departmentId === undefined ? null : targetView(state, { type: 'department', departmentId });
    const queue = state.roundRobins.find((q) => q.phone === phone.number);
    if (departmentId !== undefined && !departmentInQueue(state, queue, departmentId)) return { step, department, route: 'department', decision: null };
    const online = new Set(ctx.deps.presence.onlineUserIds());
    const openChats = ctx.deps.chats?.index.routing.load(phone.number) ?? { users: new Map(), departments: new Map() };
    const facts = { online, openChats, ...(departmentId !== undefined ? { onlyDepartment: departmentId } : {}) };
    const [decision] = simulate(queue ?? { entries: [], cursor: -1 }, eligibility(state, facts), 1);
    return { step, department, route: 'rodizio', decision: decision ? decisionView(state, decision) : null };
  }
}

function botOf(phone: Phone): MenuBot {
  if (!phone.bot) throw notFound(t`${phone.number} has no menu bot — set one with \`guru bot set ${phone.number} -f bot.yaml\``);
  return phone.bot;
}

function botView(state: State, phone: Phone, bot: MenuBot): BotView {
  return {
    phone: phone.number,
    greeting: bot.greeting,
    options: bot.options.map((o) => ({
      key: o.key,
      label: o.label,
      keywords: o.keywords,
      department: state.departments.some((d) => d.id === o.departmentId) ? targetView(state, { type: 'department', departmentId: o.departmentId }) : null,
    })),
    retry: bot.retryText,
    retries: bot.retries,
    timeoutMs: bot.timeoutMs,
    message: greetingMessage(bot),
    source: bot.source,
    updatedAt: bot.updatedAt,
  };
}
