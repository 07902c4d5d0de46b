/**
 * Brazilian Portuguese for a customer's data under the LGPD (see ../pt-BR.ts): `guru contact
 * export|erase`. Words: erase → apagar (for good: definitivamente), export → exportar, journal
 * record → registro do histórico, log → log, audit entry → registro de auditoria.
 */
export const privacy = {
  // core: src/core/ops/contact-privacy.ts
  "a customer's data lives in the daemon — start it with `guru daemon start`": 'os dados de um cliente ficam no daemon — inicie-o com `guru daemon start`',
  "erase a customer's data": 'apagar os dados de um cliente',
  "export a customer's data": 'exportar os dados de um cliente',
  // stores
  'nothing was erased': 'nada foi apagado',
  'the audit log was left as it was': 'o log de auditoria ficou como estava',
  // guru contact export
  'Everything Guru holds about a customer (LGPD), as JSON and their files, in a new directory (needs contacts.privacy)':
    'Tudo o que o Guru guarda sobre um cliente (LGPD), em JSON e com os arquivos, num diretório novo (precisa de contacts.privacy)',
  'the directory to create (default: guru-export-<number>-<date> here); it must not exist, or be empty':
    'o diretório a criar (padrão: guru-export-<número>-<data> aqui); não pode existir, ou deve estar vazio',
  'where it went and what it holds': 'onde ficou e o que contém',
  'Exported {0}: {1} chats, {2} messages and notes, {3} files — in {4}': 'Exportado {0}: {1} conversas, {2} mensagens e notas, {3} arquivos — em {4}',
  '{0} is not empty — give a new directory with --out': '{0} não está vazio — indique um diretório novo com --out',
  // guru contact erase
  'Erases everything Guru holds about a customer (LGPD): chats, messages, notes, files, contact, and their name in the audit and the log — for good (needs contacts.privacy)':
    'Apaga tudo o que o Guru guarda sobre um cliente (LGPD): conversas, mensagens, notas, arquivos, contato, e seu nome na auditoria e no log — definitivamente (precisa de contacts.privacy)',
  'do not ask (scripts); on a terminal it shows what will go and asks': 'não pergunta (scripts); num terminal mostra o que será apagado e pergunta',
  'what was erased': 'o que foi apagado',
  'Everything Guru holds about {0} will be erased, for good:': 'Tudo o que o Guru guarda sobre {0} será apagado, definitivamente:',
  number: 'número',
  messages: 'mensagens',
  "and the team's contact: {0}, {1}": 'e o contato da equipe: {0}, {1}',
  'no name': 'sem nome',
  '{0} field': '{0} campo',
  '{0} fields': '{0} campos',
  'Erase {0}? This cannot be undone': 'Apagar {0}? Não dá para desfazer',
  'Nothing was erased.': 'Nada foi apagado.',
  'Erased {0} — chats: {1}, journal records: {2}, files: {3}; audit entries that no longer name them: {4}, log lines removed: {5}':
    'Apagado {0} — conversas: {1}, registros do histórico: {2}, arquivos: {3}; registros de auditoria que não o citam mais: {4}, linhas do log removidas: {5}',
  // prompts
  'this cannot be undone: confirm with --yes (prompting is off: --no-input or not a terminal)':
    'não dá para desfazer: confirme com --yes (sem perguntas: --no-input ou fora de um terminal)',
  // retention: src/core/privacy/retention.ts, src/core/ops/retention.ts, guru retention, guru account set --retention
  'the retention is a period from 30 days to 100 years, like 24mo, 90d or 2y (got "{0}") — e.g. `guru account set --retention 24mo`, or off':
    'a retenção é um período de 30 dias a 100 anos, como 24mo, 90d ou 2y (recebido "{0}") — por exemplo `guru account set --retention 24mo`, ou off',
  'see what retention erases': 'ver o que a retenção apaga',
  'set how long conversations are kept': 'definir por quanto tempo as conversas são guardadas',
  'conversations live in the daemon — start it with `guru daemon start`': 'as conversas ficam no daemon — inicie-o com `guru daemon start`',
  'erase closed conversations whose last message is older than this, every day (24mo, 90d, 2y; at least 30d; off: keep them) — see `guru retention plan`':
    'apaga todo dia as conversas encerradas cuja última mensagem é mais antiga que isto (24mo, 90d, 2y; no mínimo 30d; off: guarda) — veja `guru retention plan`',
  Retention: 'Retenção',
  'closed conversations erased {0} after their last message': 'conversas encerradas apagadas {0} após a última mensagem',
  'off (kept for good)': 'desligada (guardadas para sempre)',
  'How long closed conversations are kept (set with `guru account set --retention`), and what goes next':
    'Por quanto tempo as conversas encerradas são guardadas (definido com `guru account set --retention`), e o que sai a seguir',
  'The closed conversations the next daily retention run erases (needs contacts.privacy)':
    'As conversas encerradas que a próxima execução diária da retenção apaga (precisa de contacts.privacy)',
  'the plan': 'o plano',
  'Retention is off: conversations are kept for good — `guru account set --retention 24mo` sets it.':
    'A retenção está desligada: as conversas ficam guardadas para sempre — `guru account set --retention 24mo` a define.',
  'Retention {0}: the next run erases the closed conversations whose last message came before {1} — {2} chats; {3} customers go whole (their contact too).':
    'Retenção {0}: a próxima execução apaga as conversas encerradas cuja última mensagem veio antes de {1} — {2} conversas; {3} clientes saem por inteiro (o contato também).',
  'last message': 'última mensagem',
  // secrets at rest: src/store/secret-key.ts, guru key new
  'GURU_KEY_FILE {0} can be read by others (mode {1}) — `chmod 600 {2}`': 'GURU_KEY_FILE {0} pode ser lido por outros (modo {1}) — `chmod 600 {2}`',
  'GURU_KEY_FILE {0} is inside the data dir {1}: a copy of the data dir would carry the key — keep it elsewhere':
    'GURU_KEY_FILE {0} está dentro do diretório de dados {1}: uma cópia do diretório levaria a chave junto — guarde-a em outro lugar',
  'GURU_KEY_FILE {0} is not a key (64 hex digits) — make one with `guru key new <file>`':
    'GURU_KEY_FILE {0} não é uma chave (64 dígitos hexadecimais) — crie uma com `guru key new <arquivo>`',
  'cannot read GURU_KEY_FILE {0} ({1}) — make one with `guru key new {2}`': 'não foi possível ler GURU_KEY_FILE {0} ({1}) — crie uma com `guru key new {2}`',
  '{0} is encrypted — set GURU_KEY_FILE to its key file (kept outside the data dir) and try again':
    '{0} está criptografado — defina GURU_KEY_FILE com o arquivo da chave (guardado fora do diretório de dados) e tente de novo',
  '{0} was encrypted with another key ({1}; GURU_KEY_FILE is {2}) — point GURU_KEY_FILE at that key':
    '{0} foi criptografado com outra chave ({1}; GURU_KEY_FILE é {2}) — aponte GURU_KEY_FILE para essa chave',
  '{0} does not open with its key: it was changed or damaged — restore it from a backup (or link the phone again)':
    '{0} não abre com a sua chave: foi alterado ou está danificado — restaure-o de um backup (ou conecte o número de novo)',
  'The key secrets are encrypted with at rest (GURU_KEY_FILE): WhatsApp sessions and the SMTP password':
    'A chave com que os segredos são criptografados em disco (GURU_KEY_FILE): sessões do WhatsApp e a senha do SMTP',
  'Make a new key file (0600) outside the data dir; then start the daemon with GURU_KEY_FILE set to it':
    'Cria um arquivo de chave novo (0600) fora do diretório de dados; depois inicie o daemon com GURU_KEY_FILE apontando para ele',
  'where to write it (never over an existing file, never inside the data dir)':
    'onde gravá-la (nunca sobre um arquivo existente, nunca dentro do diretório de dados)',
  '{0} is inside the data dir {1}: a copy of the data dir would carry the key — choose a place outside it':
    '{0} está dentro do diretório de dados {1}: uma cópia do diretório levaria a chave junto — escolha um lugar fora dele',
  '{0} exists already — a key is never overwritten (the secrets it encrypted would be lost); choose another file':
    '{0} já existe — uma chave nunca é sobrescrita (os segredos que ela criptografou se perderiam); escolha outro arquivo',
  'cannot create {0} ({1})': 'não foi possível criar {0} ({1})',
  "Wrote a new key to {0} — keep a copy apart from the data dir's backups: without it, encrypted secrets cannot be read":
    'Chave nova gravada em {0} — guarde uma cópia longe dos backups do diretório de dados: sem ela, os segredos criptografados não podem ser lidos',
  'Start the daemon with GURU_KEY_FILE={0}: it encrypts the secrets still in plain text.':
    'Inicie o daemon com GURU_KEY_FILE={0}: ele criptografa os segredos ainda em texto puro.',
};
