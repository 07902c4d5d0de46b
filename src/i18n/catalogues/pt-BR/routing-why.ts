/**
 * Brazilian Portuguese for how routing explains itself: `guru chat why`'s steps and the reasons
 * the rodízio skips an entry (also in `guru rr simulate`). See ../pt-BR.ts for the glossary.
 */
export const routingWhy = {
  'the number was closed (opening hours) — nobody assigned; it waits for opening time':
    'o número estava fechado (horário de atendimento) — sem responsável; aguarda a abertura',
  'the number was closed (opening hours) — nobody assigned; it waits for opening time, {0}':
    'o número estava fechado (horário de atendimento) — sem responsável; aguarda a abertura, {0}',
  'the menu bot took the conversation (no rodízio yet)': 'o bot de menu assumiu a conversa (sem rodízio por enquanto)',
  'bot: sent the menu': 'bot: enviou o menu',
  'bot: did not understand “{0}” (unknown answer {1}) — sent the menu again': 'bot: não entendeu “{0}” (resposta desconhecida {1}) — enviou o menu de novo',
  'bot: “{0}” chose {1}': 'bot: “{0}” escolheu {1}',
  'bot: {0} answers not understood — the normal rodízio decides': 'bot: {0} respostas não entendidas — decide o rodízio normal',
  'bot: no answer in time — the normal rodízio decides': 'bot: sem resposta a tempo — decide o rodízio normal',
  'automatic out-of-hours reply sent': 'resposta automática de fora do horário enviada',
  'bot message sent': 'mensagem do bot enviada',
  'skipped {0}': 'pulou {0}',
  'rodízio picked {0}': 'o rodízio escolheu {0}',
  'nobody in the rodízio — it waits': 'ninguém no rodízio — aguarda',
  'nobody could take it — it waits': 'ninguém pôde assumir — aguarda',
  'opened by a first message': 'aberta pela primeira mensagem',
  'reopened by a message': 'reaberta por uma mensagem',
  'synced from history': 'sincronizada do histórico',
  'opened from the phone': 'aberta pelo celular',
  'started by a colleague': 'iniciada por um colega',
  'transferred by {0} to {1}': 'transferida por {0} para {1}',
  nobody: 'ninguém',
  'handed out from the waiting chats ({0})': 'distribuída das conversas em espera ({0})',
  'handed out from the waiting chats': 'distribuída das conversas em espera',
  'handed over: the customer wrote while the agent was absent ({0})': 'repassada: o cliente escreveu com o atendente ausente ({0})',
  'handed over: the customer wrote while the agent was absent': 'repassada: o cliente escreveu com o atendente ausente',
  'routed after the menu bot': 'encaminhada depois do bot de menu',
  '{0} unknown answer': '{0} resposta desconhecida',
  '{0} unknown answers': '{0} respostas desconhecidas',
  'Why a chat went to whom: every routing step — rodízio decisions and the entries they skipped, hours, bot, hand-outs':
    'Por que uma conversa foi para quem foi: cada passo — decisões do rodízio e o que pulou, horário, bot, distribuições',
  Step: 'Passo',
  'handed over (see the steps below)': 'repassada (veja os passos abaixo)',
  'Waiting since': 'Aguardando desde',
  'With the bot': 'Com o bot',
  busy: 'ocupado',
  away: 'ausente',
  'at capacity {0}/{1}': 'no limite {0}/{1}',
  'at capacity': 'no limite',
  'not the department the bot chose': 'não é o departamento que o bot escolheu',
  '{0}/{1} open': '{0}/{1} abertas',
} as const;
