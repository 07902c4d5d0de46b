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
};
