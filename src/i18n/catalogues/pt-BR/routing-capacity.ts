/**
 * Brazilian Portuguese for capacity (`guru rr add|set --max-open`), the simulation's "what if"
 * (`guru rr simulate --busy/--away/--load`) and the number's policy for absent agents
 * (`guru phone set --reassign-when-absent`) (see ../pt-BR.ts).
 */
export const routingCapacity = {
  '--load for {0}': '--load de {0}',
  '--load takes email=N, the open chats to pretend that user holds (got "{0}"), e.g. --load bia@acme.com=3':
    '--load recebe e-mail=N, as conversas abertas que esse usuário teria na simulação (veio "{0}"), por exemplo --load bia@acme.com=3',
  'Away: {0}': 'Ausentes: {0}',
  'Busy: {0}': 'Ocupados: {0}',
  "Change a phone's label, or what happens when a customer writes to an agent who is busy, away or offline":
    'Muda o rótulo de um número, ou o que acontece quando um cliente escreve para um atendente ocupado, ausente ou offline',
  'Max open': 'Máx. abertas',
  'Reassign if absent': 'Redistribuir se ausente',
  "a customer writing into a chat whose agent is busy, away or offline goes to the rodízio's next pick":
    'a conversa de um cliente que escreve para um atendente ocupado, ausente ou offline vai para o próximo do rodízio',
  "a customer writing to an absent agent goes to the rodízio's next pick": 'o cliente que escreve para um atendente ausente vai para o próximo do rodízio',
  'a name for it, e.g. "Vendas SP" ("" takes it off)': 'um nome para ele, por exemplo "Vendas SP" ("" o remove)',
  'an absent agent keeps their chats': 'o atendente ausente fica com suas conversas',
  'at most {0} open chats': 'no máximo {0} conversas abertas',
  'change phones': 'alterar números',
  'no cap on its open chats': 'sem limite de conversas abertas',
  'no cap on open chats': 'sem limite de conversas abertas',
  'nothing to set — pass --active/--inactive, --skip-offline/--no-skip-offline and/or --max-open N/--no-max-open':
    'nada para definir — passe --active/--inactive, --skip-offline/--no-skip-offline e/ou --max-open N/--no-max-open',
  'nothing to set — pass --label L and/or --reassign-when-absent/--no-reassign-when-absent':
    'nada para definir — passe --label R e/ou --reassign-when-absent/--no-reassign-when-absent',
  'pass over it while its target holds N open chats on this number (1 to 1000)':
    'pula a entrada enquanto o alvo tiver N conversas abertas neste número (de 1 a 1000)',
  'pass over this entry while its target holds N open chats on this number (1 to 1000)':
    'pula esta entrada enquanto o alvo tiver N conversas abertas neste número (de 1 a 1000)',
  'pretend this user holds N open chats on the number instead of what they hold now (repeatable)':
    'simula que este usuário tem N conversas abertas no número, em vez das que tem agora (pode repetir)',
  'the agent keeps the chat while absent (the default)': 'o atendente fica com a conversa enquanto estiver ausente (o padrão)',
  'treat these users as connected but away (comma-separated, repeatable)':
    'trata estes usuários como conectados, mas ausentes (separados por vírgula, pode repetir)',
  'treat these users as connected but busy (comma-separated, repeatable)':
    'trata estes usuários como conectados, mas ocupados (separados por vírgula, pode repetir)',
  '{0} is in both --{1} and --{2} — name each user once': '{0} está em --{1} e em --{2} — cite cada usuário uma vez só',
};
