/**
 * Brazilian Portuguese for where the data is kept (see ../pt-BR.ts): the PostgreSQL store and
 * `guru store migrate`. Words: store → armazenamento (PostgreSQL or the data dir's files), data
 * dir → diretório de dados, journal → diário de mensagens, audit entry → registro de auditoria,
 * login session → sessão de login, secret → segredo, schema → schema, copy → cópia.
 */
export const store = {
  // src/store/location.ts, src/store/postgres: the PostgreSQL store
  '{0} is not a store URL — write it as postgres://user:password@host:5432/database':
    '{0} não é uma URL de armazenamento — escreva-a como postgres://usuario:senha@host:5432/banco',
  '{0} is not a PostgreSQL URL — it must start with postgres://': '{0} não é uma URL do PostgreSQL — ela deve começar com postgres://',
  '{0} names no database — add it after the host: postgres://…@host:5432/guru':
    '{0} não indica um banco de dados — acrescente-o depois do host: postgres://…@host:5432/guru',
  'schema "{0}" in the store URL is not a plain name — use lowercase letters, digits and _':
    'o schema "{0}" na URL de armazenamento não é um nome simples — use letras minúsculas, dígitos e _',
  'cannot reach the PostgreSQL store {0} ({1}) — check that the server runs and the URL (GURU_STORE_URL or `guru init --store`) is right':
    'não foi possível acessar o armazenamento PostgreSQL {0} ({1}) — verifique se o servidor está no ar e se a URL (GURU_STORE_URL ou `guru init --store`) está certa',
  'the PostgreSQL store was set up by a newer Guru (schema {0}; this one knows up to {1}) — upgrade Guru; nothing was changed':
    'o armazenamento PostgreSQL foi criado por um Guru mais novo (schema {0}; este conhece até {1}) — atualize o Guru; nada foi alterado',
  'cannot read {0} ({1})': 'não foi possível ler {0} ({1})',
  '{0} holds {1}, which is not a PostgreSQL URL — it must start with postgres://':
    '{0} contém {1}, que não é uma URL do PostgreSQL — ela deve começar com postgres://',
  '{0} already keeps its data in files — to move them to PostgreSQL, use `guru store migrate --to <url>`':
    '{0} já guarda seus dados em arquivos — para levá-los ao PostgreSQL, use `guru store migrate --to <url>`',
  '{0} already keeps its data at {1} — use another --home for another store': '{0} já guarda seus dados em {1} — use outro --home para outro armazenamento',
  // guru init --store, guru daemon status (the store, who holds each number)
  'keep the data in PostgreSQL (postgres://user:password@host:5432/database) instead of the data dir':
    'guardar os dados no PostgreSQL (postgres://usuario:senha@host:5432/banco) em vez do diretório de dados',
  'data kept in PostgreSQL: {0}': 'dados guardados no PostgreSQL: {0}',
  Store: 'Armazenamento',
  'PostgreSQL {0}': 'PostgreSQL {0}',
  'files in {0}': 'arquivos em {0}',
  'held by the daemon on {0}': 'com o daemon em {0}',
  'waiting for a daemon to take it over': 'aguardando um daemon assumi-lo',

  // src/store/copy-stores.ts: a copy and its check
  '{0} holds no Guru account — there is nothing to migrate': '{0} não tem conta do Guru — não há nada para migrar',
  'media file {0}… in {1} does not hold the bytes its name says ({2} bytes hashing to {3}…) — the copy stopped':
    'o arquivo de mídia {0}… em {1} não contém os bytes que seu nome indica ({2} bytes com hash {3}…) — a cópia parou',
  'an account': 'uma conta',
  'audit entries': 'registros de auditoria',
  contacts: 'contatos',
  'media files': 'arquivos de mídia',
  'login sessions': 'sessões de login',
  "{0} already holds Guru data ({1}) — nothing was copied; migrate into an empty store: a new schema (postgres://…?schema=new_name) or a data dir without Guru's files":
    '{0} já contém dados do Guru ({1}) — nada foi copiado; migre para um armazenamento vazio: um schema novo (postgres://…?schema=novo_nome) ou um diretório de dados sem os arquivos do Guru',
  'the state': 'o estado',
  'the journal of {0}: {1} records in the source, {2} in the copy': 'o diário de {0}: {1} registros na origem, {2} na cópia',
  'the journal of {0}': 'o diário de {0}',
  'the audit: {0} entries in the source, {1} in the copy': 'a auditoria: {0} registros na origem, {1} na cópia',
  'the audit': 'a auditoria',
  secrets: 'segredos',
  'the copy in {0} is not the same as {1}: {2}': 'a cópia em {0} não é igual a {1}: {2}',

  // src/client/store-migration.ts
  'a daemon is running on {0} — stop it first (`guru daemon stop`) so nothing changes during the copy; nothing was copied':
    'um daemon está rodando em {0} — pare-o antes (`guru daemon stop`) para que nada mude durante a cópia; nada foi copiado',
  '{0} keeps its data in files already — to move it to PostgreSQL, give --to a postgres://… URL':
    '{0} já guarda seus dados em arquivos — para levá-los ao PostgreSQL, dê a --to uma URL postgres://…',
  '{0} keeps its data in {1} already — nothing to migrate': '{0} já guarda seus dados em {1} — nada a migrar',
  'no Guru data in {0} — nothing to migrate (pass --home with the data dir to migrate)':
    'não há dados do Guru em {0} — nada a migrar (passe --home com o diretório de dados a migrar)',
  '{0} holds files of an installation ({1}) besides the data in use at {2} — move them out of the data dir, then migrate again; nothing was copied':
    '{0} contém arquivos de uma instalação ({1}) além dos dados em uso em {2} — tire-os do diretório de dados e migre de novo; nada foi copiado',
  'a Guru daemon runs on {0} ({1}) — stop it first, on whichever machine it runs, then migrate (a daemon that died lets go within seconds)':
    'um daemon do Guru roda em {0} ({1}) — pare-o antes, em qualquer máquina onde rode, e então migre (um daemon que morreu libera em poucos segundos)',
  '--to takes `files` or a PostgreSQL URL (postgres://user:password@host:5432/database), not {0}':
    '--to aceita `files` ou uma URL do PostgreSQL (postgres://usuario:senha@host:5432/banco), não {0}',
  '{0} — the migration stopped: {1} still uses {2}, unchanged; what was copied so far is in {3} — remove it, then try again':
    '{0} — a migração parou: {1} continua usando {2}, sem alterações; o que foi copiado até aqui está em {3} — remova-o e tente de novo',
  '{0} — the migration stopped: {1} still uses {2}, unchanged; the partial copy in {3} must go before trying again: `DROP SCHEMA {4} CASCADE` in that database, or choose another ?schema=':
    '{0} — a migração parou: {1} continua usando {2}, sem alterações; a cópia parcial em {3} precisa ser removida antes de tentar de novo: `DROP SCHEMA {4} CASCADE` naquele banco, ou escolha outro ?schema=',

  'could not move the old files aside ({0}) — they are no longer used; move them out of {1} yourself':
    'não foi possível pôr de lado os arquivos antigos ({0}) — eles não são mais usados; tire-os de {1} você mesmo',
  // guru store migrate
  "Where the data is kept: the data dir's files, or PostgreSQL": 'Onde os dados ficam: nos arquivos do diretório de dados, ou no PostgreSQL',
  "Copy this data dir's data to PostgreSQL, or back to files; verified (counts and sha256) before the data dir switches to it. Stop the daemon first — every daemon using the store":
    'Copia os dados deste diretório de dados para o PostgreSQL, ou de volta para arquivos; conferidos (contagens e sha256) antes de o diretório de dados passar a usá-los. Pare o daemon antes — todo daemon que usa o armazenamento',
  'a PostgreSQL URL (postgres://user:password@host:5432/database?schema=guru, empty) or files':
    'uma URL do PostgreSQL (postgres://usuario:senha@host:5432/banco?schema=guru, vazio) ou files',
  'what was copied': 'o que foi copiado',
  'Moved the data of {0} to {1}: copied and verified (counts and sha256 of every part match); the data dir now uses it':
    'Os dados de {0} foram levados para {1}: copiados e conferidos (contagens e sha256 de cada parte batem); o diretório de dados agora usa esse armazenamento',
  'Moved the data of {0} from {1} back to its own files: copied and verified (counts and sha256 of every part match)':
    'Os dados de {0} voltaram de {1} para os arquivos do próprio diretório: copiados e conferidos (contagens e sha256 de cada parte batem)',
  'its old files are kept in {0} — remove them once you have checked the new store':
    'os arquivos antigos do diretório estão guardados em {0} — remova-os depois de conferir o novo armazenamento',
  'the data is still in {0} too — drop it there once you have checked (Guru never drops a schema)':
    'os dados continuam também em {0} — apague-os lá depois de conferir (o Guru nunca apaga um schema)',
  "GURU_STORE_URL is set, and wins over the data dir's choice: change it to the new store or unset it (here, and wherever the daemon is started)":
    'GURU_STORE_URL está definida e prevalece sobre a escolha do diretório de dados: mude-a para o novo armazenamento ou remova-a (aqui e onde quer que o daemon seja iniciado)',
  'next: start the daemon with `guru daemon start`': 'próximo passo: inicie o daemon com `guru daemon start`',
  'copied the state (account, users, departments, numbers, round-robins)': 'estado copiado (conta, usuários, departamentos, números, rodízios)',
  'copied the audit trail: {0} entries': 'auditoria copiada: {0} registros',
  'copied login sessions: {0}': 'sessões de login copiadas: {0}',
  'copied secrets (WhatsApp sessions, SMTP settings): {0}': 'segredos copiados (sessões do WhatsApp, configurações de SMTP): {0}',
  'copied contacts: {0}': 'contatos copiados: {0}',
  'copied media files: {0}': 'arquivos de mídia copiados: {0}',
  'copied the journal of {0}: {1} records': 'diário de {0} copiado: {1} registros',
  'verifying the copy against the original…': 'conferindo a cópia com o original…',
  'none of {0} answers — check the addresses and that the daemons run': 'nenhum de {0} responde — confira os endereços e se os daemons estão rodando',
  '{0} does not answer now — left out; log in again once it is up to add it':
    '{0} não responde agora — ficou de fora; faça login de novo quando ele voltar para incluí-lo',
  '{0} names {1} twice — list each server once': '{0} cita {1} duas vezes — liste cada servidor uma vez só',
  'lost the connection to the PostgreSQL store ({0}) — nothing was changed; try again once it is back':
    'a conexão com o armazenamento PostgreSQL caiu ({0}) — nada foi alterado; tente de novo quando ele voltar',
};
