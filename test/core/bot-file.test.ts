import { describe, expect, it } from 'vitest';
import { parseBotFile } from '../../src/core/bot/bot-file.js';
import { answerStep, chooseOption, greetingMessage, normalizeAnswer } from '../../src/core/bot/menu-bot.js';
import type { MenuBot, State } from '../../src/core/model.js';
import { SAMPLE_BOT_FILE } from '../../src/commands/bot/set.js';

const STATE: Pick<State, 'departments'> = {
  departments: [
    { id: 'd-vendas', name: 'Vendas', members: [], permissions: [], createdAt: '' },
    { id: 'd-suporte', name: 'Suporte', members: [], permissions: [], createdAt: '' },
  ] as State['departments'],
};

const FILE = SAMPLE_BOT_FILE.replace('department: Suporte', 'department: suporte');

/** An error's message, for a file that must be refused. */
async function refusal(source: string): Promise<string> {
  try {
    await parseBotFile(source, STATE);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('invalid_input');
    return (err as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('bot file', () => {
  it('reads the example: departments by name (any case), defaults, the source kept as written', async () => {
    const bot = await parseBotFile(FILE, STATE);
    expect(bot).toEqual({
      greeting: 'Olá! Como podemos ajudar?',
      options: [
        { key: '1', label: 'Vendas', keywords: ['vendas', 'comprar', 'preço'], departmentId: 'd-vendas' },
        { key: '2', label: 'Suporte', keywords: ['suporte', 'ajuda', 'problema'], departmentId: 'd-suporte' },
      ],
      retryText: 'Desculpe, não entendi.',
      retries: 3,
      timeoutMs: 600_000,
      source: FILE,
    });
    expect(greetingMessage(bot)).toBe('Olá! Como podemos ajudar?\n\n1 Vendas\n2 Suporte');
    const minimal = await parseBotFile('greeting: Oi\nretry: Hein?\noptions:\n  - {key: 1, label: Vendas, department: Vendas}\n', STATE);
    expect(minimal).toMatchObject({ retries: 3, timeoutMs: 600_000, options: [{ key: '1', keywords: [] }] });
  });

  it('names the line, the field and what to do for each problem, all at once', async () => {
    expect(await refusal(FILE.replace('department: suporte', 'department: Financeiro'))).toBe(
      'bot file: line 9: option 2: no department named "Financeiro" — create it with `guru dept add Financeiro` (see `guru dept list`)',
    );
    expect(await refusal(FILE.replace('department: suporte', 'department: Pós venda'))).toContain('`guru dept add "Pós venda"`');
    expect(await refusal(FILE.replace('key: "2"', 'key: "1"'))).toBe(
      'bot file: line 7: option 2: key "1" is option 1\'s key already — give each option its own key',
    );
    const many = await refusal(`greeting: ""
options: []
retries: 0
timeout: 5s
colour: blue
`);
    expect(many.split('\n')).toEqual([
      'the bot file has 6 problems:',
      '  the field "retry" is missing',
      '  line 1: greeting must not be empty',
      '  line 2: options must be a list of at least one option (- key: "1", label: …, department: …)',
      '  line 3: retries must be a whole number from 1 to 10: how many answers the bot may not understand before the chat goes to the normal rodízio',
      '  line 4: timeout must be a duration from 30s to 24h, such as 90s, 10m or 2h: how long the bot waits for an answer',
      '  line 5: unknown field "colour" — the fields are greeting, options, retry, retries, timeout',
    ]);
    expect(await refusal(FILE.replace('    keywords: [suporte, ajuda, problema]', '    keywords: [suporte, comprar]\n    colour: red'))).toBe(
      [
        'the bot file has 2 problems:',
        '  line 7: option 2: "comprar" also chooses option 1 — an answer with it would name both, so the bot would understand neither; keep it in one option',
        '  line 11: option 2: unknown field "colour" — an option has key, label, department, keywords',
      ].join('\n'),
    );
    expect(await refusal('greeting: [oops\n')).toMatch(/^bot file: line \d: this is not valid YAML \(.+\) — check the indentation and the quotes$/);
    expect(await refusal('- just\n- a list\n')).toContain('the file must be a list of fields');
    expect(await refusal('   \n')).toContain('the bot file is empty');
    expect(await refusal(`${FILE}# ${'x'.repeat(70_000)}\n`)).toContain('the bot file is too big');
    expect(await refusal(FILE.replace('greeting: "Olá! Como podemos ajudar?"', `greeting: "${'a'.repeat(1001)}"`))).toBe(
      'bot file: line 1: greeting is too long (1001 characters; at most 1000)',
    );
    const options = Array.from({ length: 21 }, (_, i) => `  - {key: "${i + 1}", label: "Opção ${i + 1}", department: Vendas}`).join('\n');
    expect(await refusal(`greeting: Oi\nretry: Hein?\noptions:\n${options}\n`)).toContain('line 4: too many options (21; at most 20)');
    expect(await refusal('greeting: Oi\nretry: Hein?\noptions:\n  - {key: 1, label: "Vendas\\u001b[31m", department: Vendas}\n')).toContain(
      'option 1: label must not contain control characters (found U+001B)',
    );
    expect(await refusal('greeting: Oi\nretry: Hein?\noptions:\n  - {key: "!", label: Vendas}\n')).toBe(
      [
        'the bot file has 2 problems:',
        '  line 4: option 1: the field "department" is missing',
        '  line 4: option 1: key "!" has no letters or digits — use 1, 2, 3…',
      ].join('\n'),
    );
  });
});

describe('answers', () => {
  const bot: Pick<MenuBot, 'options' | 'retryText' | 'retries'> = {
    options: [
      { key: '1', label: 'Vendas', keywords: ['vendas', 'comprar', 'preço'], departmentId: 'v' },
      { key: '2', label: 'Suporte', keywords: ['suporte', 'ajuda', 'problema', 'segunda via'], departmentId: 's' },
    ],
    retryText: 'Desculpe, não entendi.',
    retries: 3,
  };
  const chosen = (answer: string) => {
    const choice = chooseOption(bot, answer);
    return choice.kind === 'option' ? choice.option.key : choice.kind;
  };

  it('a key, a label or a keyword chooses, ignoring case, accents and punctuation', () => {
    expect(normalizeAnswer('  SUPORTE!! ')).toBe('suporte');
    expect(normalizeAnswer('Preço?')).toBe('preco');
    for (const answer of ['2', ' 2 ', '2.', 'suporte', 'Suporte!', 'SUPORTE.', 'súporte', 'preciso de ajuda', 'Segunda-via, por favor'])
      expect(chosen(answer), answer).toBe('2');
    for (const answer of ['1', 'Vendas', 'quanto é o PRECO?', 'quero comprar']) expect(chosen(answer), answer).toBe('1');
  });

  it('nothing known, or two options at once, chooses none', () => {
    for (const answer of ['', '!!!', 'oi', '3', '12', 'suportes', 'ajudar']) expect(chosen(answer), answer).toBe('unknown');
    expect(chosen('vendas ou suporte?')).toBe('ambiguous');
    expect(chosen('1 ou 2')).toBe('unknown');
  });

  it('unknown answers repeat the menu until the retries-th, which falls back', () => {
    expect(answerStep(bot, 0, 'oi')).toMatchObject({ step: 'retry', tries: 1, text: 'Desculpe, não entendi.\n\n1 Vendas\n2 Suporte' });
    expect(answerStep(bot, 1, 'oi')).toMatchObject({ step: 'retry', tries: 2 });
    expect(answerStep(bot, 2, 'oi')).toMatchObject({ step: 'fallback', tries: 3 });
    expect(answerStep(bot, 2, '2')).toMatchObject({ step: 'matched', tries: 2, option: { departmentId: 's' } });
  });
});
