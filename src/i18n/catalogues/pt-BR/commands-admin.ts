/** Brazilian Portuguese for the texts of commands-admin (see ../pt-BR.ts). */
export const commandsAdmin = {
  // src/cli: shared helpers
  '  fingerprint: {0}': '  fingerprint: {0}',
  '  its fingerprint: {0}': '  fingerprint dele: {0}',
  '  presented:     {0}': '  apresentado:   {0}',
  '  presented: {0}': '  apresentado: {0}',
  '"{0}" is not a directory — --save takes the directory to save the file in': '"{0}" não é um diretório — --save recebe o diretório onde salvar o arquivo',
  '--password-stdin was given but stdin was empty — pipe the password in, e.g. `printf %s "$PW" | guru …`':
    '--password-stdin foi usado, mas a entrada padrão veio vazia — passe a senha por um pipe, por exemplo `printf %s "$PW" | guru …`',
  "Ask the server's admin what `guru daemon status` shows there; only if it is the presented one, pin it with:":
    'Pergunte ao administrador do servidor o que `guru daemon status` mostra lá; só se for o apresentado, fixe-o com:',
  'Check that it is the one `guru daemon status` shows on the server, then pin it (no terminal to ask on: --no-input or not a TTY):':
    'Confira se é o que `guru daemon status` mostra no servidor e então fixe-o (não há terminal para perguntar: --no-input ou não é um TTY):',
  'Check the fingerprint `guru daemon status` shows on the server; if it shows the presented one, pass that.':
    'Confira o fingerprint que `guru daemon status` mostra no servidor; se for o apresentado, passe esse.',
  'Compare it with what `guru daemon status` shows on the server (ask its admin).':
    'Compare com o que `guru daemon status` mostra no servidor (pergunte ao administrador dele).',
  'Examples:': 'Exemplos:',
  'Repeat it:': 'Repita a senha:',
  'Taken out of the round-robin of {0}': 'Retirado do rodízio de {0}',
  "The authenticity of {0} can't be established: its certificate is not signed by a CA this system trusts.":
    'Não é possível confirmar a autenticidade de {0}: o certificado dele não é assinado por uma CA em que este sistema confia.',
  'The daemon is not running: their open chats go to the rodízio when it starts (`guru daemon start`)':
    'O daemon não está rodando: as conversas abertas vão para o rodízio quando ele iniciar (`guru daemon start`)',
  'Trust {0} and remember its certificate?': 'Confiar em {0} e guardar o certificado dele?',
  'a password is needed: pipe it with --password-stdin (prompting is off: --no-input or not a terminal)':
    'é preciso uma senha: passe-a por um pipe com --password-stdin (perguntas desativadas: --no-input ou não é um terminal)',
  'act as this user, with the owner token (for scripts); default: whoever is logged in':
    'age como este usuário, com o token do dono (para scripts); padrão: quem estiver logado',
  'cannot open the file with "{0}" ({1}) — it is at {2}': 'não foi possível abrir o arquivo com "{0}" ({1}) — ele está em {2}',
  'cannot open the file: "{0}" is not installed — set GURU_OPENER to a program that opens files, or use --save DIR (it is at {1})':
    'não foi possível abrir o arquivo: "{0}" não está instalado — defina GURU_OPENER com um programa que abra arquivos, ou use --save DIR (ele está em {1})',
  'cannot write in "{0}" ({1}) — choose a directory of yours with --save': 'não é possível gravar em "{0}" ({1}) — escolha um diretório seu com --save',
  'missing {0} (prompting is off: --no-input or not a terminal)': 'falta {0} (perguntas desativadas: --no-input ou não é um terminal)',
  no: 'não',
  'no directory "{0}" — create it first (mkdir -p {1}) or choose another with --save':
    'o diretório "{0}" não existe — crie-o antes (mkdir -p {1}) ou escolha outro com --save',
  'print as JSON': 'mostra em JSON',
  'print {0} as JSON': 'mostra {0} em JSON',
  'the certificate of {0} is no longer signed by a CA this system trusts ({1}) — refused, nothing was sent.':
    'o certificado de {0} não é mais assinado por uma CA em que este sistema confia ({1}) — recusado, nada foi enviado.',
  'the certificate of {0} is not the one you named — refused, nothing was sent.':
    'o certificado de {0} não é o que você informou — recusado, nada foi enviado.',
  'the two passwords differ — nothing was changed; try again': 'as duas senhas são diferentes — nada foi alterado; tente de novo',
  'warning: this guru is {0} but the daemon runs {1} — restart it: `guru daemon stop && guru daemon start`':
    'aviso: este guru é {0}, mas o daemon roda {1} — reinicie-o: `guru daemon stop && guru daemon start`',
  'warning: this guru is {0} but the server {1} runs {2} — upgrade the older one':
    'aviso: este guru é {0}, mas o servidor {1} roda {2} — atualize o mais antigo',
  yes: 'sim',
  '{0} (position {1})': '{0} (posição {1})',
  '{0} (positions {1})': '{0} (posições {1})',
  '{0} already holds {1} and a thousand numbered copies of it — choose another directory with --save':
    '{0} já tem {1} e mil cópias numeradas dele — escolha outro diretório com --save',
  '{0} is not known here and its certificate is not signed by a CA this system trusts ({1}) — nothing was sent.':
    '{0} não é conhecido aqui e o certificado dele não é assinado por uma CA em que este sistema confia ({1}) — nada foi enviado.',
  '{0} left unassigned': '{0} sem responsável',
  '{0} must be a duration such as 30m, 12h or 7d (got "{1}")': '{0} precisa ser uma duração como 30m, 12h ou 7d (recebido "{1}")',
  '{0} must be a size such as 500MB or 5GB (got "{1}")': '{0} precisa ser um tamanho como 500MB ou 5GB (recebido "{1}")',
  '{0} must be a size such as 500MB or 5GB, or none (got "{1}")': '{0} precisa ser um tamanho como 500MB ou 5GB, ou none (recebido "{1}")',
  '{0} must be a whole number (got "{1}")': '{0} precisa ser um número inteiro (recebido "{1}")',
  '{0} open chat left unassigned': '{0} conversa aberta ficou sem responsável',
  '{0} open chat left unassigned (nobody in the rodízio could take them)': '{0} conversa aberta ficou sem responsável (ninguém no rodízio podia assumi-la)',
  '{0} open chat: {1}': '{0} conversa aberta: {1}',
  '{0} open chats left unassigned': '{0} conversas abertas ficaram sem responsável',
  '{0} open chats left unassigned (nobody in the rodízio could take them)':
    '{0} conversas abertas ficaram sem responsável (ninguém no rodízio podia assumi-las)',
  '{0} open chats: {1}': '{0} conversas abertas: {1}',
  '{0} to {1}': '{0} para {1}',
  '{0} was not trusted — nothing was sent': '{0} não foi considerado confiável — nada foi enviado',
  '{0}: certificate signed by a CA this system trusts ({1})': '{0}: certificado assinado por uma CA em que este sistema confia ({1})',
  // src/commands/user, dept, round-robin
  '--active and --inactive contradict each other — pass one': '--active e --inactive se contradizem — use só uma',
  '--invite and --password-stdin do not go together — an invited user chooses their own password':
    '--invite e --password-stdin não podem ser usados juntos — um usuário convidado escolhe a própria senha',
  '--visible-name and --clear-visible-name contradict each other — pass one: a new signature, or none':
    '--visible-name e --clear-visible-name se contradizem — use só uma: uma nova assinatura, ou nenhuma',
  Active: 'Ativa',
  'Add a department; its permissions reach every member': 'Adiciona um departamento; as permissões dele valem para todos os membros',
  'Add a user (takes one seat)': 'Adiciona um usuário (ocupa uma licença)',
  'Add members to a department': 'Adiciona membros a um departamento',
  'Add permissions to a department': 'Adiciona permissões a um departamento',
  'Added department {0}': 'Departamento {0} adicionado',
  'Added {0} {1} <{2}>': 'Usuário {1} <{2}> adicionado ({0})',
  'Added {0} {1} <{2}> (no password until they redeem their invite)': 'Usuário {1} <{2}> adicionado ({0}; sem senha até usar o convite)',
  'Append a user or department to the queue; --times N gives it N turns per round':
    'Acrescenta um usuário ou departamento ao fim da fila; --times N dá a ele N vezes por rodada',
  'Assigned to': 'Atribuída a',
  "Change a department's members": 'Altera os membros de um departamento',
  "Change a department's permissions": 'Altera as permissões de um departamento',
  "Change a user's email, names, role, permissions or departments": 'Altera o e-mail, os nomes, o papel, as permissões ou os departamentos de um usuário',
  Created: 'Criado em',
  Departments: 'Departamentos',
  'Departments: groups of users that share permissions and chats': 'Departamentos: grupos de usuários que compartilham permissões e conversas',
  'Disable a user: they cannot log in or get chats, their seat is freed, and their open chats go to the rodízio again':
    'Desativa um usuário: ele não pode entrar nem receber conversas, a licença dele é liberada e as conversas abertas dele voltam para o rodízio',
  'Disabled {0} <{1}>': 'Usuário {0} <{1}> desativado',
  Effective: 'Efetivas',
  Email: 'E-mail',
  'Email:': 'E-mail:',
  'Enable a disabled user again (needs a free seat)': 'Reativa um usuário desativado (precisa de uma licença livre)',
  'Enabled {0} <{1}>': 'Usuário {0} <{1}> reativado',
  'End every open login of a user at once (their inbox and streams close); they can log in again':
    'Encerra de uma vez todas as sessões abertas de um usuário (a caixa de entrada e os fluxos dele fecham); ele pode entrar de novo',
  'Ended {0} session of {1}': '{0} sessão de {1} encerrada',
  'Ended {0} sessions of {1}': '{0} sessões de {1} encerradas',
  Expires: 'Expira',
  From: 'Origem',
  'Invite for {0} <{1}> not sent: {2}.': 'Convite para {0} <{1}> não enviado: {2}.',
  'Invite sent to {0} <{1}> on WhatsApp {2}, through {3} (valid until {4} UTC)':
    'Convite enviado para {0} <{1}> no WhatsApp {2}, pelo número {3} (válido até {4} UTC)',
  'Invite valid until': 'Convite válido até',
  'Last used': 'Último uso',
  "List a user's open logins: when each began, was last used and ends if unused, and where it came from":
    'Lista as sessões abertas de um usuário: quando cada uma começou, quando foi usada pela última vez, quando termina se ficar sem uso e de onde veio',
  'List departments': 'Lista os departamentos',
  'List users': 'Lista os usuários',
  Members: 'Membros',
  'Move an entry to another position; whose turn is next does not change': 'Move uma entrada para outra posição; quem é o próximo da vez não muda',
  Name: 'Nome',
  'Name:': 'Nome:',
  'New password for {0}:': 'Nova senha para {0}:',
  Next: 'Próximo',
  'Next {0} pick for {1} (online: {2})': 'Próxima {0} escolha para {1} (online: {2})',
  'Next {0} picks for {1} (online: {2})': 'Próximas {0} escolhas para {1} (online: {2})',
  Online: 'Online',
  'Pass this message on to them yourself (valid until {0} UTC):': 'Repasse você mesmo esta mensagem a ele (válida até {0} UTC):',
  Password: 'Senha',
  'Password changed for {0}': 'Senha de {0} alterada',
  'Password for {0}:': 'Senha para {0}:',
  Permissions: 'Permissões',
  Pick: 'Escolha',
  Pos: 'Pos',
  'Remove a department: its round-robin entries go with it, its open chats to the rodízio again':
    'Remove um departamento: as entradas dele no rodízio saem junto e as conversas abertas dele voltam para o rodízio',
  'Remove a user for good (the audit keeps their name): out of every round-robin, their open chats to the rodízio again':
    'Remove um usuário de vez (a auditoria guarda o nome dele): sai de todos os rodízios e as conversas abertas dele voltam para o rodízio',
  'Remove members from a department': 'Remove membros de um departamento',
  'Remove permissions from a department': 'Remove permissões de um departamento',
  'Remove the entry at a position (see `guru rr show`)': 'Remove a entrada de uma posição (veja `guru rr show`)',
  'Removed department {0}': 'Departamento {0} removido',
  'Removed {0} <{1}>': 'Usuário {0} <{1}> removido',
  'Rename a department (members, permissions and round-robin entries follow)':
    'Renomeia um departamento (membros, permissões e entradas no rodízio acompanham)',
  'Renamed {0} to {1}': 'Departamento {0} renomeado para {1}',
  Role: 'Papel',
  'Send a user a new one-time invite code on their WhatsApp, to choose their password (the earlier code stops working)':
    'Envia ao WhatsApp de um usuário um novo código de convite de uso único, para ele escolher a senha (o código anterior deixa de valer)',
  "Set a user's password": 'Define a senha de um usuário',
  'Show a department with its members and permissions': 'Mostra um departamento com seus membros e permissões',
  "Show a phone's round-robin queue and whose turn is next": 'Mostra a fila do rodízio de um número e de quem é a próxima vez',
  'Show one user, with their departments and effective permissions': 'Mostra um usuário, com seus departamentos e permissões efetivas',
  'Show who the next N new chats would go to, and why, without assigning anything':
    'Mostra para quem iriam as próximas N conversas novas, e por quê, sem atribuir nada',
  'Skip offline': 'Pular se offline',
  Skipped: 'Puladas',
  Status: 'Situação',
  'Switch an entry on or off, or change whether it is skipped while offline': 'Liga ou desliga uma entrada, ou muda se ela é pulada enquanto estiver offline',
  Target: 'Alvo',
  "The code lasts 48 h and works once. It goes through a connected phone straight to the user's\nWhatsApp — never into a chat. Without a number or a connected phone, the message is printed\nhere for you to pass on.":
    'O código vale por 48 h e funciona uma vez. Ele vai por um número conectado direto para o\nWhatsApp do usuário — nunca para uma conversa. Sem o número dele ou um número conectado, a\nmensagem é mostrada aqui para você repassar.',
  'The rodízio: one queue per phone that hands each new chat to the next agent':
    'O rodízio: uma fila por número que entrega cada conversa nova ao próximo atendente',
  'The round-robin of {0} is empty: new chats stay unassigned — add someone with `guru rr add {1} user:<email>`':
    'O rodízio de {0} está vazio: as conversas novas ficam sem responsável — adicione alguém com `guru rr add {1} user:<email>`',
  'Updated {0} <{1}>': 'Usuário {0} <{1}> atualizado',
  'Users: who can log in, their names, roles and permissions': 'Usuários: quem pode entrar, seus nomes, papéis e permissões',
  'Visible name': 'Nome visível',
  active: 'ativo',
  'add N consecutive entries (more chats)': 'adiciona N entradas seguidas (mais conversas)',
  'add switched off (kept in the queue, gets no chats)': 'adiciona desligada (fica na fila, não recebe conversas)',
  'add to a department (repeatable)': 'adiciona a um departamento (pode repetir)',
  'added {0} <{1}>, without a password, but the invite failed: {2} — send it with `guru user invite {3}`':
    '{0} <{1}> foi adicionado sem senha, mas o convite falhou: {2} — envie-o com `guru user invite {3}`',
  'admin sees and may do everything': 'admin vê e pode fazer tudo',
  'all (admin)': 'todas (administrador)',
  'current name': 'nome atual',
  'current position': 'posição atual',
  'department name': 'nome do departamento',
  'department name (unique)': 'nome do departamento (único)',
  disabled: 'desativado',
  'from position': 'a posição de origem',
  'give it chats even while offline': 'dá conversas a ela mesmo offline',
  'grant a permission (repeatable)': 'concede uma permissão (pode repetir)',
  'grant a permission (repeatable): {0}': 'concede uma permissão (pode repetir): {0}',
  'grant a permission to members (repeatable): {0}': 'concede uma permissão aos membros (pode repetir): {0}',
  'guru user disable bia@acme.com   # to keep them out': 'guru user disable bia@acme.com   # para mantê-lo fora',
  'guru user logout bia@acme.com   # ends them all': 'guru user logout bia@acme.com   # encerra todas',
  'how many picks': 'quantas escolhas',
  'how many sessions were ended': 'quantas sessões foram encerradas',
  inactive: 'inativa',
  'leave its open chats unassigned instead of handing them to the rodízio':
    'deixa as conversas abertas do departamento sem responsável em vez de entregá-las ao rodízio',
  'leave their open chats unassigned instead of handing them to the rodízio':
    'deixa as conversas abertas do usuário sem responsável em vez de entregá-las ao rodízio',
  'login email (unique)': 'e-mail de login (único)',
  'name shown to colleagues and in the audit': 'nome mostrado aos colegas e na auditoria',
  'new login email': 'novo e-mail de login',
  'new name': 'novo nome',
  'new position': 'nova posição',
  'new role': 'novo papel',
  'new signature shown to customers': 'nova assinatura mostrada aos clientes',
  'no password: send them a one-time code on WhatsApp to choose their own (see `guru user invite`)':
    'sem senha: envia pelo WhatsApp um código de uso único para ele escolher a própria (veja `guru user invite`)',
  nobody: 'ninguém',
  'nobody (stays unassigned)': 'ninguém (fica sem responsável)',
  'not set — send an invite with `guru user invite`': 'não definida — envie um convite com `guru user invite`',
  'not skipped while offline': 'não é pulada enquanto offline',
  'not yet — invited': 'ainda não — convidado',
  'note: no server address is known, so the message asks them to get it from you — set it with `guru account set --public-address HOST:PORT` (or start the daemon with --listen), then `guru user invite` again':
    'obs.: nenhum endereço de servidor é conhecido, então a mensagem pede que ele o consiga com você — defina-o com `guru account set --public-address HOST:PORT` (ou inicie o daemon com --listen) e rode `guru user invite` de novo',
  'note: the message gives no certificate fingerprint (no daemon here serves TLS): unless {0} presents a CA-signed one, their first login asks them to trust it — they can check it with you (`guru daemon status` shows it)':
    'obs.: a mensagem não traz o fingerprint do certificado (nenhum daemon aqui serve TLS): a menos que {0} apresente um assinado por uma CA, o primeiro login dele vai pedir que confie nele — ele pode conferir com você (`guru daemon status` o mostra)',
  offline: 'offline',
  'one or more members': 'um ou mais membros',
  'one or more permissions': 'uma ou mais permissões',
  online: 'online',
  'pass over it while its target is offline': 'pula a entrada enquanto o alvo dela estiver offline',
  'pass over this entry while its target is offline': 'pula esta entrada enquanto o alvo dela estiver offline',
  position: 'a posição',
  'position, from 1': 'posição, a partir de 1',
  'read the new password from stdin': 'lê a nova senha da entrada padrão',
  'read the password from stdin': 'lê a senha da entrada padrão',
  "replace the user's departments (repeatable)": 'substitui os departamentos do usuário (pode repetir)',
  "replace the user's own permissions (repeatable)": 'substitui as permissões próprias do usuário (pode repetir)',
  'revoke a permission (repeatable)': 'revoga uma permissão (pode repetir)',
  'send replies without a signature': 'envia as respostas sem assinatura',
  set: 'definida',
  'signature customers see above each reply': 'assinatura que os clientes veem acima de cada resposta',
  'skipped while offline': 'pulada enquanto offline',
  'the department': 'o departamento',
  'the entry gets chats again': 'a entrada volta a receber conversas',
  'the entry stays in the queue but gets no chats': 'a entrada fica na fila, mas não recebe conversas',
  'the new user': 'o novo usuário',
  'the outcome': 'o resultado',
  'the phone number': 'o número',
  'the queue': 'a fila',
  'the removed department': 'o departamento removido',
  'the result': 'o resultado',
  'the user': 'o usuário',
  "the user's current email": 'o e-mail atual do usuário',
  "the user's email": 'o e-mail do usuário',
  'their own WhatsApp number, where invites go ("" forgets it)': 'o número de WhatsApp pessoal dele, para onde vão os convites ("" apaga)',
  'their own WhatsApp number, where invites go (+55…)': 'o número de WhatsApp pessoal dele, para onde vão os convites (+55…)',
  'to position': 'a posição de destino',
  'treat these users as online (comma-separated, repeatable)': 'considera estes usuários online (separados por vírgula, pode repetir)',
  'user:<email> or dept:<name>': 'user:<email> ou dept:<nome>',
  '{0} has no open sessions': '{0} não tem sessões abertas',
  '{0}: added {1}': '{0} agora inclui {1}',
  '{0}: added {1} at {2} ({3} entries)': '{0}: {1} entrou na fila em {2} ({3} entradas)',
  '{0}: added {1} at {2} ({3} entry)': '{0}: {1} entrou na fila em {2} ({3} entrada)',
  '{0}: moved #{1} to #{2}': '{0}: entrada #{1} movida para #{2}',
  '{0}: removed entry #{1} ({2} left)': '{0}: entrada #{1} removida (fila com {2})',
  '{0}: removed {1}': '{0} não inclui mais {1}',
  '◀ next': '◀ próximo',
  // src/commands: account, daemon, password, phone, init, login, logout, whoami, audit
  ' here': ' aqui',
  ' on {0}': ' em {0}',
  '"{0}" is neither a duration (30m, 12h, 7d) nor a date (2026-11-01T09:00)': '"{0}" não é uma duração (30m, 12h, 7d) nem uma data (2026-11-01T09:00)',
  '(nothing in {0})': '(nada em {0})',
  "--fingerprint pins a server's certificate: it goes with --server HOST:PORT":
    '--fingerprint fixa o certificado de um servidor: use-o junto com --server HOST:PORT',
  '--no-tls serves no certificate — drop --tls-cert/--tls-key, or drop --no-tls':
    '--no-tls não serve certificado — tire --tls-cert/--tls-key, ou tire --no-tls',
  '--smtp-password-stdin goes with --smtp <url>': '--smtp-password-stdin só vale junto com --smtp <url>',
  '--smtp-password-stdin needs a user in the --smtp URL (smtp://user@host:587)':
    '--smtp-password-stdin precisa de um usuário na URL de --smtp (smtp://usuario@host:587)',
  '--smtp-password-stdin was given but stdin was empty — pipe the password in':
    '--smtp-password-stdin foi usado, mas a entrada padrão veio vazia — passe a senha por um pipe',
  '--tls-cert and --tls-key go together: the certificate (chain) and its private key, both PEM files':
    '--tls-cert e --tls-key andam juntos: o certificado (cadeia) e a chave privada dele, ambos arquivos PEM',
  '; recovery mail through {0} from {1}': '; e-mails de recuperação por {0}, de {1}',
  'Account "{0}": {1}/{2} seats in use': 'Conta "{0}": {1}/{2} licenças em uso',
  Action: 'Ação',
  Actor: 'Autor',
  Added: 'Adicionado',
  'Added phone {0} ({1}) — next: `guru rr add {2} user:<email>`': 'Número {0} ({1}) adicionado — a seguir: `guru rr add {2} user:<email>`',
  'Added phone {0} — next: `guru rr add {1} user:<email>`': 'Número {0} adicionado — a seguir: `guru rr add {1} user:<email>`',
  "Admin's email:": 'E-mail do administrador:',
  "Admin's name:": 'Nome do administrador:',
  'Change the account: name, seat limit, how long logins last, the mail server for password recovery':
    'Altera a conta: nome, limite de licenças, quanto tempo duram os logins, o servidor de e-mail para recuperar senhas',
  'Choose a new password with the code from `guru password forgot`; your other sessions end and you are logged in':
    'Escolhe uma nova senha com o código de `guru password forgot`; suas outras sessões são encerradas e você fica logado',
  'Choose a password for {0}{1}:': 'Escolha uma senha para {0}{1}:',
  'Code from the email:': 'Código do e-mail:',
  'Connected: {0} is linked': 'Conectado: {0} está vinculado',
  'Create the account and its first admin in a new data directory': 'Cria a conta e o primeiro administrador dela em um novo diretório de dados',
  'Created account "{0}" ({1} seats) in {2}': 'Conta "{0}" criada ({1} licenças) em {2}',
  Details: 'Detalhes',
  "Each phone's live WhatsApp link state, as the daemon sees it (while syncing: progress, chats and messages so far)":
    'O estado da conexão de cada número com o WhatsApp agora, como o daemon vê (durante a sincronização: progresso, conversas e mensagens até o momento)',
  'Email yourself a one-time code (valid 15 minutes) to choose a new password':
    'Envia para o seu e-mail um código de uso único (válido por 15 minutos) para escolher uma nova senha',
  'End your session (on the server too) and forget its token': 'Encerra a sua sessão (no servidor também) e esquece o token dela',
  'Forgot your password? Get a one-time code by email, then choose a new one': 'Esqueceu a senha? Receba um código de uso único por e-mail e escolha uma nova',
  'GURU_TRANSPORT must be one of {0} (got "{1}")': 'GURU_TRANSPORT precisa ser um destes: {0} (recebido "{1}")',
  'GURU_WA_TRUST must be <32-byte public key in hex>:<serial>[:<media certificate, base64 DER>] (got "{0}")':
    'GURU_WA_TRUST precisa ser <chave pública de 32 bytes em hex>:<serial>[:<certificado de mídia, DER em base64>] (recebido "{0}")',
  "GURU_WA_TRUST's third part must be the media host's certificate in base64 DER ({0})":
    'a terceira parte de GURU_WA_TRUST precisa ser o certificado do host de mídia em DER base64 ({0})',
  'Guru daemon started (pid {0})': 'Daemon do Guru iniciado (pid {0})',
  'Guru daemon stopped (pid {0})': 'Daemon do Guru parado (pid {0})',
  'If {0} has an account{1}, a code is on its way to it (valid for {2} minutes).':
    'Se {0} tiver uma conta{1}, um código está a caminho desse e-mail (válido por {2} minutos).',
  'Its credentials are gone, but WhatsApp could not be told (the phone was not connected): remove the device on the phone too, in WhatsApp › Linked devices.':
    'As credenciais dele foram apagadas, mas não foi possível avisar o WhatsApp (o número não estava conectado): remova o dispositivo no celular também, em WhatsApp › Dispositivos conectados.',
  'Its device was logged out of WhatsApp and its credentials are gone; linking {0} again takes a new QR.':
    'O dispositivo dele saiu do WhatsApp e as credenciais foram apagadas; conectar {0} de novo exige um novo QR.',
  Label: 'Rótulo',
  'Link a phone: scan the QR with WhatsApp › Linked devices › Link a device (needs the daemon)':
    'Conecta um número: leia o QR em WhatsApp › Dispositivos conectados › Conectar dispositivo (precisa do daemon)',
  'List registered phones and their link state': 'Lista os números cadastrados e o estado da conexão de cada um',
  Listen: 'Escuta em',
  'Log in as a user, here or on a server (--server); chat commands and the inbox then act as you':
    'Entra como um usuário, aqui ou em um servidor (--server); os comandos de conversa e a caixa de entrada passam a agir como você',
  'Log the companion device out of WhatsApp and forget its credentials (needs the daemon); the phone stays registered':
    'Desconecta o dispositivo do WhatsApp e esquece as credenciais dele (precisa do daemon); o número continua cadastrado',
  'Logged in as {0} <{1}>{2}': 'Logado como {0} <{1}>{2}',
  'Logged out {0}{1}': '{0} saiu{1}',
  'Mail from': 'Remetente',
  Media: 'Mídia',
  'Media quota': 'Cota de mídia',
  'New password for {0}{1}:': 'Nova senha para {0}{1}:',
  Number: 'Número',
  'On the phone: WhatsApp › Linked devices › Link with phone number, then enter {0}':
    'No celular: WhatsApp › Dispositivos conectados › Conectar com número de telefone, e digite {0}',
  'Password changed; your other sessions were ended. Logged in as {0} <{1}>{2}':
    'Senha alterada; suas outras sessões foram encerradas. Logado como {0} <{1}>{2}',
  'Password for {0}{1}:': 'Senha para {0}{1}:',
  'Phone {0}': 'Número {0}',
  'Public address': 'Endereço público',
  'Register a WhatsApp number the team will share (link it later with `guru phone link`)':
    'Cadastra um número de WhatsApp que a equipe vai compartilhar (conecte-o depois com `guru phone link`)',
  'Removed phone {0} and unlinked it; its chats are kept': 'Número {0} removido e desconectado; as conversas dele foram mantidas',
  'Removed phone {0}; its chats are kept': 'Número {0} removido; as conversas dele foram mantidas',
  'Run the daemon in the foreground (for systemd; logs go to daemon.log in the data dir)':
    'Roda o daemon em primeiro plano (para o systemd; os logs vão para daemon.log no diretório de dados)',
  'SMTP password for {0}@{1}:': 'Senha SMTP de {0}@{1}:',
  'Scan it with WhatsApp › Linked devices › Link a device (valid {0} s)':
    'Leia-o em WhatsApp › Dispositivos conectados › Conectar dispositivo (válido por {0} s)',
  Seats: 'Licenças',
  'Session idle': 'Sessão ociosa',
  'Show the account: name, seats in use, how long logins last, the recovery mail server':
    'Mostra a conta: nome, licenças em uso, quanto tempo duram os logins, o servidor de e-mail de recuperação',
  'Show whether the daemon runs, its pid, uptime, version, network address and certificate fingerprint, and each phone’s link state':
    'Mostra se o daemon está rodando, o pid, desde quando, a versão, o endereço de rede e o fingerprint do certificado, e o estado da conexão de cada número',
  'Show who you are logged in as, and on which server': 'Mostra com qual usuário você está logado, e em qual servidor',
  'Start the daemon in the background; returns once its API answers': 'Inicia o daemon em segundo plano; volta assim que a API dele responder',
  Started: 'Iniciado',
  State: 'Estado',
  'Stop the daemon gracefully: drains requests, flushes, releases the store': 'Para o daemon com calma: termina as requisições, grava tudo e libera os dados',
  'The account: name and seat limit (licences)': 'A conta: nome e limite de licenças',
  'The audit trail: every change, who made it and when': 'A trilha de auditoria: cada alteração, quem fez e quando',
  'The background process that owns the data, keeps WhatsApp connected and serves the CLI and inbox':
    'O processo em segundo plano que cuida dos dados, mantém o WhatsApp conectado e atende a CLI e a caixa de entrada',
  'The daemon listens on {0} from its next start (`guru daemon stop && guru daemon start`).':
    'O daemon escuta em {0} a partir da próxima vez que iniciar (`guru daemon stop && guru daemon start`).',
  'The daemon serves the local socket only from its next start.': 'O daemon atende só pelo socket local a partir da próxima vez que iniciar.',
  'Then choose a new password: guru password reset{0} --email {1} --code <code>':
    'Depois escolha uma nova senha: guru password reset{0} --email {1} --code <código>',
  Time: 'Quando',
  'Time zone': 'Fuso horário',
  'Unlinked {0}': '{0} desconectado',
  'Unregister a phone and delete its round-robin queue (its chats are kept); a linked phone needs --unlink':
    'Descadastra um número e apaga a fila de rodízio dele (as conversas ficam); um número conectado precisa de --unlink',
  Version: 'Versão',
  Warning: 'Aviso',
  'WhatsApp numbers the team shares': 'Números de WhatsApp que a equipe compartilha',
  'You are not logged in{0}.': 'Você não está logado{0}.',
  'Your login email:': 'Seu e-mail de login:',
  'a Guru daemon is already running (pid {0}) on {1} — stop it first with `guru daemon stop`':
    'um daemon do Guru já está rodando (pid {0}) em {1} — pare-o antes com `guru daemon stop`',
  'a name for it, e.g. "Vendas SP"': 'um nome para ele, por exemplo "Vendas SP"',
  'account (company) name': 'nome da conta (empresa)',
  'admin: {0} <{1}>': 'administrador: {0} <{1}>',
  'also log its device out of WhatsApp and wipe its credentials (needed when it is linked; needs the daemon)':
    'também desconecta o dispositivo do WhatsApp e apaga as credenciais dele (necessário quando está conectado; precisa do daemon)',
  'also serve the API over TLS on this address (default: the account’s, `guru account set --listen`)':
    'também serve a API por TLS neste endereço (padrão: o da conta, `guru account set --listen`)',
  'cannot open {0} ({1}) — is {2} a Guru data dir? (`guru init`)': 'não foi possível abrir {0} ({1}) — {2} é um diretório de dados do Guru? (`guru init`)',
  connected: 'conectado',
  'end a login unused this long (30m, 12h, 7d; from 1m to 30d)': 'encerra um login sem uso por este tempo (30m, 12h, 7d; de 1m a 30d)',
  'guru daemon run --listen 127.0.0.1:7433 --no-tls   # behind a reverse proxy':
    'guru daemon run --listen 127.0.0.1:7433 --no-tls   # atrás de um proxy reverso',
  'guru daemon stopped': 'daemon do guru parado',
  'guru daemon {0} running (pid {1})': 'daemon do guru {0} rodando (pid {1})',
  'guru now works on {0} by default — `guru logout` ends that; --home DIR works on a local data dir':
    'agora o guru trabalha em {0} por padrão — `guru logout` desfaz isso; --home DIR trabalha em um diretório de dados local',
  'how long a user stays online after their inbox closes (default 60)':
    'por quanto tempo um usuário continua online depois que a caixa de entrada dele fecha (padrão 60)',
  'how much media the data dir may keep (500MB, 5GB; none: no limit) — over it new files stay on WhatsApp':
    'quanta mídia o diretório de dados pode guardar (500MB, 5GB; none: sem limite) — acima disso os arquivos novos ficam no WhatsApp',
  'http://{0} (no TLS: for a reverse proxy)': 'http://{0} (sem TLS: para um proxy reverso)',
  'international number with country code, e.g. +5511999990000': 'número internacional com o código do país, por exemplo +5511999990000',
  'licences: how many users may be active': 'licenças: quantos usuários podem estar ativos',
  'link with an 8-character code typed on the phone instead of a QR': 'conecta com um código de 8 caracteres digitado no celular em vez de um QR',
  'linking {0} was cancelled — nothing of it was kept': 'a conexão de {0} foi cancelada — nada dela foi mantido',
  'mail server for password recovery: smtp://user:pass@host:587 (STARTTLS) or smtps://…:465; "none" removes it':
    'servidor de e-mail para recuperar senhas: smtp://usuario:senha@host:587 (STARTTLS) ou smtps://…:465; "none" o remove',
  'new account name': 'novo nome da conta',
  'new seat limit (not below the active users)': 'novo limite de licenças (não abaixo dos usuários ativos)',
  'next: add users with `guru user add`': 'a seguir: adicione usuários com `guru user add`',
  none: 'nenhuma',
  'only entries since a duration ago (30m, 12h, 7d) or a date': 'só os registros desde um tempo atrás (30m, 12h, 7d) ou desde uma data',
  'only this phone': 'só este número',
  'owner (local admin)': 'dono (administrador local)',
  'phone {0} is not registered — see `guru phone list`': 'o número {0} não está cadastrado — veja `guru phone list`',
  'plain HTTP on a loopback address, for a reverse proxy that does TLS in front':
    'HTTP simples em um endereço de loopback, para um proxy reverso que faz o TLS na frente',
  'print the link events as JSON lines (each QR event has the raw QR text)':
    'mostra os eventos da conexão como linhas JSON (cada evento de QR traz o texto bruto do QR)',
  'read the SMTP password from stdin (the --smtp URL then has the user but no password)':
    'lê a senha SMTP da entrada padrão (a URL de --smtp fica com o usuário, sem a senha)',
  "read the admin's password from stdin": 'lê a senha do administrador da entrada padrão',
  'redeem the invite code you got on WhatsApp and choose your password': 'usa o código de convite que você recebeu no WhatsApp e escolhe a sua senha',
  running: 'rodando',
  'serve the local socket only, from the daemon’s next start': 'atende só pelo socket local, a partir da próxima vez que o daemon iniciar',
  'serve this certificate (PEM, a CA-signed one) instead of the self-signed one in the data dir':
    'serve este certificado (PEM, assinado por uma CA) em vez do autoassinado do diretório de dados',
  'syncing history': 'sincronizando o histórico',
  'the --smtp URL already has a password: leave it out of the URL or drop --smtp-password-stdin':
    'a URL de --smtp já tem uma senha: tire-a da URL ou tire --smtp-password-stdin',
  'the --smtp URL names a user but no password — pipe it with --smtp-password-stdin, or put it in the URL':
    'a URL de --smtp tem um usuário, mas não a senha — passe-a por um pipe com --smtp-password-stdin, ou coloque-a na URL',
  "the IANA time zone the team's times are read in, e.g. America/Sao_Paulo (`chat send --at`); none: the daemon machine's":
    'o fuso horário IANA em que os horários da equipe são lidos, por exemplo America/Sao_Paulo (`chat send --at`); none: o da máquina do daemon',
  'the address recovery mails come from': 'o endereço de onde saem os e-mails de recuperação',
  'the answer': 'a resposta',
  'the code from the email': 'o código do e-mail',
  'the daemon (pid {0}) is still running after {1} s — see its log, or `kill {2}`':
    'o daemon (pid {0}) continua rodando depois de {1} s — veja o log dele, ou `kill {2}`',
  'the daemon did not answer within {0} s — see {1}': 'o daemon não respondeu em {0} s — veja {1}',
  'the daemon did not give its pid — stop it from the machine it runs on, as its OS user':
    'o daemon não informou o pid — pare-o na máquina onde ele roda, com o usuário do sistema dele',
  'the daemon exited (code {0}) before it answered: {1}': 'o daemon saiu (código {0}) antes de responder: {1}',
  "the daemon machine's": 'o da máquina do daemon',
  "the first admin's email (their login)": 'o e-mail do primeiro administrador (o login dele)',
  "the first admin's name, as colleagues see it": 'o nome do primeiro administrador, como os colegas o veem',
  'the logged-in user': 'o usuário logado',
  'the phone': 'o número',
  'the private key (PEM) of --tls-cert': 'a chave privada (PEM) de --tls-cert',
  'the registered phone number': 'o número cadastrado',
  'the removed phone, with `unlinked` and `loggedOut`': 'o número removido, com `unlinked` e `loggedOut`',
  'where people\'s machines reach this server, for the invites to give ("" forgets it)':
    'onde as máquinas das pessoas encontram este servidor, para os convites informarem ("" apaga)',
  'where the daemon serves the network (TLS) from its next start; owner only':
    'onde o daemon atende a rede (TLS) a partir da próxima vez que iniciar; só o dono',
  "with --server: trust the server's certificate with this fingerprint": 'com --server: confia no certificado do servidor que tem este fingerprint',
  "with --server: trust the server's certificate with this fingerprint (for scripts; re-pins a changed one)":
    'com --server: confia no certificado do servidor que tem este fingerprint (para scripts; fixa de novo um que mudou)',
  'your login email': 'seu e-mail de login',
  "{0} (from the daemon's next start)": '{0} (a partir da próxima vez que o daemon iniciar)',
  '{0} (no quota)': '{0} (sem cota)',
  '{0} did not answer, so the session there ends only when it expires; the token is forgotten here':
    '{0} não respondeu, então a sessão lá só termina quando expirar; o token foi esquecido aqui',
  '{0} in {1} file': '{0} em {1} arquivo',
  '{0} in {1} files': '{0} em {1} arquivos',
  '{0} of {1} ({2}%)': '{0} de {1} ({2}%)',
  '{0}/{1} in use': '{0}/{1} em uso',
} satisfies Readonly<Record<string, string>>;
