/** Brazilian Portuguese for opening hours and the out-of-hours reply (`guru phone hours`, src/core/opening-hours.ts; see ../pt-BR.ts). */
export const routingHours = {
  '"{0}" comes before any day — name the days first, like: mon-fri {1}': '"{0}" vem antes de qualquer dia — diga os dias primeiro, como: seg-sex {1}',
  '"{0}" ends before it starts — a range through midnight is two, one each day: fri 22:00-24:00 sat 00:00-02:00 (for example: {1})':
    '"{0}" termina antes de começar — um horário que passa da meia-noite vira dois, um em cada dia: sex 22:00-24:00 sáb 00:00-02:00 (por exemplo: {1})',
  '"{0}" has no hours after it — give them like {1} 09:00-13:00, or leave a closed day out (for example: {2})':
    '"{0}" não tem horário depois — informe como {1} 09:00-13:00, ou deixe de fora o dia fechado (por exemplo: {2})',
  '"{0}" is neither a day (mon…sun, seg…dom) nor a time range (08:00-18:00) — for example: {1}':
    '"{0}" não é um dia (seg…dom, mon…sun) nem um horário (08:00-18:00) — por exemplo: {1}',
  '"{0}" is not a date — give a holiday as YYYY-MM-DD, like 2026-12-25': '"{0}" não é uma data — informe o feriado como AAAA-MM-DD, como 2026-12-25',
  '"{0}" is not a time range — write it as HH:MM-HH:MM, from 00:00 to 24:00, like 08:00-18:00 (for example: {1})':
    '"{0}" não é um horário — escreva HH:MM-HH:MM, de 00:00 a 24:00, como 08:00-18:00 (por exemplo: {1})',
  '--off drops the hours altogether — give it alone, or leave it out to change them':
    '--off remove o horário de atendimento inteiro — use-o sozinho, ou deixe-o de fora para alterar o horário',
  'Automatic reply': 'Resposta automática',
  Friday: 'Sexta-feira',
  Holidays: 'Feriados',
  Hours: 'Horário',
  Monday: 'Segunda-feira',
  Now: 'Agora',
  'Opening hours of {0} set': 'Horário de atendimento de {0} definido',
  Saturday: 'Sábado',
  'Show or set when a number is attended: outside its hours new chats wait for opening time, and customers get an automatic reply':
    'Mostra ou define o horário de atendimento de um número: fora dele as novas conversas esperam a abertura, e os clientes recebem uma resposta automática',
  Sunday: 'Domingo',
  Thursday: 'Quinta-feira',
  Tuesday: 'Terça-feira',
  Wednesday: 'Quarta-feira',
  'a holiday no longer closed (repeatable)': 'um feriado que não fecha mais (repetível)',
  'a whole day closed, YYYY-MM-DD (repeatable, comma lists too)': 'um dia inteiro fechado, AAAA-MM-DD (repetível, listas com vírgula também)',
  'closed all day': 'fechado o dia todo',
  'closed now': 'fechado agora',
  'closed — opens {0}': 'fechado — abre {0}',
  'closed, with no opening ahead': 'fechado, sem abertura prevista',
  'days and hours, like mon-fri 08:00-18:00 sat 09:00-13:00 (Portuguese days too: seg-sex, sáb, dom); none: show them':
    'dias e horários, como seg-sex 08:00-18:00 sáb 09:00-13:00 (dias em inglês também: mon-fri, sat, sun); nenhum: mostra o horário',
  'drop the hours: always open': 'remove o horário de atendimento: sempre aberto',
  'no opening hours given — name days and their hours, like: {0}': 'nenhum horário de atendimento informado — diga os dias e seus horários, como: {0}',
  'nothing to set — give the hours (like {0}), --tz, --holiday, --reply or --no-reply; or --off':
    'nada para definir — informe o horário (como {0}), --tz, --holiday, --reply ou --no-reply; ou --off',
  'on {0}, {1}-{2} and {3}-{4} overlap — give each hour once, like mon-fri 08:00-12:00 13:00-18:00':
    'em {0}, {1}-{2} e {3}-{4} se sobrepõem — informe cada hora uma vez só, como seg-sex 08:00-12:00 13:00-18:00',
  'open now': 'aberto agora',
  'send no automatic reply': 'não envia resposta automática',
  'set opening hours': 'definir horários de atendimento',
  "the IANA time zone they are read in, e.g. America/Sao_Paulo; none: the account's":
    'o fuso horário IANA em que o horário é lido, ex.: America/Sao_Paulo; none: o da conta',
  'the automatic reply is empty — give its text, or --no-reply for none': 'a resposta automática está vazia — informe o texto, ou --no-reply para nenhuma',
  'the automatic reply out of hours, sent once per conversation per closed period':
    'a resposta automática fora do horário, enviada uma vez por conversa a cada período fechado',
  'the phone and its hours': 'o número e seu horário de atendimento',
  '{0} has no opening hours now: always open': '{0} não tem mais horário de atendimento: sempre aberto',
  '{0} has no opening hours yet — give them first, like: guru phone hours {1} {2}':
    '{0} ainda não tem horário de atendimento — informe-o primeiro, como: guru phone hours {1} {2}',
  '{0} has no opening hours: always open — set them like `guru phone hours {1} mon-fri 08:00-18:00`':
    '{0} não tem horário de atendimento: sempre aberto — defina-o como `guru phone hours {1} seg-sex 08:00-18:00`',
  'as the number\'s opening hours stand then: "2026-12-02 09:00" in the team’s time zone, or ISO with an offset':
    'conforme o horário de atendimento do número nesse momento: "2026-12-02 09:00" no fuso horário da equipe, ou ISO com deslocamento',
  '{0} is closed then (opening hours): new chats wait unassigned, and at opening time ({1}) go to these picks':
    '{0} está fechado nesse momento (horário de atendimento): novas conversas esperam sem responsável e, na abertura ({1}), vão para estas escolhas',
  '{0} is closed then and never opens (opening hours): new chats wait unassigned':
    '{0} está fechado nesse momento e nunca abre (horário de atendimento): novas conversas esperam sem responsável',
  '🤖 automatic reply (out of hours)': '🤖 resposta automática (fora do horário)',
  '🤖 menu bot': '🤖 menu automático',
};
