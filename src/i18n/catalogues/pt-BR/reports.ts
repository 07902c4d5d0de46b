/**
 * Brazilian Portuguese for reports (see ../pt-BR.ts): `guru report` and its figures. Words: first
 * response → primeira resposta, resolution → resolução, waiting → aguardando, median → mediana,
 * p90 stays p90. Grouping values typed on the command line (agent, dept, phone, day, hour) stay
 * English, as every flag value does.
 */
export const reports = {
  // core: src/core/ops/reports.ts
  '(no department)': '(sem departamento)',
  '(nobody)': '(ninguém)',
  'cannot group a report by "{0}" — use one of {1}': 'não dá para agrupar um relatório por "{0}" — use um destes: {1}',
  'read reports': 'ver relatórios',
  'removed department {0}': 'departamento removido {0}',
  'removed user {0}': 'usuário removido {0}',
  "the report's period is empty: {0} is not before {1}": 'o período do relatório está vazio: {0} não é antes de {1}',
  // guru report
  'Conversations, first response and resolution times, messages and who waits now, over a period':
    'Conversas, tempos de primeira resposta e de resolução, mensagens e quem aguarda agora, num período',
  'the period: from a duration ago (30m, 12h, 7d) or a date, until now (default: 7d)':
    'o período: desde uma duração atrás (30m, 12h, 7d) ou uma data, até agora (padrão: 7d)',
  "the period's first day (2026-11-01) or time, in the account's time zone": 'o primeiro dia do período (2026-11-01) ou um horário, no fuso da conta',
  "the period's last day, included (or a time, excluded); default: now": 'o último dia do período, incluído (ou um horário, excluído); padrão: agora',
  'one row per agent, department, number, day or hour of the day': 'uma linha por atendente, departamento, número, dia ou hora do dia',
  'the report': 'o relatório',
  'print as CSV (durations in seconds), for a spreadsheet': 'imprime em CSV (durações em segundos), para uma planilha',
  "First response: from the customer's first unanswered message of a conversation to the first reply by a person (the bot and the out-of-hours reply do not count). Resolution: from a conversation's opening or reopening to its closing. Median and p90; see the README's \"Reports\".":
    'Primeira resposta: da primeira mensagem sem resposta do cliente numa conversa até a primeira resposta de uma pessoa (o bot e a resposta fora do horário não contam). Resolução: da abertura ou reabertura da conversa até o encerramento. Mediana e p90; veja "Reports" no README.',
  'give either --since or --from/--to, not both': 'use --since ou --from/--to, não os dois',
  'give either --json or --csv, not both': 'use --json ou --csv, não os dois',
  'From {0} to {1} ({2})': 'De {0} a {1} ({2})',
  total: 'total',
  Agent: 'Atendente',
  Department: 'Departamento',
  Day: 'Dia',
  Hour: 'Hora',
  Opened: 'Abertas',
  Reopened: 'Reabertas',
  Closed: 'Encerradas',
  'First response (median / p90)': 'Primeira resposta (mediana / p90)',
  'Resolution (median / p90)': 'Resolução (mediana / p90)',
  In: 'Recebidas',
  Out: 'Enviadas',
  'Waiting now': 'Aguardando agora',
  longest: 'a mais antiga há',
  // guru phone health
  "read the numbers' health": 'ver a saúde dos números',
  "Each number's link health since the daemon started: drops and why, undecryptable messages, @lid numbers known, history taken in, the outbox; exits 4 while one is not connected":
    'A saúde da conexão de cada número desde que o daemon iniciou: quedas e motivos, mensagens que não puderam ser decifradas, números @lid conhecidos, histórico recebido, a fila de envio; sai com 4 enquanto algum não estiver conectado',
  'only this number': 'só este número',
  Drops: 'Quedas',
  'Last drop': 'Última queda',
  'Undecryptable (recovered)': 'Não decifradas (recuperadas)',
  '@lid known': '@lid conhecidos',
  History: 'Histórico',
  'Outbox pending / failed': 'Fila: pendentes / com falha',
  '{0} chats, {1} messages{2}': '{0} conversas, {1} mensagens{2}',
  '{0} is not connected ({1} since {2})': '{0} não está conectado ({1} desde {2})',
  // the inbox's team panel (P)
  'see the team panel': 'ver o painel da equipe',
  'the team panel needs the "reports.view" permission — ask an admin': 'o painel da equipe precisa da permissão "reports.view" — peça a um administrador',
  'loading the team panel…': 'carregando o painel da equipe…',
  'Team panel · {0} · live — P or Esc closes': 'Painel da equipe · {0} · ao vivo — P ou Esc fecha',
  'Unassigned: {0} open, {1} waiting for the rodízio, oldest {2}': 'Sem responsável: {0} abertas, {1} aguardando o rodízio, a mais antiga há {2}',
  Open: 'Abertas',
  Waiting: 'Aguardando',
  Longest: 'Mais antiga',
  'Next pick': 'Próximo no rodízio',
  'Undecr.': 'Não decif.',
  Outbox: 'Fila',
  'close the panel': 'fechar o painel',
  'closes the team panel': 'fecha o painel da equipe',
  panel: 'painel',
};
