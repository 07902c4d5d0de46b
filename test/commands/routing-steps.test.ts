import { describe, expect, it } from 'vitest';
import { describeRoutingStep } from '../../src/commands/chat/routing-steps.js';
import type { RoutingStepView } from '../../src/core/chats/routing-view.js';
import type { TrailStepView } from '../../src/core/views.js';
import { loadLanguages, runInLanguage } from '../../src/i18n/translate.js';

const ana = { type: 'user' as const, ref: 'user:ana@acme.com', name: 'Ana' };
const bia = { type: 'user' as const, ref: 'user:bia@acme.com', name: 'Bia' };
const suporte = { type: 'department' as const, ref: 'dept:Suporte', name: 'Suporte' };
const trail: TrailStepView[] = [
  { position: 1, target: ana, outcome: 'skipped', reason: 'busy' },
  { position: 2, target: suporte, outcome: 'skipped', reason: 'at_capacity', load: { open: 5, max: 5 } },
  { position: 3, target: bia, outcome: 'picked', load: { open: 2, max: 3 } },
];
const at = '2026-12-02T11:00:00.000Z';

/** How `guru chat why` words each routing step: every reason the rodízio, the hours and the bot can give. */
describe('routing steps in words', () => {
  it('tells a decision with every skip and its reason, loads included', () => {
    expect(describeRoutingStep({ kind: 'opened', time: at, cause: 'new', held: null, opensAt: null, waiting: false, assignee: bia, trail })).toBe(
      'opened by a first message: rodízio picked #3 user:bia@acme.com (2/3 open) — skipped #1 user:ana@acme.com (busy), #2 dept:Suporte (at capacity 5/5)',
    );
    const nobody: TrailStepView[] = [{ position: 1, target: ana, outcome: 'skipped', reason: 'away' }];
    expect(describeRoutingStep({ kind: 'opened', time: at, cause: 'reopen', held: null, opensAt: null, waiting: true, assignee: null, trail: nobody })).toBe(
      'reopened by a message: nobody could take it — it waits — skipped #1 user:ana@acme.com (away)',
    );
  });

  it('tells hours, the bot and the hand-outs that follow them', () => {
    const steps: RoutingStepView[] = [
      { kind: 'opened', time: at, cause: 'new', held: 'hours', opensAt: null, waiting: true, assignee: null, trail: [] },
      { kind: 'opened', time: at, cause: 'reopen', held: 'hours', opensAt: '2026-12-03T11:00:00.000Z', waiting: true, assignee: null, trail: [] },
      { kind: 'auto_reply', time: at, auto: 'hours', messageId: 'm1' },
      { kind: 'assigned', time: at, by: 'guru (rodízio)', handover: 'backlog', cause: 'opening time', waiting: false, assignee: bia, trail: [trail[2]!] },
      { kind: 'bot', time: at, step: 'greeted', answer: null, department: null, tries: 0 },
      { kind: 'bot', time: at, step: 'retry', answer: 'banana', department: null, tries: 1 },
      { kind: 'bot', time: at, step: 'matched', answer: 'Suporte!', department: 'Suporte', tries: 1 },
      { kind: 'bot', time: at, step: 'fallback', answer: null, department: null, tries: 3 },
      {
        kind: 'assigned',
        time: at,
        by: 'guru (bot)',
        handover: 'bot',
        cause: null,
        waiting: false,
        assignee: suporte,
        trail: [{ position: 2, target: suporte, outcome: 'picked' }],
      },
      { kind: 'assigned', time: at, by: 'ana@acme.com', handover: null, cause: null, waiting: false, assignee: bia, trail: [] },
      {
        kind: 'assigned',
        time: at,
        by: 'guru (rodízio)',
        handover: 'absent',
        cause: 'ana@acme.com is busy',
        waiting: false,
        assignee: bia,
        trail: [trail[2]!],
      },
    ];
    expect(steps.map(describeRoutingStep)).toEqual([
      'opened by a first message: the number was closed (opening hours) — nobody assigned; it waits for opening time',
      expect.stringMatching(/^reopened by a message: the number was closed .* it waits for opening time, 2026-12-03 \d\d:00$/),
      'automatic out-of-hours reply sent',
      'handed out from the waiting chats (opening time): rodízio picked #3 user:bia@acme.com (2/3 open)',
      'bot: sent the menu',
      'bot: did not understand “banana” (unknown answer 1) — sent the menu again',
      'bot: “Suporte!” chose Suporte',
      'bot: 3 answers not understood — the normal rodízio decides',
      'routed after the menu bot: rodízio picked #2 dept:Suporte',
      'transferred by ana@acme.com to user:bia@acme.com',
      'handed over: the customer wrote while the agent was absent (ana@acme.com is busy): rodízio picked #3 user:bia@acme.com (2/3 open)',
    ]);
  });

  it('speaks Portuguese to a Portuguese reader', async () => {
    await loadLanguages('pt-BR');
    const line = runInLanguage('pt-BR', () =>
      describeRoutingStep({ kind: 'opened', time: at, cause: 'new', held: null, opensAt: null, waiting: false, assignee: bia, trail }),
    );
    expect(line).toBe(
      'aberta pela primeira mensagem: o rodízio escolheu #3 user:bia@acme.com (2/3 abertas) — pulou #1 user:ana@acme.com (ocupado), #2 dept:Suporte (no limite 5/5)',
    );
  });
});
