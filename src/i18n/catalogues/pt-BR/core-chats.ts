/** Brazilian Portuguese for the texts of core-chats (see ../pt-BR.ts). */
export const coreChats = {
  // src/store: the data dir, the state file, the journal, full disks
  'another Guru process is writing to {0} — try again; a lock left by a crashed process clears itself within {1} s':
    'outro processo do Guru está gravando em {0} — tente de novo; uma trava deixada por um processo que travou se libera sozinha em até {1} s',
  'cannot be read ({0})': 'não pode ser lido ({0})',
  'could not write the message journal {0}: {1}': 'não foi possível gravar o diário de mensagens {0}: {1}',
  'disk full: no space left on the disk holding {0} (writing {1}) — {2}; free disk space and try again':
    'disco cheio: não há espaço no disco de {0} (gravando {1}) — {2}; libere espaço em disco e tente de novo',
  'disk full: the disk quota is exceeded in {0} (writing {1}) — {2}; free disk space or raise the quota and try again':
    'disco cheio: a cota de disco foi excedida em {0} (gravando {1}) — {2}; libere espaço em disco ou aumente a cota e tente de novo',
  'has no schemaVersion': 'não tem schemaVersion',
  'is damaged ("account" is not an object)': 'está danificado ("account" não é um objeto)',
  'is damaged ("commit" is not a write record)': 'está danificado ("commit" não é um registro de gravação)',
  'is damaged ("cursors" is missing)': 'está danificado (falta "cursors")',
  'is damaged ("{0}" is missing or not a list)': 'está danificado ("{0}" está faltando ou não é uma lista)',
  'is not a JSON object': 'não é um objeto JSON',
  'is not at schema {0}': 'não está no esquema {0}',
  'is not valid JSON ({0})': 'não é um JSON válido ({0})',
  'lost the lock on {0}: {1}': 'a trava de {0} foi perdida: {1}',
  'message journal {0} has no whole record at byte {1}': 'o diário de mensagens {0} não tem um registro inteiro no byte {1}',
  'message journal {0} is damaged at line {1} (not a torn tail: a line in the middle) — Guru stopped without touching it; restore it from a backup':
    'o diário de mensagens {0} está danificado na linha {1} (não é um final cortado: é uma linha no meio) — o Guru parou sem mexer nele; restaure-o de um backup',
  'migrated {0} from schema {1} to {2}; the old file is kept as {3}': '{0} migrado do esquema {1} para o {2}; o arquivo antigo foi guardado como {3}',
  'no Guru data in {0} — set it up with `guru init` (or pass --home / GURU_HOME)':
    'não há dados do Guru em {0} — configure com `guru init` (ou informe --home / GURU_HOME)',
  'no media file {0}… is kept': 'nenhum arquivo de mídia {0}… está guardado',
  'no migration from state schema {0} to {1} — this Guru build is broken; reinstall it':
    'não há migração do esquema de estado {0} para o {1} — esta versão do Guru está com defeito; reinstale-a',
  'no session was changed': 'nenhuma sessão foi alterada',
  'nothing was changed': 'nada foi alterado',
  'nothing was changed (the audit entries of an earlier change could not be added)':
    'nada foi alterado (não foi possível adicionar os registros de auditoria de uma alteração anterior)',
  'nothing was migrated or changed (the backup of the state file could not be written)':
    'nada foi migrado nem alterado (não foi possível gravar o backup do arquivo de estado)',
  'state file {0} could not be migrated from schema {1} to {2} ({3}) — Guru stopped without touching it; restore it from a backup or fix it by hand':
    'não foi possível migrar o arquivo de estado {0} do esquema {1} para o {2} ({3}) — o Guru parou sem mexer nele; restaure-o de um backup ou corrija-o à mão',
  'state file {0} has schema {1}, older than any this Guru can migrate (oldest: {2}) — Guru stopped without touching it; open it with an older Guru first':
    'o arquivo de estado {0} está no esquema {1}, mais antigo do que este Guru consegue migrar (o mais antigo: {2}) — o Guru parou sem mexer nele; abra-o antes com um Guru mais antigo',
  'state file {0} was written by a newer Guru (schema {1}; this one reads up to {2}) — upgrade Guru':
    'o arquivo de estado {0} foi gravado por um Guru mais novo (esquema {1}; este lê até o {2}) — atualize o Guru',
  'state file {0} {1} — Guru stopped without touching it; restore it from a backup or fix it by hand':
    'o arquivo de estado {0} {1} — o Guru parou sem mexer nele; restaure-o de um backup ou corrija-o à mão',
  'the change was made and its audit entry kept with it; the next change made here adds it to the log':
    'a alteração foi feita e seu registro de auditoria ficou guardado com ela; a próxima alteração feita aqui o adiciona ao log de auditoria',
  'the change was made but its audit entry was not written': 'a alteração foi feita, mas seu registro de auditoria não foi gravado',
  'the file was not kept': 'o arquivo não foi guardado',
  'the message was not stored (nor acknowledged)': 'a mensagem não foi guardada (nem confirmada)',
  'the round-robin turn was not saved': 'a vez do rodízio não foi salva',
  'the state file was not changed': 'o arquivo de estado não foi alterado',
  'the state migration from schema {0} did not produce schema {1} — this Guru build is broken; reinstall it':
    'a migração de estado do esquema {0} não gerou o esquema {1} — esta versão do Guru está com defeito; reinstale-a',
  '{0} belongs to another user (uid {1}, not {2}) — a Guru data dir must be your own; run guru as that user, or choose a dir of yours with --home':
    '{0} pertence a outro usuário (uid {1}, não {2}) — o diretório de dados do Guru precisa ser seu; rode o guru como esse usuário ou escolha um diretório seu com --home',
  "{0} cannot grow: the file size limit was reached (EFBIG) — {1}; free disk space or raise the limit (`ulimit -f`, the filesystem's maximum) and try again":
    '{0} não pode crescer: o limite de tamanho de arquivo foi atingido (EFBIG) — {1}; libere espaço em disco ou aumente o limite (`ulimit -f`, o máximo do sistema de arquivos) e tente de novo',
  '{0} is not a Guru contacts file — restore it from a backup (Guru will not write over it)':
    '{0} não é um arquivo de contatos do Guru — restaure-o de um backup (o Guru não vai gravar por cima dele)',
  '{0} is not a directory — pass --home with a Guru data directory': '{0} não é um diretório — informe --home com um diretório de dados do Guru',
  '{0} is read-only (a read-only filesystem; writing {1}) — {2}; remount it read-write and try again':
    '{0} é somente leitura (um sistema de arquivos somente leitura; gravando {1}) — {2}; monte-o de novo com leitura e gravação e tente de novo',
  "{0} is read-only for this user (permission denied writing {1}) — {2}; run guru as the data dir's owner or make it writable (chmod u+w)":
    '{0} é somente leitura para este usuário (permissão negada ao gravar {1}) — {2}; rode o guru como o dono do diretório de dados ou libere a gravação (chmod u+w)',
  // src/core/chats: sending, replying, @mentions, the outbox
  '"{0}" is not a WhatsApp customer id (expected a number like +5511988887777 or a JID)':
    '"{0}" não é um id de cliente do WhatsApp (esperava um número como +5511988887777 ou um JID)',
  "@{0} could be {1} — write the one you mean by their e-mail's first part":
    '@{0} pode ser {1} — escreva quem você quer dizer pela primeira parte do e-mail da pessoa',
  'WhatsApp refused it': 'o WhatsApp recusou',
  'a message needs an id': 'uma mensagem precisa de um id',
  'a message\'s content is {"type": "text", "text": "…"}, or the type is one of image, audio, video, document, sticker, location, contact, reaction, edit, delete':
    'o conteúdo de uma mensagem é {"type": "text", "text": "…"}, ou o type é um destes: image, audio, video, document, sticker, location, contact, reaction, edit, delete',
  'a search of yours is still running — wait for it to finish, then search again':
    'uma busca sua ainda está em andamento — espere ela terminar e busque de novo',
  'a sha256 in lowercase hex': 'um sha256 em hexadecimal minúsculo',
  'an idempotency key must be 1-{0} printable ASCII characters without spaces (a UUID does) — or leave it out':
    'uma chave de idempotência precisa ter de 1 a {0} caracteres ASCII imprimíveis, sem espaços (um UUID serve) — ou deixe-a de fora',
  'content.type: not a kind of message — {0}': 'content.type: não é um tipo de mensagem — {0}',
  'content: expected an object — {0}': 'content: esperava um objeto — {0}',
  'give one of text, a file or a quick reply': 'informe um só: texto, um arquivo ou uma resposta rápida',
  'idempotency key "{0}" was already used for a different message in this chat — use a new key for a new message':
    'a chave de idempotência "{0}" já foi usada para outra mensagem nesta conversa — use uma chave nova para uma mensagem nova',
  'logged out — relink with `guru phone link {0}`': 'desconectado — conecte de novo com `guru phone link {0}`',
  'message too long ({0} characters; WhatsApp takes at most {1})': 'mensagem longa demais ({0} caracteres; o WhatsApp aceita no máximo {1})',
  'message {0} has no content this version knows': 'a mensagem {0} não tem um conteúdo que esta versão conheça',
  'message {0} is an internal note: it never leaves the team, so it cannot be reacted to — pick a message of the conversation':
    'a mensagem {0} é uma nota interna: ela nunca sai da equipe, então não dá para reagir a ela — escolha uma mensagem da conversa',
  'message {0} is an internal note: it never leaves the team, so it cannot be replied to — pick a message of the conversation':
    'a mensagem {0} é uma nota interna: ela nunca sai da equipe, então não dá para respondê-la — escolha uma mensagem da conversa',
  'message {0} is itself a {1}: react to the message it is about instead': 'a mensagem {0} já é do tipo {1}: reaja à mensagem a que ela se refere',
  'message {0} is itself a {1}: reply to the message it is about instead': 'a mensagem {0} já é do tipo {1}: responda à mensagem a que ela se refere',
  'message {0} is not an outgoing message: only a failed message can be retried':
    'a mensagem {0} não é uma mensagem enviada: só uma mensagem que falhou pode ser reenviada',
  'message {0} is not one Guru sent in chat {1}': 'a mensagem {0} não foi enviada pelo Guru na conversa {1}',
  'message {0} is {1}: only a failed message can be retried': 'a mensagem {0} está com status {1}: só uma mensagem que falhou pode ser reenviada',
  'no message {0} in chat {1} to react to — `guru chat show {2}` lists its message ids':
    'não há mensagem {0} na conversa {1} para reagir — `guru chat show {2}` lista os ids das mensagens dela',
  'no message {0} in chat {1} to reply to — `guru chat show {2}` lists its message ids':
    'não há mensagem {0} na conversa {1} para responder — `guru chat show {2}` lista os ids das mensagens dela',
  'no one is called @{0} — did you mean {1}?': 'ninguém se chama @{0} — você quis dizer {1}?',
  'no one on the team is called @{0} — mention a colleague by the first part of their e-mail or their first name':
    'ninguém na equipe se chama @{0} — mencione um colega pela primeira parte do e-mail ou pelo primeiro nome',
  'nothing to send: the message is empty': 'nada para enviar: a mensagem está vazia',
  'phone {0} cannot send: {1}': 'o número {0} não pode enviar: {1}',
  'phone {0} is not registered': 'o número {0} não está cadastrado',
  'sending {0} messages is not supported — send text, a file or a reaction':
    'não é possível enviar mensagens do tipo {0} — envie texto, um arquivo ou uma reação',
  'the caption is empty — leave it out': 'a legenda está vazia — deixe-a de fora',
  'the message was not sent: {0}': 'a mensagem não foi enviada: {0}',
  'the message was not sent: {0} — it is kept as failed: send it again with `guru chat retry {1}`':
    'a mensagem não foi enviada: {0} — ela fica guardada como falha: envie de novo com `guru chat retry {1}`',
  'the phone is not linked — link it with `guru phone link {0}`': 'o número não está conectado — conecte com `guru phone link {0}`',
  'the {0} to send names no uploaded file (its sha256) — upload the file first':
    'a mensagem do tipo {0} não indica nenhum arquivo enviado (o sha256 dele) — envie o arquivo antes',
  'this engine keeps no media files — files are sent through the daemon (`guru daemon start`)':
    'este motor não guarda arquivos de mídia — os arquivos são enviados pelo daemon (`guru daemon start`)',
  '{0} (the note was not saved)': '{0} (a nota interna não foi salva)',
  // src/i18n/zod-issues.ts: zod's words for a request body or a message's content that does not fit
  'Invalid input': 'Entrada inválida',
  'Invalid input: expected {0}': 'Entrada inválida: esperava {0}',
  'Invalid input: expected {0}, received {1}': 'Entrada inválida: esperava {0}, recebeu {1}',
  'Invalid key in {0}': 'Chave inválida em {0}',
  'Invalid number: must be a multiple of {0}': 'Número inválido: precisa ser múltiplo de {0}',
  'Invalid option: expected one of {0}': 'Opção inválida: esperava uma destas: {0}',
  'Invalid string: must match pattern {0}': 'Texto inválido: precisa seguir o padrão {0}',
  'Invalid value in {0}': 'Valor inválido em {0}',
  'Invalid {0}': '{0} inválido',
  'Required: expected {0}': 'Obrigatório: esperava {0}',
  'Too big: expected array to have <={0} items': 'Grande demais: a lista pode ter no máximo {0} itens',
  'Too big: expected array to have <{0} items': 'Grande demais: a lista precisa ter menos de {0} itens',
  'Too big: expected number to be <={0}': 'Grande demais: o número pode ser no máximo {0}',
  'Too big: expected number to be <{0}': 'Grande demais: o número precisa ser menor que {0}',
  'Too big: expected string to have <={0} characters': 'Longo demais: o texto pode ter no máximo {0} caracteres',
  'Too big: expected string to have <{0} characters': 'Longo demais: o texto precisa ter menos de {0} caracteres',
  'Too small: expected array to have >=1 items': 'Vazia: a lista precisa ter pelo menos um item',
  'Too small: expected array to have >={0} items': 'Pequena demais: a lista precisa ter pelo menos {0} itens',
  'Too small: expected array to have >{0} items': 'Pequena demais: a lista precisa ter mais de {0} itens',
  'Too small: expected number to be >={0}': 'Pequeno demais: o número precisa ser pelo menos {0}',
  'Too small: expected number to be >{0}': 'Pequeno demais: o número precisa ser maior que {0}',
  'Too small: expected string to have >=1 characters': 'Vazio: o texto não pode ficar vazio',
  'Too small: expected string to have >={0} characters': 'Curto demais: o texto precisa ter pelo menos {0} caracteres',
  'Too small: expected string to have >{0} characters': 'Curto demais: o texto precisa ter mais de {0} caracteres',
  'Unrecognized key: {0}': 'Campo desconhecido: {0}',
  'Unrecognized keys: {0}': 'Campos desconhecidos: {0}',
  'a list': 'uma lista',
  'a number': 'um número',
  'a string': 'um texto',
  'an integer': 'um número inteiro',
  'an object': 'um objeto',
  nothing: 'nada',
  'true or false': 'verdadeiro ou falso',
  // a message's summary on screens (describeForReader)
  'live location': 'localização em tempo real',
  location: 'localização',
  contact: 'contato',
  '{0} contacts: {1}': '{0} contatos: {1}',
  'reacted to{0}': 'reagiu a{0}',
  'reacted to a message': 'reagiu a uma mensagem',
  'removed a reaction from{0}': 'tirou a reação de{0}',
  'removed a reaction': 'tirou uma reação',
  'edited{0}: {1}': 'editou{0}: {1}',
  'deleted{0}': 'apagou{0}',
  'deleted a message': 'apagou uma mensagem',
  'quoted message|reply': 'resposta',
} satisfies Readonly<Record<string, string>>;
