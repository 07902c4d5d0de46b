/** Brazilian Portuguese for the texts of the chat commands (chat, contact, media, quick, tag, tail, inbox), src/client and src/daemon (see ../pt-BR.ts). */
export const commandsChat = {
  '"{0}" is not a tag change — write +Name to put a tag on, -Name to take it off':
    '"{0}" não é uma mudança de etiqueta — escreva +Nome para pôr uma etiqueta, -Nome para tirá-la',
  '(removed user)': '(usuário removido)',
  '(removed)': '(removido)',
  '+Name to put a tag on, -Name to take it off (see `guru tag list`)': '+Nome para pôr uma etiqueta, -Nome para tirá-la (veja `guru tag list`)',
  "--as works only on this machine's socket, with the owner token — on {0} you act as the user you logged in as (`guru whoami`); drop --as, or use --home for a local data dir":
    '--as só funciona no socket desta máquina, com o token do dono — em {0} você age como o usuário com que entrou (`guru whoami`); tire o --as, ou use --home para um diretório de dados local',
  '--at schedules typed text only: leave out --file, --reply-to and --quick, or send now':
    '--at agenda só texto digitado: tire --file, --reply-to e --quick, ou envie agora',
  '--caption goes with a file: add --file PATH, or send the words as the message':
    '--caption acompanha um arquivo: adicione --file CAMINHO, ou envie as palavras como a mensagem',
  '--field takes name=value, like empresa=Acme (an empty value removes the field: empresa=) — got "{0}"':
    '--field recebe nome=valor, como empresa=Acme (um valor vazio remove o campo: empresa=) — recebido "{0}"',
  '--fingerprint must be sha256: followed by 64 hex digits, as `guru daemon status` on the server shows it (got "{0}")':
    '--fingerprint deve ser sha256: seguido de 64 dígitos hexadecimais, como `guru daemon status` mostra no servidor (recebido "{0}")',
  '--quick sends the quick reply as it is — drop the message, --stdin, --file and --caption (or send them on their own)':
    '--quick envia a resposta rápida como ela é — tire a mensagem, --stdin, --file e --caption (ou envie-os separadamente)',
  '--stdout writes the file itself: it takes no --json': '--stdout escreve o próprio arquivo: não aceita --json',
  '--tag needs at least one tag name (comma-separated: --tag Urgente,Novo) — see `guru tag list`':
    '--tag precisa de pelo menos um nome de etiqueta (separados por vírgula: --tag Urgente,Novo) — veja `guru tag list`',
  "A customer's contact: the name Guru shows (the team's, else WhatsApp's), both names, the chats and the fields":
    'O contato de um cliente: o nome que o Guru mostra (o da equipe, senão o do WhatsApp), os dois nomes, as conversas e os campos',
  'Added tag {0} ({1})': 'Etiqueta {0} criada ({1})',
  'Answer chats in the terminal: live list, conversation, replies, transfers (press ? inside for every key)':
    'Atenda conversas no terminal: lista ao vivo, conversa, respostas, transferências (tecle ? lá dentro para ver todas as teclas)',
  'Assigned now': 'Responsável agora',
  Assignee: 'Responsável',
  Because: 'Motivo',
  By: 'Por',
  'CONNECT is not allowed': 'CONNECT não é permitido',
  "Change a quick reply: its text, its shortcut, or who may use it (the team's need quick_replies.manage)":
    'Altera uma resposta rápida: o texto, o atalho ou quem pode usá-la (as da equipe exigem quick_replies.manage)',
  'Changed quick reply {0} ({1})': 'Resposta rápida {0} alterada ({1})',
  Chat: 'Conversa',
  'Chat {0} is now with {1}': 'A conversa {0} agora está com {1}',
  'Chat {0} tags: {1}': 'Etiquetas da conversa {0}: {1}',
  Chats: 'Conversas',
  'Close a chat (the customer writing again reopens it and runs the rodízio)':
    'Encerra uma conversa (se o cliente escrever de novo, ela é reaberta e passa pelo rodízio)',
  'Closed chat {0}': 'Conversa {0} encerrada',
  Colour: 'Cor',
  'Conversations with customers, as the logged-in user (or --as with the owner token)':
    'Conversas com clientes, como o usuário conectado (ou --as com o token do dono)',
  Customer: 'Cliente',
  "Customers' contacts: the name the team knows them by and fields of your own (empresa, plano…)":
    'Contatos dos clientes: o nome pelo qual a equipe os conhece e campos próprios (empresa, plano…)',
  Decided: 'Decidido',
  'Define a tag (names are unique ignoring case and accents)': 'Cria uma etiqueta (os nomes são únicos, sem diferenciar maiúsculas nem acentos)',
  "Download a message's file (photo, voice note, video, document, sticker): save it, open it, or write it to stdout":
    'Baixa o arquivo de uma mensagem (foto, mensagem de voz, vídeo, documento, figurinha): salva, abre ou escreve na saída padrão',
  Fields: 'Campos',
  'Follow what happens as it happens: messages, assignments, presence (Ctrl-C to stop)':
    'Acompanha o que acontece, na hora: mensagens, atribuições, presença (Ctrl-C para parar)',
  For: 'Para',
  'Freed {0}{1}': 'Espaço liberado: {0}{1}',
  'GURU_LOG_MAX_BYTES must be a whole number of bytes, at least {0} (got "{1}")':
    'GURU_LOG_MAX_BYTES deve ser um número inteiro de bytes, no mínimo {0} (recebido "{1}")',
  'GURU_REQUEST_TIMEOUT_MS must be a whole number of milliseconds (got "{0}")':
    'GURU_REQUEST_TIMEOUT_MS deve ser um número inteiro de milissegundos (recebido "{0}")',
  Id: 'Id',
  'Last message': 'Última mensagem',
  'List the chats you can see, most recent first': 'Lista as conversas que você pode ver, as mais recentes primeiro',
  'List the messages scheduled to go later (`guru chat send --at`) in the chats you can see, soonest first':
    'Lista as mensagens agendadas para depois (`guru chat send --at`) nas conversas que você pode ver, as mais próximas primeiro',
  "List the team's tags": 'Lista as etiquetas da equipe',
  Message: 'Mensagem',
  'Name from': 'Origem do nome',
  'No chats match.': 'Nenhuma conversa encontrada.',
  'No customers match.': 'Nenhum cliente encontrado.',
  'No fields — add one with `guru contact set <number> --field name=value`.': 'Nenhum campo — adicione um com `guru contact set <number> --field nome=valor`.',
  'No messages are scheduled.': 'Nenhuma mensagem agendada.',
  'No tags yet — add one with `guru tag add <name>`.': 'Nenhuma etiqueta ainda — crie uma com `guru tag add <name>`.',
  'Noted in {0} ({1}) — only the team sees it': 'Nota interna registrada em {0} ({1}) — só a equipe a vê',
  'Opened the existing chat {0} with {1} on {2} ({3}, {4})': 'Aberta a conversa existente {0} com {1} no número {2} ({3}, {4})',
  'Opened {0} with {1}': '{0} aberto com {1}',
  'Partial result: the search of older messages hit its time limit, so older chats may be missing — use more specific words or a filter (--mine, --dept, --status).':
    'Resultado parcial: a busca nas mensagens mais antigas atingiu o tempo limite, então conversas mais antigas podem estar faltando — use palavras mais específicas ou um filtro (--mine, --dept, --status).',
  Phone: 'Número',
  'Put tags on a chat (+Name) and take them off (-Name); anyone who sees the chat may':
    'Põe etiquetas numa conversa (+Nome) e as tira (-Nome); qualquer um que veja a conversa pode',
  'Queued {0}: the phone is not connected right now; it is sent as soon as it is (`guru chat show` follows it)':
    'Na fila: {0} — o número não está conectado agora; será enviado assim que conectar (acompanhe com `guru chat show`)',
  'Quick replies: saved answers the inbox composer offers by shortcut (/preco), as the logged-in user':
    'Respostas rápidas: respostas salvas que o editor da caixa de entrada oferece por atalho (/preco), como o usuário conectado',
  'React to a message with an emoji, as WhatsApp shows under it (or take your reaction back)':
    'Reage a uma mensagem com um emoji, como o WhatsApp mostra embaixo dela (ou desfaz sua reação)',
  "Remove a quick reply (the team's need quick_replies.manage)": 'Remove uma resposta rápida (as da equipe exigem quick_replies.manage)',
  'Remove a tag: it is taken off every chat wearing it': 'Remove uma etiqueta: ela sai de todas as conversas que a usam',
  'Remove the files of messages older than a given age (admins); the messages stay, marked pruned':
    'Remove os arquivos de mensagens mais antigas que uma idade (administradores); as mensagens ficam, marcadas como removidas',
  'Removed quick reply {0} ({1})': 'Resposta rápida {0} removida ({1})',
  'Removed tag {0} (taken off {1})': 'Etiqueta {0} removida (tirada de {1})',
  'Rename a tag or change its colour: every chat wearing it shows the change at once':
    'Renomeia uma etiqueta ou muda a cor: todas as conversas que a usam mostram a mudança na hora',
  'Reopen a closed chat, keeping its assignee': 'Reabre uma conversa encerrada, mantendo o responsável',
  'Reopened chat {0}': 'Conversa {0} reaberta',
  'Reply in a chat with text or a file; your visible name is put above the text (or caption) as a signature':
    'Responde numa conversa com texto ou um arquivo; seu nome visível vai acima do texto (ou da legenda) como assinatura',
  'Rodízio picked': 'Escolha do rodízio',
  'Save a quick reply: typing its shortcut in the inbox composer offers it, Tab inserts it; {cliente} and {agente} are filled in':
    'Salva uma resposta rápida: digitar o atalho no editor da caixa de entrada a oferece, Tab a insere; {cliente} e {agente} são preenchidos',
  'Saved name': 'Nome salvo',
  'Saved quick reply {0} ({1})': 'Resposta rápida {0} salva ({1})',
  'Saved the contact of {0}': 'Contato de {0} salvo',
  'Saved {0}': '{0} salvo',
  'Scheduled {0} for {1} to {2} — it goes then, or as soon as the phone is back; `guru chat unschedule {3}` takes it back':
    'Mensagem {0} agendada: sai em {1} para {2}, ou assim que o número voltar; `guru chat unschedule {3}` cancela',
  'Send a failed message again, under its own id (the customer never gets it twice)':
    'Envia de novo uma mensagem que falhou, com o mesmo id (o cliente nunca a recebe duas vezes)',
  'Sent {0}': 'Enviado: {0}',
  "Sets a customer's name and fields (whoever sees a chat with them may)": 'Define o nome e os campos de um cliente (quem vê uma conversa com ele pode)',
  Shortcut: 'Atalho',
  'Show a chat and its latest messages': 'Mostra uma conversa e as mensagens mais recentes',
  'Someone may be intercepting the connection, or the server got a new certificate. Ask the':
    'Alguém pode estar interceptando a conexão, ou o servidor ganhou um certificado novo. Peça ao',
  "Start a conversation with a customer's number (checked on WhatsApp first); the chat is yours":
    'Inicia uma conversa com o número de um cliente (verificado antes no WhatsApp); a conversa fica com você',
  'Started chat {0} with {1} on {2}, assigned to you': 'Conversa {0} iniciada com {1} no número {2}, atribuída a você',
  'THE CERTIFICATE OF {0} HAS CHANGED — refused, nothing was sent.': 'O CERTIFICADO DE {0} MUDOU — recusado, nada foi enviado.',
  'Tag {0} ({1})': 'Etiqueta {0} ({1})',
  Tags: 'Etiquetas',
  'Tags: labels the team puts on chats (defining them needs tags.manage; `guru chat tag` puts them on)':
    'Etiquetas: marcadores que a equipe põe nas conversas (criá-las exige tags.manage; `guru chat tag` as aplica)',
  'Take back a scheduled message before it goes': 'Cancela uma mensagem agendada antes que ela saia',
  Text: 'Texto',
  'The customers of the chats you can see, one line each, by name': 'Os clientes das conversas que você pode ver, um por linha, por nome',
  'The media store: photos, voice notes and documents the daemon keeps': 'O depósito de mídia: fotos, mensagens de voz e documentos que o daemon guarda',
  "The quick replies you may use: the team's, your departments', your own":
    'As respostas rápidas que você pode usar: as da equipe, as dos seus departamentos, as suas',
  'Transfer a chat to a user or a department': 'Transfere uma conversa para um usuário ou um departamento',
  Unread: 'Não lidas',
  'Unscheduled {0}: it was to go {1} to {2}': 'Agendamento {0} cancelado: ia sair em {1} para {2}',
  Updated: 'Atualizado',
  'Updated by': 'Atualizado por',
  'WhatsApp name': 'Nome no WhatsApp',
  When: 'Quando',
  'Would free {0}{1} — run again without --dry-run to remove them': 'Seria liberado: {0}{1} — rode de novo sem --dry-run para remover os arquivos',
  'Write an internal note in a chat: the team sees it in the chat, the customer never does; @name tells a colleague':
    'Escreve uma nota interna numa conversa: a equipe a vê na conversa, o cliente nunca; @nome avisa um colega',
  'You have no messages scheduled.': 'Você não tem mensagens agendadas.',
  '[{0}] message {1} file {2}{3}': '[{0}] mensagem {1} arquivo {2}{3}',
  '[{0}] message {1} {2}': '[{0}] mensagem {1} {2}',
  '[{0}] 🔔 {1} mentioned you in a note about {2}: {3}': '[{0}] 🔔 {1} mencionou você numa nota interna sobre {2}: {3}',
  '`guru inbox` needs a terminal (stdin and stdout must be a TTY) — from scripts use `guru chat list --json`, `guru chat send` and `guru tail --json`':
    '`guru inbox` precisa de um terminal (stdin e stdout devem ser um TTY) — em scripts use `guru chat list --json`, `guru chat send` e `guru tail --json`',
  "`{0}` works only on this machine's data dir (--home / GURU_HOME), not on a server — drop {1} ({2}), or run it on the server itself":
    '`{0}` só funciona no diretório de dados desta máquina (--home / GURU_HOME), não num servidor — tire {1} ({2}), ou rode no próprio servidor',
  'a Guru daemon is already running on {0} — see `guru daemon status`': 'já há um daemon do Guru rodando em {0} — veja `guru daemon status`',
  'a colleague started it with `guru chat new` (theirs; no rodízio)': 'um colega a iniciou com `guru chat new` (fica com ele; sem rodízio)',
  'a field to set (repeatable; an empty value removes it)': 'um campo a definir (pode repetir; um valor vazio o remove)',
  'a first message (or --stdin); without one the chat just opens': 'uma primeira mensagem (ou --stdin); sem ela a conversa só é aberta',
  'a voice note': 'uma mensagem de voz',
  'an IPv6 address goes in brackets: [::1]:7433': 'um endereço IPv6 vai entre colchetes: [::1]:7433',
  'another Guru process holds the lock on {0} — is a daemon starting? see `guru daemon status`':
    'outro processo do Guru está com o bloqueio de {0} — um daemon está iniciando? veja `guru daemon status`',
  'assigned to {0}': 'atribuída a {0}',
  'call it up by another shortcut': 'chama por outro atalho',
  'cannot listen on {0}: ports below 1024 need privileges — use a higher port such as 7433':
    'não é possível escutar em {0}: portas abaixo de 1024 exigem privilégios — use uma porta mais alta, como 7433',
  'cannot listen on {0}: the host name {1} does not resolve — use an IP address or 0.0.0.0':
    'não é possível escutar em {0}: o nome de host {1} não resolve — use um endereço IP ou 0.0.0.0',
  'cannot listen on {0}: the port is already in use — choose another with --listen':
    'não é possível escutar em {0}: a porta já está em uso — escolha outra com --listen',
  'cannot listen on {0}: {1}': 'não é possível escutar em {0}: {1}',
  'cannot listen on {0}: {1} is not an address of this machine — use one of its addresses, or 0.0.0.0 for all':
    'não é possível escutar em {0}: {1} não é um endereço desta máquina — use um dos endereços dela, ou 0.0.0.0 para todos',
  'cannot read the TLS {0} {1} ({2}) — check the path given to --tls-{3}': 'não foi possível ler o {0} TLS {1} ({2}) — confira o caminho passado em --tls-{3}',
  'cannot read {0} ({1}) — check its owner and mode (0600)': 'não foi possível ler {0} ({1}) — confira o dono e as permissões do arquivo (0600)',
  'cannot read {0}: {1} — check the path and that you may read it': 'não foi possível ler {0}: {1} — confira o caminho e se você tem permissão de leitura',
  'chat {0} moved out of your view': 'a conversa {0} saiu da sua visão',
  'chat {0}: {1}, {2}, {3} unread': 'conversa {0}: {1}, {2}, não lidas: {3}',
  'choose one of --save DIR, --open and --stdout': 'escolha um entre --save DIR, --open e --stdout',
  closed: 'encerrada',
  'deleted by the customer': 'apagada pelo cliente',
  'deleted on the phone': 'apagada no celular',
  'dept {0}': 'departamento {0}',
  edited: 'editada',
  'every chat of the team (needs chats.view_all; without a filter you get every chat you may see)':
    'todas as conversas da equipe (exige chats.view_all; sem filtro você recebe todas as conversas que pode ver)',
  "every department's too (needs quick_replies.manage)": 'também as de todos os departamentos (exige quick_replies.manage)',
  failed: 'falhou',
  'first message': 'primeira mensagem',
  'following as {0}; online: {1}': 'acompanhando como {0}; online: {1}',
  "for one department's members (needs quick_replies.manage)": 'para os membros de um departamento (exige quick_replies.manage)',
  'for the whole team (needs quick_replies.manage); default: only you': 'para a equipe toda (exige quick_replies.manage); padrão: só você',
  'from the phone': 'pelo celular',
  'give one emoji to react with, or --remove to take your reaction back (not both)':
    'informe um emoji para reagir, ou --remove para desfazer sua reação (não os dois)',
  'give the first message as an argument or with --stdin, not both': 'informe a primeira mensagem como argumento ou com --stdin, não os dois',
  'give the message as an argument or with --stdin (not both), a file with --file, or a quick reply with --quick':
    'informe a mensagem como argumento ou com --stdin (não os dois), um arquivo com --file, ou uma resposta rápida com --quick',
  'give the note as an argument or with --stdin (not both)': 'informe a nota interna como argumento ou com --stdin (não os dois)',
  'give the text as an argument or with --stdin': 'informe o texto como argumento ou com --stdin',
  'give the text as an argument or with --stdin, not both': 'informe o texto como argumento ou com --stdin, não os dois',
  'handed over: its assignee was removed or disabled': 'repassada: o responsável foi removido ou desativado',
  'how inboxes draw it: {0} (default: the next in turn)': 'como as caixas de entrada a desenham: {0} (padrão: a próxima da vez)',
  'how it is called up, like /preco (letters, digits, - or _)': 'como ela é chamada, como /preco (letras, dígitos, - ou _)',
  'how many of the latest messages': 'quantas das mensagens mais recentes',
  'internal error — see the daemon log': 'erro interno — veja o log do daemon',
  'invalid path — {0}': 'caminho inválido — {0}',
  'invalid query — {0}': 'consulta inválida — {0}',
  'invalid request body — expected "text": string or "content": {"type": …}, not both':
    'corpo da requisição inválido — esperava "text": string ou "content": {"type": …}, não os dois',
  'invalid request body — {0}': 'corpo da requisição inválido — {0}',
  'invalid request — {0}': 'requisição inválida — {0}',
  'it is empty': 'está vazio',
  'leave out the scheme (no https://)': 'tire o esquema (sem https://)',
  "make it one department's": 'passa a ser de um departamento',
  'make it only yours': 'passa a ser só sua',
  'make it the whole team’s': 'passa a ser da equipe toda',
  'malformed HTTP request': 'requisição HTTP malformada',
  'malformed HTTP request ({0})': 'requisição HTTP malformada ({0})',
  'malformed path segment "{0}"': 'segmento de caminho malformado "{0}"',
  'malformed request target "{0}"': 'alvo de requisição malformado "{0}"',
  'malformed request target "{0}": "." and ".." are not path segments here':
    'alvo de requisição malformado "{0}": "." e ".." não são segmentos de caminho aqui',
  "match a name (the team's or WhatsApp's), a field's value or the number": 'busca um nome (o da equipe ou o do WhatsApp), o valor de um campo ou o número',
  'match name, number or message text': 'busca nome, número ou texto das mensagens',
  'message on a closed chat': 'mensagem numa conversa encerrada',
  'message {0}': 'mensagem {0}',
  'new colour: {0}': 'nova cor: {0}',
  'new name (leave out to change only the colour)': 'novo nome (omita para mudar só a cor)',
  'no Guru account in {0} yet — create one with `guru init`': 'ainda não há conta do Guru em {0} — crie uma com `guru init`',
  "no Guru server answers on {0} ({1}) — check the address, and that its daemon runs with --listen (the admin's `guru daemon status` shows it)":
    'nenhum servidor Guru responde em {0} ({1}) — confira o endereço e se o daemon dele roda com --listen (o `guru daemon status` do administrador mostra)',
  'no credentials — log in with `guru login`': 'sem credenciais — entre com `guru login`',
  'no such API route: {0} {1}': 'rota da API inexistente: {0} {1}',
  'no such file': 'arquivo não existe',
  'no such watch stream (it has ended) — reconnect': 'esse fluxo de acompanhamento não existe (ele terminou) — conecte de novo',
  'nobody (it did not run)': 'ninguém (ele não rodou)',
  'nobody (left unassigned)': 'ninguém (ficou sem responsável)',
  'nobody (no eligible entry)': 'ninguém (nenhuma entrada elegível)',
  'not downloaded yet': 'ainda não baixado',
  'not told (cannot see this chat, or wrote it): {0}': 'não avisados (não veem esta conversa, ou a escreveram): {0}',
  'note by {0}': 'nota interna de {0}',
  'nothing to change — give the new text, --shortcut, or --everyone / --dept / --mine':
    'nada a alterar — informe o novo texto, --shortcut, ou --everyone / --dept / --mine',
  'nothing to set — give --name and/or --field name=value (see `guru contact set --help`)':
    'nada a definir — informe --name e/ou --field nome=valor (veja `guru contact set --help`)',
  'one emoji, like 👍': 'um emoji, como 👍',
  'one of {0}': 'uma entre {0}',
  'only an IPv6 address goes in brackets': 'só um endereço IPv6 vai entre colchetes',
  'only chats assigned to a department': 'só conversas atribuídas a um departamento',
  'only chats assigned to nobody': 'só conversas sem responsável',
  'only chats assigned to you': 'só conversas atribuídas a você',
  'only chats wearing these tags (comma-separated names, see `guru tag list`)':
    'só conversas com estas etiquetas (nomes separados por vírgula, veja `guru tag list`)',
  'only me': 'só eu',
  'only say what would be freed': 'só diz o que seria liberado',
  'only the installation owner may do this': 'só o dono da instalação pode fazer isso',
  'only those you scheduled': 'só as que você agendou',
  open: 'aberta',
  'open it with $GURU_OPENER, or the system opener (xdg-open, open)': 'abre com $GURU_OPENER, ou com o programa do sistema (xdg-open, open)',
  'open, closed or all': 'abertas (open), encerradas (closed) ou todas (all)',
  owner: 'dono',
  'permission denied': 'permissão negada',
  "permission denied connecting to the Guru daemon on {0} — the socket belongs to another user; run guru as the data dir's owner, or choose your own data dir with --home":
    'permissão negada ao conectar ao daemon do Guru em {0} — o socket pertence a outro usuário; rode o guru como o dono do diretório de dados, ou escolha seu próprio diretório de dados com --home',
  'phone {0} is not connected to WhatsApp ({1}) — link it with `guru phone link {2}`':
    'o número {0} não está conectado ao WhatsApp ({1}) — conecte-o com `guru phone link {2}`',
  'phone {0} is {1}, so WhatsApp cannot be asked about the number yet — try again in a moment (`guru phone status {2}`)':
    'o número {0} está {1}, então o WhatsApp ainda não pode ser consultado sobre o número — tente de novo daqui a pouco (`guru phone status {2}`)',
  'phone {0}: {1}': 'número {0}: {1}',
  'pick one of --mine, --unassigned, --all or --dept': 'escolha um entre --mine, --unassigned, --all ou --dept',
  'pinned:    {0}': 'fixado:       {0}',
  'presented one, re-pin it with:': 'mesma apresentada, fixe-a de novo com:',
  'presented: {0}': 'apresentado:  {0}',
  'print each event as a JSON line (NDJSON)': 'imprime cada evento como uma linha JSON (NDJSON)',
  pruned: 'removido',
  'quote one of the chat’s messages (its id: `guru chat show <chat>`)': 'cita uma das mensagens da conversa (o id dela: `guru chat show <chat>`)',
  read: 'lida',
  'read the first message from stdin (multi-line)': 'lê a primeira mensagem da entrada padrão (várias linhas)',
  'read the message from stdin (multi-line)': 'lê a mensagem da entrada padrão (várias linhas)',
  'read the new text from stdin': 'lê o novo texto da entrada padrão',
  'read the note from stdin (multi-line)': 'lê a nota interna da entrada padrão (várias linhas)',
  'read the text from stdin (multi-line)': 'lê o texto da entrada padrão (várias linhas)',
  'reading what was to be uploaded failed ({0}) — nothing was stored': 'falhou a leitura do que seria enviado ({0}) — nada foi guardado',
  'refusing to write a file to the terminal — redirect it (--stdout > file) or use --save DIR':
    'não vou escrever um arquivo no terminal — redirecione (--stdout > arquivo) ou use --save DIR',
  'request body is not valid JSON ({0})': 'o corpo da requisição não é um JSON válido ({0})',
  'request body too large (limit {0} bytes)': 'corpo da requisição grande demais (limite de {0} bytes)',
  'request headers too large': 'cabeçalhos da requisição grandes demais',
  'save it in this directory (default: the current one); an existing file is never overwritten':
    'salva neste diretório (padrão: o atual); um arquivo existente nunca é sobrescrito',
  'say how old: `guru media prune --older-than 180d` (add --dry-run to see what it would free)':
    'diga a idade: `guru media prune --older-than 180d` (adicione --dry-run para ver o que seria liberado)',
  'say one of --everyone, --dept or --mine': 'escolha um entre --everyone, --dept ou --mine',
  'send a file: a photo (JPEG/PNG, ≤5 MB), video (MP4, ≤16 MB), audio (≤16 MB; Opus .ogg/.opus goes as a voice note), sticker (WebP, ≤100 KB) or any document (≤100 MB) — the type is told from the content':
    'envia um arquivo: uma foto (JPEG/PNG, ≤5 MB), vídeo (MP4, ≤16 MB), áudio (≤16 MB; Opus .ogg/.opus vai como mensagem de voz), figurinha (WebP, ≤100 KB) ou qualquer documento (≤100 MB) — o tipo é reconhecido pelo conteúdo',
  'send a quick reply (`guru quick list`), {cliente} and {agente} filled in':
    'envia uma resposta rápida (`guru quick list`), com {cliente} e {agente} preenchidos',
  'send it later: "2026-12-02 09:00" in the team’s time zone (`guru account set --tz`), or ISO with an offset':
    'envia mais tarde: "2026-12-02 09:00" no fuso horário da equipe (`guru account set --tz`), ou ISO com deslocamento',
  "server's admin for the fingerprint that `guru daemon status` shows there; only if it is the":
    'administrador do servidor a impressão digital que o `guru daemon status` mostra lá; só se for a',
  someone: 'alguém',
  'synced from history (no rodízio)': 'sincronizada do histórico (sem rodízio)',
  'tag name: up to 40 characters, no comma, not starting with +, - or #': 'nome da etiqueta: até 40 caracteres, sem vírgula, sem começar com +, - ou #',
  'take your reaction to the message back': 'desfaz sua reação à mensagem',
  team: 'equipe',
  'that is not a host name or an IP address': 'isso não é um nome de host nem um endereço IP',
  'the Guru daemon is not running (no answer on {0}) — start it with `guru daemon start`':
    'o daemon do Guru não está rodando (sem resposta em {0}) — inicie com `guru daemon start`',
  'the account’s listen address (`guru account set --listen`)': 'o endereço de escuta da conta (`guru account set --listen`)',
  'the age of the messages whose files go (at least 1d): 90d, 180d': 'a idade das mensagens cujos arquivos saem (pelo menos 1d): 90d, 180d',
  "the certificate of {0} is not trusted by this system's CA store ({1}) — nothing was sent. It presents {2}; if the server's admin confirms that fingerprint (`guru daemon status` on the server), pin it: guru login --server {3} --fingerprint {4}":
    'o certificado de {0} não é confiável para as autoridades certificadoras deste sistema ({1}) — nada foi enviado. Ele apresenta {2}; se o administrador do servidor confirmar essa impressão digital (`guru daemon status` no servidor), fixe-a: guru login --server {3} --fingerprint {4}',
  'the change may or may not have been applied; check with a read once it answers again':
    'a alteração pode ou não ter sido aplicada; confira com uma leitura quando ele voltar a responder',
  'the chat': 'a conversa',
  "the chat id, or the customer's number": 'o id da conversa, ou o número do cliente',
  'the chat, whether it is new, and the first message': 'a conversa, se é nova, e a primeira mensagem',
  'the colleague who takes it over': 'o colega que assume',
  'the connection ended': 'a conexão terminou',
  'the connection to the daemon on {0} broke ({1}) — the change may or may not have been applied; check with {2} and a read':
    'a conexão com o daemon em {0} caiu ({1}) — a alteração pode ou não ter sido aplicada; confira com {2} e uma leitura',
  'the contact': 'o contato',
  "the customer's number (or a chat id)": 'o número do cliente (ou o id de uma conversa)',
  "the customer's number, with country code (+55 11 90000-1111)": 'o número do cliente, com o código do país (+55 11 90000-1111)',
  'the daemon already serves {0} watch streams, the most it will (the total cap, GURU_WATCH_MAX_TOTAL) — try again later, or ask whoever runs the daemon to raise the cap':
    'o daemon já atende {0} fluxos de acompanhamento, o máximo que aceita (o limite total, GURU_WATCH_MAX_TOTAL) — tente mais tarde, ou peça a quem administra o daemon para aumentar o limite',
  "the daemon answered {0} {1} without the file's length — nothing was read": 'o daemon respondeu {0} {1} sem o tamanho do arquivo — nada foi lido',
  'the daemon answered {0}: {1}': 'o daemon respondeu {0}: {1}',
  'the daemon closed the stream: {0}': 'o daemon encerrou o fluxo: {0}',
  'the daemon did not answer within {0} s ({1} {2}) — {3}; see `guru daemon status` and the daemon log (daemon.log in the data dir)':
    'o daemon não respondeu em {0} s ({1} {2}) — {3}; veja `guru daemon status` e o log do daemon (daemon.log no diretório de dados)',
  'the daemon sent nothing on {0} for {1} s (it sends a heartbeat every {2} s) — the stream was closed; check `guru daemon status`':
    'o daemon não enviou nada em {0} por {1} s (ele envia um sinal de vida a cada {2} s) — o fluxo foi fechado; confira `guru daemon status`',
  'the daemon stopped while {0} was being linked — run `guru phone link {1}` again':
    'o daemon parou enquanto {0} estava sendo conectado — rode `guru phone link {1}` de novo',
  'the department that takes it over': 'o departamento que assume',
  'the download from {0} broke off after {1} of {2} bytes ({3}) — try again': 'o download de {0} foi interrompido após {1} de {2} bytes ({3}) — tente de novo',
  'the in-memory transport is not running (start the daemon with GURU_TRANSPORT=memory)':
    'o transporte em memória não está rodando (inicie o daemon com GURU_TRANSPORT=memory)',
  'the key in {0} does not belong to the certificate in {1} ({2})': 'a chave em {0} não corresponde ao certificado em {1} ({2})',
  'the message (or --stdin, or --file)': 'a mensagem (ou --stdin, ou --file)',
  'the message id (`guru chat show <chat>` lists them beside each attachment)': 'o id da mensagem (`guru chat show <chat>` os lista ao lado de cada anexo)',
  'the message id (`guru chat show <chat>` lists them)': 'o id da mensagem (`guru chat show <chat>` os lista)',
  'the message taken back': 'a mensagem cancelada',
  'the message, back in the outbox': 'a mensagem, de volta à fila de envio',
  'the name the team knows them by ("" goes back to their WhatsApp name)': 'o nome pelo qual a equipe o conhece ("" volta ao nome do WhatsApp)',
  'the new text (or --stdin)': 'o novo texto (ou --stdin)',
  'the note (or --stdin); @bia mentions a colleague by e-mail first part or first name':
    'a nota interna (ou --stdin); @bia menciona um colega pelo início do e-mail ou pelo primeiro nome',
  'the note and who it mentioned': 'a nota interna e quem ela mencionou',
  'the owner': 'o dono',
  'the owner token has no session to end': 'o token do dono não tem sessão para encerrar',
  'the phone to write from (needed when there are several)': 'o número de onde escrever (necessário quando há vários)',
  'the port is missing': 'falta a porta',
  'the port must be 1–65535': 'a porta deve estar entre 1 e 65535',
  'the quick reply': 'a resposta rápida',
  'the quick reply, by shortcut (or by id, when a shortcut names several)': 'a resposta rápida, pelo atalho (ou pelo id, quando um atalho indica várias)',
  'the reaction message': 'a mensagem de reação',
  'the removal of your reaction to {0}': 'a remoção da sua reação a {0}',
  'the removed quick reply': 'a resposta rápida removida',
  'the removed tag, with how many chats wore it': 'a etiqueta removida, com quantas conversas a usavam',
  'the request did not arrive in time': 'a requisição não chegou a tempo',
  'the same chats, for scripts': 'as mesmas conversas, para scripts',
  'the scheduled message’s id (`guru chat scheduled` lists them)': 'o id da mensagem agendada (`guru chat scheduled` os lista)',
  'the sent message': 'a mensagem enviada',
  'the server has too many open connections (limit {0}) — try again in a few seconds':
    'o servidor está com conexões abertas demais (limite {0}) — tente de novo em alguns segundos',
  'the tag': 'a etiqueta',
  'the team wrote first, from the phone (no rodízio)': 'a equipe escreveu primeiro, pelo celular (sem rodízio)',
  'the transfer stalled: nothing moved for {0} s ({1} {2}) — see `guru daemon status`, then try again':
    'a transferência travou: nada passou por {0} s ({1} {2}) — veja `guru daemon status` e tente de novo',
  'this stream fell more than {0} KB behind (the reader is not reading) — reconnect and reload':
    'este fluxo ficou mais de {0} KB atrasado (o leitor não está lendo) — conecte de novo e recarregue',
  'this stream took nothing for {0} s (the reader is suspended) — reconnect and reload':
    'este fluxo não recebeu nada por {0} s (o leitor está suspenso) — conecte de novo e recarregue',
  'this user': 'este usuário',
  'to {0} ({1})': 'para {0} ({1})',
  'told {0}': 'avisados: {0}',
  'too many connections from {0} (limit {1}) — close some of them, or wait for idle ones to time out, and try again':
    'conexões demais vindas de {0} (limite {1}) — feche algumas, ou espere as ociosas expirarem, e tente de novo',
  unassigned: 'sem responsável',
  unavailable: 'indisponível',
  'unavailable: {0}': 'indisponível: {0}',
  'what it inserts (or --stdin)': 'o que ela insere (ou --stdin)',
  'what was freed': 'o que foi liberado',
  'where it was saved': 'onde foi salvo',
  'with --file, give the words to go with it as --caption (not as the message or --stdin)':
    'com --file, informe as palavras que o acompanham em --caption (não como a mensagem nem com --stdin)',
  'with --tag: chats wearing all of them, any of them, or none of them': 'com --tag: conversas com todas elas, com qualquer uma, ou com nenhuma',
  'words under a photo, video or document sent with --file': 'palavras embaixo de uma foto, vídeo ou documento enviado com --file',
  'write the bytes to stdout (for a pipe or a file, never a terminal)': 'escreve os bytes na saída padrão (para um pipe ou um arquivo, nunca um terminal)',
  "you have not logged in to {0} from here — log in first: guru login --server {1} --email you@example.com (it checks the server's certificate)":
    'você ainda não entrou em {0} a partir daqui — entre primeiro: guru login --server {1} --email voce@exemplo.com (ele confere o certificado do servidor)',
  'your session has expired or was revoked — log in again with `guru login`': 'sua sessão expirou ou foi revogada — entre de novo com `guru login`',
  '{0} ({1}) of {2} from before {3}': '{0} ({1}) de {2} anteriores a {3}',
  '{0} already has {1} watch streams open, the most one user may (the per-user cap, GURU_WATCH_MAX_PER_USER) — close one (another inbox or `guru tail`) and try again':
    '{0} já tem {1} fluxos de acompanhamento abertos, o máximo por usuário (o limite por usuário, GURU_WATCH_MAX_PER_USER) — feche um (outra caixa de entrada ou `guru tail`) e tente de novo',
  '{0} did not complete a TLS 1.3 handshake ({1}) — nothing was sent; is it a Guru daemon with --listen and TLS (not a plain HTTP port)?':
    '{0} não completou um handshake TLS 1.3 ({1}) — nada foi enviado; é um daemon do Guru com --listen e TLS (e não uma porta HTTP simples)?',
  '{0} did not complete a TLS handshake in time — nothing was sent; check the address and your network':
    '{0} não completou o handshake TLS a tempo — nada foi enviado; confira o endereço e sua rede',
  '{0} file': '{0} arquivo',
  '{0} files': '{0} arquivos',
  '{0} is not a Guru servers file (broken JSON or wrong shape) — nothing was changed; fix it, or move it away and log in again with `guru login --server HOST:PORT`':
    '{0} não é um arquivo de servidores do Guru (JSON quebrado ou formato errado) — nada foi alterado; corrija-o, ou tire-o do lugar e entre de novo com `guru login --server HOST:PORT`',
  '{0} is not a PEM certificate ({1}) — give the certificate (chain) in PEM form':
    '{0} não é um certificado PEM ({1}) — informe o certificado (a cadeia) em formato PEM',
  '{0} is not a PEM private key ({1}) — give an unencrypted private key in PEM form':
    '{0} não é uma chave privada PEM ({1}) — informe uma chave privada sem criptografia em formato PEM',
  '{0} is not a file (a directory) — give the path of the file to send': '{0} não é um arquivo (é um diretório) — informe o caminho do arquivo a enviar',
  '{0} is not a file — give the path of the file to send': '{0} não é um arquivo — informe o caminho do arquivo a enviar',
  '{0} is not allowed on {1}': '{0} não é permitido em {1}',
  '{0} is offline': '{0} está offline',
  '{0} is online': '{0} está online',
  '{0} is {1}: WhatsApp takes files of at most {2} (as a document) — send a smaller one':
    '{0} tem {1}: o WhatsApp aceita arquivos de no máximo {2} (como documento) — envie um menor',
  '{0} kept, as newer messages use them': 'mantidos: {0}, pois mensagens mais novas os usam',
  '{0} must be HOST:PORT, e.g. guru.acme.com:7433 (got "{1}"): {2} — the admin\'s `guru daemon status` on the server shows its address':
    '{0} deve ser HOST:PORTA, por exemplo guru.acme.com:7433 (recebido "{1}"): {2} — o `guru daemon status` do administrador, no servidor, mostra o endereço',
  '{0} on {1} ({2})': '{0} no número {1} ({2})',
  '{0} presented no certificate — nothing was sent; is it a Guru daemon with --listen?':
    '{0} não apresentou certificado — nada foi enviado; é um daemon do Guru com --listen?',
} satisfies Readonly<Record<string, string>>;
