/**
 * The demo's simulated customers (fictional): each writes a first line, then answers every reply
 * it gets with its next turn until its script runs out. A turn is a line of text, a file (the
 * photo, voice note or PDF of src/demo/samples.ts) or a reaction to the reply just received.
 * `agent` lines are what the demo's automated colleagues answer (headless, and in the inbox for
 * chats that are not yours): one per turn that is not a reaction (a reaction gets no answer).
 */
export interface CastMember {
  number: string;
  name: string;
  /** What the customer does: the first turn opens the chat, each next one answers a reply. */
  lines: CustomerTurn[];
  /** What an automated agent replies, one per customer turn that is not a reaction (the last may close the talk). */
  agent: string[];
}

/** One thing a customer does on their phone. */
export type CustomerTurn =
  | string
  | { send: 'photo'; caption?: string }
  | { send: 'voice' }
  /** A one-page PDF of `title` and `body`, sent as `fileName`. */
  | { send: 'pdf'; fileName: string; caption?: string; title: string; body: string[] }
  /** A reaction (an emoji) to the reply the customer just got; their next turn, if any, follows it. */
  | { react: string };

/** Every piece of text a turn shows (its line, caption, document), changed by `change`. */
export function mapTurnText(turn: CustomerTurn, change: (text: string) => string): CustomerTurn {
  if (typeof turn === 'string') return change(turn);
  if ('react' in turn || turn.send === 'voice') return turn;
  if (turn.send === 'photo') return turn.caption === undefined ? turn : { ...turn, caption: change(turn.caption) };
  return { ...turn, title: change(turn.title), body: turn.body.map(change), ...(turn.caption === undefined ? {} : { caption: change(turn.caption) }) };
}

export const CAST: readonly CastMember[] = [
  {
    number: '5511987650001',
    name: 'Mariana Costa',
    lines: ['Olá, gostaria de saber o preço do plano anual', 'E dá para pagar em 12 vezes?', 'Perfeito, vou fechar então. Obrigada!', { react: '👍' }],
    agent: [
      'Oi, Mariana! O plano anual sai por R$ 1.188, com dois meses grátis.',
      'Dá sim, em até 12x sem juros no cartão.',
      'Maravilha! Te mando o link de pagamento em instantes.',
    ],
  },
  {
    number: '14155550102',
    name: 'John Carter',
    lines: ['Hi, is my order #1234 shipped?', 'Great, do you have the tracking number?', 'Got it, thanks a lot!'],
    agent: [
      'Hi John! Yes, order #1234 left our warehouse this morning.',
      'Sure: BR123456789US, it should arrive on Friday.',
      'You are welcome, have a great day!',
    ],
  },
  {
    number: '5521987650003',
    name: 'Rafael Nunes',
    lines: [
      'Boa tarde! Meu pedido chegou com a caixa amassada',
      'Número do pedido é 5521, posso mandar foto?',
      { send: 'photo', caption: 'Chegou assim, olha a quina' },
      'Ok, aguardo a troca. Valeu!',
    ],
    agent: [
      'Boa tarde, Rafael! Sinto muito. Pode me passar o número do pedido?',
      'Pode sim, manda aqui.',
      'Obrigado pela foto! Já abri a troca, o entregador passa amanhã.',
      'Nós que agradecemos a paciência!',
    ],
  },
  {
    number: '447700900104',
    name: 'Emma Wilson',
    lines: ['Hello! Do you ship to the UK?', 'How long does it usually take?', 'Lovely, I will place an order today.'],
    agent: ['Hello Emma! We do, with tracked international shipping.', 'Usually 7 to 10 working days.', 'Wonderful, let us know if you need anything!'],
  },
  {
    number: '5531987650005',
    name: 'Camila Rocha',
    lines: ['Oi! Vocês têm a camiseta azul no tamanho M?', { send: 'voice' }, 'Combinado, obrigada!'],
    agent: [
      'Oi, Camila! Temos sim, restam 3 unidades no M.',
      'Sobre a entrega do seu áudio: para BH são 3 dias úteis.',
      'Por nada! Qualquer coisa é só chamar.',
    ],
  },
  {
    number: '5541987650006',
    name: 'Pedro Alves',
    lines: ['Bom dia, esqueci minha senha do portal', 'O e-mail é pedro.alves@exemplo.com', 'Recebi, consegui entrar. Obrigado!'],
    agent: ['Bom dia, Pedro! Qual e-mail está no seu cadastro?', 'Pronto, enviei um link para redefinir a senha.', 'Que bom! Estamos à disposição.'],
  },
  {
    number: '12125550107',
    name: 'Olivia Brown',
    lines: [
      'Hi there, can I change the delivery address of my order?',
      {
        send: 'pdf',
        fileName: 'order-7788.pdf',
        caption: 'Here is the order; the new address is 5th Avenue 100',
        title: 'Order #7788',
        body: [
          "Placed on the shop's website",
          '',
          '1 x Blue T-shirt (M)       R$ 59.90',
          '1 x Gift wrapping           R$ 5.00',
          '',
          'Total                       R$ 64.90',
          'Delivery: 7 to 10 working days',
        ],
      },
      'Thank you!',
    ],
    agent: ['Hi Olivia! Sure, what is the order number and the new address?', 'Done: order #7788 now goes to 5th Avenue 100.', 'Anytime!'],
  },
  {
    number: '5551987650008',
    name: 'Lucas Ferreira',
    lines: ['Olá, quero cancelar minha assinatura', 'Ah, com desconto eu fico. Quanto fica?', 'Fechado!'],
    agent: [
      'Olá, Lucas! Antes disso, posso te oferecer 30% de desconto por 3 meses?',
      'Fica R$ 69,90 por mês nesses 3 meses.',
      'Ótimo, já apliquei o desconto na sua conta.',
    ],
  },
];

const FIRST_NAMES = {
  pt: ['Beatriz', 'Thiago', 'Larissa', 'Gustavo', 'Fernanda', 'Bruno', 'Juliana', 'Diego', 'Patrícia', 'Rodrigo', 'Aline'],
  en: ['Sophie', 'James', 'Grace', 'Henry', 'Chloe', 'Oliver', 'Amelia'],
};
const LAST_NAMES = {
  pt: ['Martins', 'Barbosa', 'Ribeiro', 'Carvalho', 'Gomes', 'Almeida', 'Pereira', 'Lopes', 'Araújo'],
  en: ['Taylor', 'Davies', 'Evans', 'Walker', 'Hughes', 'Clarke', 'Turner', 'Wright'],
};

/**
 * The `k`-th customer to write in (0-based), for as long as the demo runs: the cast first, then
 * new people (fictional names, numbers no one else in the demo has) with the cast's scripts, the
 * agent's lines greeting them by their own first name.
 */
export function castMember(k: number): CastMember {
  const base = CAST[k % CAST.length]!;
  if (k < CAST.length) return base;
  const lang = base.number.startsWith('55') ? 'pt' : 'en';
  const n = k - CAST.length;
  const first = FIRST_NAMES[lang][n % FIRST_NAMES[lang].length]!;
  // The two lists' lengths are coprime: (n mod first, n mod last) names no one twice for a long while.
  const last = LAST_NAMES[lang][n % LAST_NAMES[lang].length]!;
  const baseFirst = base.name.split(' ')[0]!;
  const rename = (line: string) => line.replaceAll(baseFirst, first).replaceAll(baseFirst.toLowerCase(), first.toLowerCase());
  return {
    number: `551198${String(7_651_000 + n).padStart(7, '0')}`,
    name: `${first} ${last}`,
    lines: base.lines.map((turn) => mapTurnText(turn, rename)),
    agent: base.agent.map(rename),
  };
}

/** Old conversations the simulated phone syncs when it links: a few hundred messages. */
export function historyScript(): { number: string; name: string; messages: { id: string; text: string; time: number }[] }[] {
  const topics = ['pedido', 'entrega', 'boleto', 'troca', 'orçamento', 'cadastro'];
  const start = Math.floor(Date.now() / 1000) - 14 * 24 * 3600;
  return Array.from({ length: 12 }, (_, c) => ({
    number: `55119800000${String(c + 10)}`,
    name: `Cliente ${c + 1}`,
    messages: Array.from({ length: 25 }, (_, m) => ({
      id: `DEMOHIST${c}X${m}`,
      text: `Mensagem antiga ${m + 1} sobre ${topics[(c + m) % topics.length]}`,
      time: start + c * 3600 + m * 60,
    })),
  }));
}
