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
} satisfies Readonly<Record<string, string>>;
