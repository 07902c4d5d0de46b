/**
 * Brazilian Portuguese for agents' availability (see ../pt-BR.ts): `guru status`, the status in
 * `guru user list`/`whoami`, the inbox's status key and its automatic away, `--away-after`.
 * Words: online → online (disponível, when it says "taking chats"), busy → ocupado, away →
 * ausente, offline → offline. The values typed on the command line (online, busy, away) stay
 * English, as every flag value does.
 */
export const routingStatus = {
  // core: src/core/ops/status.ts, src/core/ops/account.ts
  '"{0}" is not a status — use online, busy or away': '"{0}" não é um status — use online, busy ou away',
  'only away and online can be set automatically — busy is said by hand': 'só away e online podem ser automáticos — busy só o próprio atendente diz',
  'see statuses': 'ver status',
  "set other users' status": 'definir o status de outros usuários',
  'set statuses': 'definir status',
  'set the status of': 'definir o status de',
  'the away time must be from 1 minute to 24 hours, or 0 for never (got {0} ms) — e.g. `guru account set --away-after 15m`':
    'o tempo até ficar ausente deve ser de 1 minuto a 24 horas, ou 0 para nunca (recebido: {0} ms) — por exemplo `guru account set --away-after 15m`',
  'the owner has no status of its own — name an agent with --user <email>': 'o dono não tem status próprio — diga de qual atendente com --user <email>',
  // guru account set --away-after / account show
  'Away after': 'Ausente após',
  'mark an agent away after their inbox goes this long without a key press (15m, 1h; from 1m to 24h; never: 0)':
    'marcar o atendente como ausente depois de tanto tempo sem tocar numa tecla na caixa de entrada (15m, 1h; de 1m a 24h; never: 0)',
  never: 'nunca',
  // guru status
  'Say whether you take new chats — online, busy or away — or, without one, show your status':
    'Diz se você recebe conversas novas — online, busy (ocupado) ou away (ausente) — ou, sem argumento, mostra seu status',
  'Busy and away agents get no new chats from rodízio entries that skip offline agents (`guru rr add … --skip-offline`); waiting chats go to them as soon as they are online again. The inbox marks you away by itself after `guru account show`\'s "Away after" without a key press, and online again at the next key.':
    'Atendentes ocupados ou ausentes não recebem conversas novas das entradas do rodízio que pulam quem está offline (`guru rr add … --skip-offline`); as conversas em espera vão para eles assim que voltam a ficar online. A caixa de entrada marca você como ausente sozinha depois do "Ausente após" de `guru account show` sem nenhuma tecla, e online de novo na tecla seguinte.',
  'online (take chats), busy or away': 'online (recebe conversas), busy (ocupado) ou away (ausente)',
  "someone else's status (needs users.manage)": 'o status de outra pessoa (precisa de users.manage)',
  'the status': 'o status',
  User: 'Usuário',
  Since: 'Desde',
  Presence: 'Presença',
  'offline (no inbox open)': 'offline (nenhuma caixa de entrada aberta)',
  '{0} without a key press in the inbox': '{0} sem tocar numa tecla na caixa de entrada',
  '{0} (automatic)': '{0} (automático)',
  'You are {0} now': 'Seu status agora: {0}',
  '{0} <{1}> is {2} now': 'Status de {0} <{1}> agora: {2}',
  'the rodízio may give you new chats': 'o rodízio pode lhe passar conversas novas',
  'rodízio entries that skip offline agents give you no new chats until `guru status online`':
    'as entradas do rodízio que pulam quem está offline não lhe passam conversas novas até `guru status online`',
  'the team sees you offline until your inbox is open: `guru inbox`': 'a equipe vê você offline até sua caixa de entrada estar aberta: `guru inbox`',
  // guru tail
  '{0} is busy': '{0} está ocupado',
  '{0} is away': '{0} está ausente',
  // the inbox: the status bar, the status key (A) and the automatic away
  'you: {0}': 'você: {0}',
  'away: no key pressed for a while — any key brings you back online': 'ausente: nenhuma tecla há algum tempo — qualquer tecla deixa você online de novo',
  'back online': 'online de novo',
};
