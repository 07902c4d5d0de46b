/**
 * Brazilian Portuguese for the texts of src/core/ops and src/core/media (see ../pt-BR.ts). The
 * short verb phrases ("see chats", "send messages") are what an operation is doing: they end
 * "você não pode {0}: é preciso a permissão …", so they are infinitives.
 */
export const coreOps = {
  // chats, scheduled messages, notes, contacts
  '"{0}" is not an emoji — react with one emoji (like 👍), or with --remove to take your reaction back':
    '"{0}" não é um emoji — reaja com um emoji só (como 👍), ou use --remove para desfazer sua reação',
  'assign to exactly one of a user (--user) or a department (--dept)': 'atribua a um usuário (--user) ou a um departamento (--dept), só um dos dois',
  'chats live in the daemon — start it with `guru daemon start`': 'as conversas ficam no daemon — inicie-o com `guru daemon start`',
  'close chats': 'encerrar conversas',
  'contacts live in the daemon — start it with `guru daemon start`': 'os contatos ficam no daemon — inicie-o com `guru daemon start`',
  'edit contacts': 'editar contatos',
  'list chats': 'listar conversas',
  'media files are served by the daemon — start it with `guru daemon start`':
    'os arquivos de mídia são servidos pelo daemon — inicie-o com `guru daemon start`',
  'message {0} has no file to download: it is {1} — photos, voice notes, videos, documents and stickers have one':
    'a mensagem {0} não tem arquivo para baixar: ela é {1} — fotos, mensagens de voz, vídeos, documentos e figurinhas têm',
  'name a tag to put on (+Name) or take off (-Name) — see `guru tag list`': 'diga qual etiqueta pôr (+Nome) ou tirar (-Nome) — veja `guru tag list`',
  'no chat "{0}" — see `guru chat list`': 'não há conversa "{0}" — veja `guru chat list`',
  'no customer "{0}" in the chats you may see — give their number or a chat id (see `guru contact list`)':
    'não há cliente "{0}" nas conversas que você pode ver — informe o número dele ou o id de uma conversa (veja `guru contact list`)',
  'no message "{0}" in a chat you may see — `guru chat show <chat>` lists the ids of attachments':
    'não há mensagem "{0}" numa conversa que você possa ver — `guru chat show <chat>` lista os ids dos anexos',
  'no message "{0}" in a chat you may see — see `guru chat show <chat>` for message ids':
    'não há mensagem "{0}" numa conversa que você possa ver — veja os ids das mensagens em `guru chat show <chat>`',
  'no phone "{0}" — the phones are: {1}': 'não há número "{0}" — os números são: {1}',
  'no scheduled message "{0}" waiting in a chat you may see (already sent, or cancelled?) — see `guru chat scheduled`':
    'não há mensagem agendada "{0}" esperando numa conversa que você possa ver (já foi enviada ou cancelada?) — veja `guru chat scheduled`',
  'note too long ({0} characters; at most {1}) — shorten it or split it in two':
    'nota interna longa demais ({0} caracteres; no máximo {1}) — encurte-a ou divida-a em duas',
  'nothing to schedule: the message is empty': 'nada para agendar: a mensagem está vazia',
  'react to messages': 'reagir a mensagens',
  'read chats': 'ler conversas',
  'reopen chats': 'reabrir conversas',
  'scheduled message "{0}" has already gone (or was cancelled) — see `guru chat show {1}`':
    'a mensagem agendada "{0}" já foi enviada (ou foi cancelada) — veja `guru chat show {1}`',
  'see chats': 'ver conversas',
  'see contacts': 'ver contatos',
  'send files': 'enviar arquivos',
  'send messages': 'enviar mensagens',
  'start conversations': 'iniciar conversas',
  'tag "{0}" is both put on and taken off — name it once': 'a etiqueta "{0}" está para pôr e para tirar ao mesmo tempo — cite-a uma vez só',
  'tag chats': 'etiquetar conversas',
  'the file of message {0} is no longer kept (removed by `guru media prune`) and WhatsApp could not give it again':
    'o arquivo da mensagem {0} não está mais guardado (removido por `guru media prune`) e o WhatsApp não conseguiu fornecê-lo de novo',
  'the file of message {0} is not in Guru yet ({1}) — try again in a moment':
    'o arquivo da mensagem {0} ainda não está no Guru ({1}) — tente de novo daqui a pouco',
  'the file of message {0} is not in Guru yet — try again in a moment': 'o arquivo da mensagem {0} ainda não está no Guru — tente de novo daqui a pouco',
  'the file of message {0} is still on its way from WhatsApp — try again in a moment':
    'o arquivo da mensagem {0} ainda está vindo do WhatsApp — tente de novo daqui a pouco',
  'the file of message {0} is unavailable: {1}': 'o arquivo da mensagem {0} não está disponível: {1}',
  'the first message is empty — give its text, or leave it out to start the chat without one':
    'a primeira mensagem está vazia — escreva o texto dela, ou deixe-a de fora para iniciar a conversa sem mensagem',
  'the note is empty — write what the team should know about this chat': 'a nota interna está vazia — escreva o que a equipe deve saber sobre esta conversa',
  'the owner cannot react as nobody — act as a user: `guru login`, or `--as <email>`':
    'o dono não pode reagir sem ser um usuário — entre como usuário: `guru login`, ou use `--as <email>`',
  'the owner cannot send as nobody — act as a user: `guru login`, or `--as <email>`':
    'o dono não pode enviar sem ser um usuário — entre como usuário: `guru login`, ou use `--as <email>`',
  'the owner cannot start a conversation as nobody — act as a user: `guru login`, or `--as <email>`':
    'o dono não pode iniciar uma conversa sem ser um usuário — entre como usuário: `guru login`, ou use `--as <email>`',
  'the owner cannot write as nobody — act as a user: `guru login`, or `--as <email>`':
    'o dono não pode escrever sem ser um usuário — entre como usuário: `guru login`, ou use `--as <email>`',
  'there are several phones — say which one to write from with --phone: {0}': 'há vários números — diga de qual escrever com --phone: {0}',
  'there is no phone to write from — an admin adds one with `guru phone add <number>`':
    'não há número de onde escrever — um administrador adiciona um com `guru phone add <number>`',
  'transfer chats': 'transferir conversas',
  'use quick replies': 'usar respostas rápidas',
  'write notes': 'escrever notas internas',
  'you may not list every chat of the team: it needs the "chats.view_all" permission — ask an admin to grant it, or list the chats you may see without --all':
    'você não pode listar todas as conversas da equipe: é preciso a permissão "chats.view_all" — peça a um administrador para concedê-la, ou liste sem --all as conversas que você pode ver',
  'you may not see chat "{0}": no chat by that id or number is visible to you — see `guru chat list`':
    'você não pode ver a conversa "{0}": nenhuma conversa com esse id ou número está visível para você — veja `guru chat list`',
  'you may not see the chat with {0} on {1} — someone who sees it can transfer it to you (`guru chat assign`)':
    'você não pode ver a conversa com {0} no número {1} — alguém que a vê pode transferi-la para você (`guru chat assign`)',
  '{0} has chats on several phones ({1}) — use the chat id': '{0} tem conversas em vários números ({1}) — use o id da conversa',
  '{0} has no WhatsApp — check the number': '{0} não tem WhatsApp — confira o número',
  '{0} is disabled — enable them first or pick someone else': '{0} está desativado — ative-o primeiro ou escolha outra pessoa',
  '{0} is in the past (it is {1} in {2} now) — give a later time, or send it now without --at':
    '{0} já passou (agora são {1} em {2}) — informe um horário mais tarde, ou envie agora sem --at',
  '{0} is more than a year ahead — schedule it closer to the time': '{0} está a mais de um ano daqui — agende mais perto da data',
  "{0} is the number of the phone itself — give the customer's number": '{0} é o próprio número de WhatsApp da equipe — informe o número do cliente',
  '{0} on {1}': '{0} no número {1}',
  // account
  '--mail-from needs a mail server too — pass --smtp smtp://user:password@host:587':
    '--mail-from também precisa de um servidor de e-mail — passe --smtp smtp://usuario:senha@servidor:587',
  '--smtp needs the address the mails come from too — pass --mail-from guru@your-company.com':
    '--smtp também precisa do endereço de onde os e-mails saem — passe --mail-from guru@sua-empresa.com',
  '--smtp none removes the mail settings: pass --mail-from only when setting a server':
    '--smtp none remove as configurações de e-mail: passe --mail-from só ao configurar um servidor',
  'Guru is already initialised here (account "{0}") — see `guru account show`': 'o Guru já foi inicializado aqui (conta "{0}") — veja `guru account show`',
  'account name': 'o nome da conta',
  'admin name': 'o nome do administrador',
  'cannot lower seats to {0}: {1} users are active — disable some first with `guru user disable <email>`':
    'não é possível reduzir as licenças para {0}: há {1} usuários ativos — desative alguns antes com `guru user disable <email>`',
  'change the account': 'alterar a conta',
  'change the mail settings': 'alterar as configurações de e-mail',
  'nothing to change — pass --name, --seats, --session-idle, --away-after, --public-address, --smtp, --mail-from, --listen, --media-quota, --tz or --retention':
    'nada para alterar — passe --name, --seats, --session-idle, --away-after, --public-address, --smtp, --mail-from, --listen, --media-quota, --tz ou --retention',
  'only admins may set the mail server: recovery codes go through it, so whoever controls it could take over any account — ask an admin':
    'só administradores podem configurar o servidor de e-mail: os códigos de recuperação passam por ele, então quem o controla poderia tomar qualquer conta — peça a um administrador',
  'only the installation owner can initialise Guru': 'só o dono da instalação pode inicializar o Guru',
  'only the installation owner may change where the daemon listens — run `guru account set --listen` on the server, as the data dir’s user':
    'só o dono da instalação pode mudar onde o daemon escuta — rode `guru account set --listen` no servidor, como o usuário dono do diretório de dados',
  seats: 'o número de licenças',
  'see the account': 'ver a conta',
  'session idle time (ms)': 'o tempo de inatividade da sessão (ms)',
  'the media quota must be from 1 MB to 1 PB (got {0} bytes) — e.g. `guru account set --media-quota 5GB`, or `none` for no limit':
    'a cota de mídia precisa ficar entre 1 MB e 1 PB (recebido {0} bytes) — por exemplo `guru account set --media-quota 5GB`, ou `none` para não ter limite',
  'this Guru keeps no secrets, so it cannot hold mail settings': 'este Guru não guarda segredos, então não pode manter configurações de e-mail',

  // users, invites, handover
  'a user with email {0} already exists': 'já existe um usuário com o e-mail {0}',
  'a user with email {0} already exists — see `guru user show {1}`': 'já existe um usuário com o e-mail {0} — veja `guru user show {1}`',
  'add users': 'adicionar usuários',
  'cannot demote {0}: it is the last active admin': 'não é possível rebaixar {0}: é o último administrador ativo',
  'cannot disable {0}: it is the last active admin': 'não é possível desativar {0}: é o último administrador ativo',
  'cannot remove {0}: it is the last active admin': 'não é possível remover {0}: é o último administrador ativo',
  'change passwords': 'alterar senhas',
  create: 'criar',
  disable: 'desativar',
  'disable users': 'desativar usuários',
  'disabling a user': 'desativar um usuário',
  edit: 'editar',
  'edit users': 'editar usuários',
  enable: 'ativar',
  'enable users': 'ativar usuários',
  'end sessions': 'encerrar sessões',
  'end the sessions of': 'encerrar as sessões de',
  'invite users': 'convidar usuários',
  'list users': 'listar usuários',
  make: 'nomear',
  name: 'o nome',
  'no phone is connected to WhatsApp (phones connect in the daemon: see `guru phone status`)':
    'nenhum número está conectado ao WhatsApp (os números se conectam no daemon: veja `guru phone status`)',
  'nothing to change — pass at least one option (see `guru user edit --help`)': 'nada para alterar — passe pelo menos uma opção (veja `guru user edit --help`)',
  remove: 'remover',
  'remove users': 'remover usuários',
  'removing a user': 'remover um usuário',
  'seat limit reached: {0}/{1} active users — raise it with `guru account set --seats {2}` or free a seat with `guru user disable <email>`':
    'limite de licenças atingido: {0}/{1} usuários ativos — aumente com `guru account set --seats {2}` ou libere uma licença com `guru user disable <email>`',
  'see sessions': 'ver sessões',
  'see the sessions of': 'ver as sessões de',
  'see users': 'ver usuários',
  'sending it through {0} failed: {1}': 'o envio pelo número {0} falhou: {1}',
  'unknown role "{0}" — use admin or normal': 'papel desconhecido "{0}" — use admin ou normal',
  'user name': 'nome de usuário',
  'visible name': 'o nome visível',
  'you cannot remove yourself': 'você não pode remover a si mesmo',
  'you may only change your own password unless you hold "users.manage"': 'você só pode alterar a sua própria senha, a não ser que tenha "users.manage"',
  '{0} has no WhatsApp number (set one with `guru user edit {1} --whatsapp +55…`)':
    '{0} não tem número de WhatsApp (defina um com `guru user edit {1} --whatsapp +55…`)',
  '{0} is disabled — enable it first with `guru user enable {1}`': '{0} está desativado — ative-o antes com `guru user enable {1}`',
  '{0} with --unassign needs the daemon, which holds the chats — start it with `guru daemon start`, or leave out --unassign (their open chats then go to the rodízio when the daemon starts)':
    '{0} com --unassign precisa do daemon, que guarda as conversas — inicie-o com `guru daemon start`, ou deixe o --unassign de fora (as conversas abertas então vão para o rodízio quando o daemon iniciar)',

  // departments
  'a department named "{0}" already exists — see `guru dept list`': 'já existe um departamento chamado "{0}" — veja `guru dept list`',
  'add departments': 'adicionar departamentos',
  'change department members': 'alterar os membros de departamentos',
  'change department permissions': 'alterar as permissões de departamentos',
  department: 'departamento',
  'list departments': 'listar departamentos',
  'name at least one member email': 'informe o e-mail de pelo menos um membro',
  'name at least one permission': 'informe pelo menos uma permissão',
  'remove departments': 'remover departamentos',
  'removing a department': 'remover um departamento',
  'rename departments': 'renomear departamentos',
  'see departments': 'ver departamentos',
  'to department "{0}"': 'ao departamento "{0}"',
  '{0} are not in {1}': '{0} não estão em {1}',
  '{0} is not in {1}': '{0} não está em {1}',

  // phones, links, round-robins, tags, quick replies, audit
  '"{0}" is not a round-robin target — use user:<email> or dept:<name>': '"{0}" não é um destino de rodízio — use user:<email> ou dept:<nome>',
  'a quick reply is for everyone or for one department, not both — drop --everyone or --dept':
    'uma resposta rápida é para todos ou para um departamento, não os dois — tire --everyone ou --dept',
  'a tag named "{0}" already exists (names ignore case and accents) — see `guru tag list`':
    'já existe uma etiqueta chamada "{0}" (os nomes não diferenciam maiúsculas nem acentos) — veja `guru tag list`',
  'add phones': 'adicionar números',
  'add quick replies': 'adicionar respostas rápidas',
  'add quick replies for everyone or a department': 'adicionar respostas rápidas para todos ou para um departamento',
  'change quick replies': 'alterar respostas rápidas',
  'change quick replies shared with others': 'alterar respostas rápidas compartilhadas com outras pessoas',
  'change round-robins': 'alterar rodízios',
  'define tags': 'definir etiquetas',
  'give a new name, a colour (--colour), or both': 'informe um novo nome, uma cor (--colour) ou os dois',
  label: 'o rótulo',
  'link phones': 'conectar números',
  'list phones': 'listar números',
  'list quick replies': 'listar respostas rápidas',
  'list tags': 'listar etiquetas',
  'nothing to change — give the new text, a new --shortcut, or where it goes (--everyone, --dept, --mine)':
    'nada para alterar — informe o novo texto, um novo --shortcut ou para quem ela vale (--everyone, --dept, --mine)',
  'phone label': 'rótulo do número',
  'phone {0} is already registered — see `guru phone list`': 'o número {0} já está cadastrado — veja `guru phone list`',
  'read the audit log': 'ler a auditoria',
  'remove phones': 'remover números',
  'remove quick replies': 'remover respostas rápidas',
  'remove quick replies shared with others': 'remover respostas rápidas compartilhadas com outras pessoas',
  'see phones': 'ver números',
  'see round-robins': 'ver rodízios',
  'share quick replies with everyone or a department': 'compartilhar respostas rápidas com todos ou com um departamento',
  'simulate round-robins': 'simular rodízios',
  'the owner has no quick replies of its own — add it for --everyone or a --dept, or act as a user (`guru login`, or `--as <email>`)':
    'o dono não tem respostas rápidas próprias — adicione-a para --everyone ou um --dept, ou entre como usuário (`guru login`, ou `--as <email>`)',
  'the team has {0} quick replies, the most Guru keeps — remove some first (`guru quick remove`)':
    'a equipe tem {0} respostas rápidas, o máximo que o Guru guarda — remova algumas antes (`guru quick remove`)',
  'there is already a quick reply {0} for {1} — change it with `guru quick edit {2}`, or choose another shortcut':
    'já existe uma resposta rápida {0} para {1} — altere-a com `guru quick edit {2}` ou escolha outro atalho',
  'unlink phones': 'desconectar números',
  'you have {0} quick replies of your own, the most one person keeps — remove some first (`guru quick remove`)':
    'você tem {0} respostas rápidas próprias, o máximo que uma pessoa guarda — remova algumas antes (`guru quick remove`)',
  'you may not list every department\'s quick replies: it needs the "{0}" permission — without --all you see yours':
    'você não pode listar as respostas rápidas de todos os departamentos: é preciso a permissão "{0}" — sem --all você vê as suas',
  '{0} is disabled, so the rodízio would always skip them — enable them first with `guru user enable {1}`, or add someone else':
    '{0} está desativado, então o rodízio sempre o pularia — ative-o antes com `guru user enable {1}`, ou adicione outra pessoa',
  '{0} is linked to WhatsApp — to remove it, log its device out too: `guru phone remove {1} --unlink` (its chats are kept)':
    '{0} está conectado ao WhatsApp — para removê-lo, desconecte também o aparelho: `guru phone remove {1} --unlink` (as conversas são mantidas)',
  '{0} is not linked (WhatsApp logged it out; its credentials are already gone) — nothing to unlink; link it with `guru phone link {1}`':
    '{0} não está conectado (o WhatsApp o desconectou; as credenciais já foram apagadas) — nada para desconectar; conecte-o com `guru phone link {1}`',
  '{0} is not linked yet: a `guru phone link` is in course — stop it (Ctrl-C) to cancel the link':
    '{0} ainda não está conectado: um `guru phone link` está em andamento — interrompa-o (Ctrl-C) para cancelar a conexão',
  '{0} is not linked — nothing to unlink; link it with `guru phone link {1}`':
    '{0} não está conectado — nada para desconectar; conecte-o com `guru phone link {1}`',
  // media: files sent, the media store
  '--older-than must be at least 1d (got {0} ms) — e.g. `guru media prune --older-than 180d`':
    '--older-than precisa ser de pelo menos 1d (recebido {0} ms) — por exemplo `guru media prune --older-than 180d`',
  'Guru has no WhatsApp link for this file (it came in before media was kept)':
    'o Guru não tem o link do WhatsApp para este arquivo (ele chegou antes de a mídia ser guardada)',
  'a document': 'um documento',
  'a photo': 'uma foto',
  'a sticker': 'uma figurinha',
  'a sticker cannot carry a caption on WhatsApp — send the text as a message of its own':
    'uma figurinha não pode ter legenda no WhatsApp — envie o texto numa mensagem separada',
  'a video': 'um vídeo',
  'a {0} audio ({1})': 'um áudio {0} ({1})',
  'a {0} file ({1})': 'um arquivo {0} ({1})',
  'a {0} image ({1})': 'uma imagem {0} ({1})',
  'a {0} video ({1})': 'um vídeo {0} ({1})',
  'an animated sticker': 'uma figurinha animada',
  'an audio file or voice note cannot carry a caption on WhatsApp — send the text as a message of its own':
    'um arquivo de áudio ou mensagem de voz não pode ter legenda no WhatsApp — envie o texto numa mensagem separada',
  'an {0} audio ({1})': 'um áudio {0} ({1})',
  'an {0} file ({1})': 'um arquivo {0} ({1})',
  'an {0} image ({1})': 'uma imagem {0} ({1})',
  'an {0} video ({1})': 'um vídeo {0} ({1})',
  audio: 'áudio',
  'make it smaller': 'diminua o arquivo',
  'make it smaller, or zip it to send it as a document (up to 100 MB)': 'diminua o arquivo, ou compacte-o em zip para enviá-lo como documento (até 100 MB)',
  'media is kept by the daemon — start it with `guru daemon start`': 'a mídia fica no daemon — inicie-o com `guru daemon start`',
  'media quota full — an admin can raise it (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`)':
    'cota de mídia cheia — um administrador pode aumentá-la (`guru account set --media-quota`) ou liberar espaço (`guru media prune --older-than 180d`)',
  'media storage is at {0}% of its {1} quota — raise it (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`) before it fills':
    'o armazenamento de mídia está em {0}% da cota de {1} — aumente-a (`guru account set --media-quota`) ou libere espaço (`guru media prune --older-than 180d`) antes que encha',
  'media storage is full (its quota is reached) — an admin can raise it (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`), then send the file again':
    'o armazenamento de mídia está cheio (a cota foi atingida) — um administrador pode aumentá-la (`guru account set --media-quota`) ou liberar espaço (`guru media prune --older-than 180d`); depois envie o arquivo de novo',
  'media storage is full ({0} of its {1} quota): new files stay on WhatsApp until space is freed — raise the quota (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`)':
    'o armazenamento de mídia está cheio ({0} da cota de {1}): os arquivos novos ficam no WhatsApp até que haja espaço — aumente a cota (`guru account set --media-quota`) ou libere espaço (`guru media prune --older-than 180d`)',
  'message {0} has no file (it is a {1})': 'a mensagem {0} não tem arquivo (é do tipo {1})',
  'message {0} has no file (it is text)': 'a mensagem {0} não tem arquivo (é um texto)',
  'no message "{0}" — see `guru chat show <chat>` for message ids': 'não há mensagem "{0}" — veja os ids das mensagens em `guru chat show <chat>`',
  'no uploaded file {0} — upload it first (`guru chat send <chat> --file PATH` does both)':
    'nenhum arquivo {0} foi enviado — envie-o antes (`guru chat send <chat> --file PATH` faz as duas coisas)',
  'only admins may prune media: it removes files the whole team reads — ask an admin':
    'só administradores podem apagar mídia antiga: isso remove arquivos que toda a equipe lê — peça a um administrador',
  'prune media': 'apagar mídia antiga',
  'see the media store': 'ver o armazenamento de mídia',
  'the file': 'o arquivo',
  'the file is empty — there is nothing to send': 'o arquivo está vazio — não há nada para enviar',
  'the file is larger than the {0} left of the media quota — an admin can raise it (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`); or send a smaller one':
    'o arquivo é maior que os {0} que restam da cota de mídia — um administrador pode aumentá-la (`guru account set --media-quota`) ou liberar espaço (`guru media prune --older-than 180d`); ou envie um arquivo menor',
  'the file is larger than {0}, the most WhatsApp takes (as a document) — send a smaller one':
    'o arquivo é maior que {0}, o máximo que o WhatsApp aceita (como documento) — envie um arquivo menor',
  '{0} is empty — there is nothing to send': '{0} está vazio — não há nada para enviar',
  '{0} is not a .{1} file: its content is not a {2} (nor any type recognised) — check that it is the right file':
    '{0} não é um arquivo .{1}: o conteúdo não é {2} (nem de nenhum tipo reconhecido) — confira se é o arquivo certo',
  '{0} is not a .{1} file: its content is {2} — rename it to .{3}, or pick the right file':
    '{0} não é um arquivo .{1}: o conteúdo dele é {2} — renomeie-o para .{3} ou escolha o arquivo certo',
  '{0} is too large: {1}, and WhatsApp takes {2} of at most {3} — {4}': '{0} é grande demais: {1}, e o WhatsApp aceita {2} de no máximo {3} — {4}',
} satisfies Readonly<Record<string, string>>;
