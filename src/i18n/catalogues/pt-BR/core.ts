/**
 * Brazilian Portuguese for the texts of core (see ../pt-BR.ts): src/core/*.ts and src/core/contacts/.
 * Texts that start with `{0}` take a name already in Portuguese from the caller (`normalizeName`'s
 * `what`: "o nome da etiqueta"), so they read "{0} não pode…" with the caller's article.
 */
export const core = {
  // contacts/contact-edit.ts
  ' — try "{0}"': ' — tente "{0}"',
  '"{0}" is not a field name: use 1 to {1} lowercase letters, digits, _ or - (like empresa or cpf_cnpj){2}':
    '"{0}" não é um nome de campo: use de 1 a {1} letras minúsculas, dígitos, _ ou - (como empresa ou cpf_cnpj){2}',
  'a contact may have at most {0} fields; this change would leave {1} — remove some with --field name= (an empty value removes a field)':
    'um contato pode ter no máximo {0} campos; esta alteração deixaria {1} — remova alguns com --field nome= (um valor vazio remove o campo)',
  'a contact name is one line of text — leave out line breaks and control characters':
    'o nome de um contato é uma linha de texto — tire as quebras de linha e os caracteres de controle',
  'the name is {0} characters long; a contact name may have at most {1}': 'o nome tem {0} caracteres; o nome de um contato pode ter no máximo {1}',
  'the value of {0} is {1} characters long; a field may hold at most {2}': 'o valor de {0} tem {1} caracteres; um campo pode ter no máximo {2}',
  'the value of {0} must be one line of text — leave out line breaks and control characters':
    'o valor de {0} precisa ser uma linha de texto — tire as quebras de linha e os caracteres de controle',

  // access.ts, context.ts
  'checking a number on WhatsApp needs the daemon — start it with `guru daemon start`':
    'consultar um número no WhatsApp precisa do daemon — inicie-o com `guru daemon start`',
  'linking or unlinking a phone needs the daemon, which holds its WhatsApp connection — start it with `guru daemon start`':
    'conectar ou desconectar um número precisa do daemon, que mantém a conexão com o WhatsApp — inicie-o com `guru daemon start`',
  'sending through a phone needs the daemon — start it with `guru daemon start`': 'enviar por um número precisa do daemon — inicie-o com `guru daemon start`',
  'this Guru data directory has no account yet — create one with `guru init`': 'este diretório de dados do Guru ainda não tem conta — crie uma com `guru init`',
  'you may not {0}: it needs the "{1}" permission — ask an admin to grant it':
    'você não pode {0}: é preciso a permissão "{1}" — peça a um administrador para concedê-la',
  'your session is no longer valid — log in again with `guru login`': 'sua sessão não é mais válida — entre de novo com `guru login`',

  // grants.ts
  'as an admin': 'como administrador',
  'as their own permission': 'como permissão própria',
  'by changing the email of {0}': 'ao alterar o e-mail de {0}',
  'by enabling them': 'ao ativar o usuário',
  'by resetting the password of {0}': 'ao redefinir a senha de {0}',
  'change the email of': 'alterar o e-mail de',
  'create, change or remove': 'criar, alterar ou remover',
  'only admins can {0} an admin ({1}) — ask an admin to do it': 'só administradores podem {0} um administrador ({1}) — peça a um administrador para fazer isso',
  'reset the password of': 'redefinir a senha de',
  'through department "{0}"': 'pelo departamento "{0}"',
  'to yourself': 'a você mesmo',
  'to {0}': 'a {0}',
  'you cannot give {0} {1}{2}: you do not hold it — ask an admin to do it':
    'você não pode dar a permissão {0} {1}{2}: você não a tem — peça a um administrador para fazer isso',
  'you cannot give {0} {1}{2}: you do not hold them — ask an admin to do it':
    'você não pode dar as permissões {0} {1}{2}: você não as tem — peça a um administrador para fazer isso',
  'you cannot {0} {1}: they hold {2}, which you do not — ask an admin to do it':
    'você não pode {0} {1}: essa pessoa tem {2}, que você não tem — peça a um administrador para fazer isso',
  'you may not {0} other users: it needs the "users.manage" permission — ask an admin to grant it':
    'você não pode {0} outros usuários: é preciso a permissão "users.manage" — peça a um administrador para concedê-la',

  // invites.ts, listen.ts
  '"{0}" is not a server address — expected HOST:PORT, e.g. guru.acme.com:7433 or 203.0.113.7:7433':
    '"{0}" não é um endereço de servidor — esperava HOST:PORT, por exemplo guru.acme.com:7433 ou 203.0.113.7:7433',
  '--no-tls works only on a loopback address (127.0.0.1, [::1], localhost), for a reverse proxy on this machine — {0} would send passwords and tokens in clear text; drop --no-tls (Guru serves TLS itself) or listen on 127.0.0.1':
    '--no-tls só funciona num endereço de loopback (127.0.0.1, [::1], localhost), para um proxy reverso nesta máquina — {0} enviaria senhas e tokens sem criptografia; tire o --no-tls (o Guru serve TLS sozinho) ou escute em 127.0.0.1',
  'that invite code does not work for {0} — it may be mistyped, already used or expired (codes last 48 h); ask an admin to send a new one with `guru user invite {1}`':
    'esse código de convite não funciona para {0} — pode ter sido digitado errado, já usado ou expirado (os códigos valem 48 h); peça a um administrador para enviar outro com `guru user invite {1}`',
  'that is not an invite code — it has {0} letters and digits, like K7QF-9XMB-2PDA; copy it from the WhatsApp message':
    'isso não é um código de convite — ele tem {0} letras e dígitos, como K7QF-9XMB-2PDA; copie-o da mensagem do WhatsApp',
  '{0} takes HOST:PORT, e.g. 0.0.0.0:7433 or guru.acme.com:7433 ([::1]:7433 for IPv6)':
    '{0} recebe HOST:PORT, por exemplo 0.0.0.0:7433 ou guru.acme.com:7433 ([::1]:7433 para IPv6)',
  '{0} — "{1}" is not a host name or IP address': '{0} — "{1}" não é um nome de host nem um endereço IP',
  '{0} — got "{1}"': '{0} — recebido "{1}"',
  '{0} — the host is missing (0.0.0.0 listens on every interface)': '{0} — falta o host (0.0.0.0 escuta em todas as interfaces)',
  '{0} — the port must be 1 to 65535 (got {1})': '{0} — a porta precisa ser de 1 a 65535 (recebido {1})',

  // login-throttle.ts, recovery.ts
  'password recovery by email is not set up on this Guru server — ask an admin to set a new password for you (`guru user passwd <email>`)':
    'a recuperação de senha por e-mail não está configurada neste servidor Guru — peça a um administrador para definir uma nova senha para você (`guru user passwd <email>`)',
  'the code is {0} digits, as in the email (got "{1}")': 'o código tem {0} dígitos, como no e-mail (recebido "{1}")',
  'too many logins at once for {0} — wait a few seconds and try again': 'logins demais ao mesmo tempo para {0} — espere alguns segundos e tente de novo',
  'too many logins at once from {0} — wait a few seconds and try again': 'logins demais ao mesmo tempo de {0} — espere alguns segundos e tente de novo',
  'too many password recovery requests for {0} or from your address — wait {1} min and try again':
    'pedidos demais de recuperação de senha para {0} ou do seu endereço — espere {1} min e tente de novo',
  'too many password resets at once for {0} — wait a few seconds and try again':
    'redefinições de senha demais ao mesmo tempo para {0} — espere alguns segundos e tente de novo',
  'too many password resets at once from {0} — wait a few seconds and try again':
    'redefinições de senha demais ao mesmo tempo de {0} — espere alguns segundos e tente de novo',
  'too many wrong codes for {0} — wait {1} s and try again': 'códigos errados demais para {0} — espere {1} s e tente de novo',
  'too many wrong codes from {0} — wait {1} min and try again': 'códigos errados demais de {0} — espere {1} min e tente de novo',
  'too many wrong passwords for {0} — wait {1} s and try again': 'senhas erradas demais para {0} — espere {1} s e tente de novo',
  'too many wrong passwords from {0} — wait {1} min and try again': 'senhas erradas demais de {0} — espere {1} min e tente de novo',
  'wrong or expired code for {0} — ask for a new one with `guru password forgot --email {1}`':
    'código errado ou expirado para {0} — peça outro com `guru password forgot --email {1}`',

  // lookalike.ts, lookup.ts, permissions.ts, phone-number.ts
  '"{0}" is not a phone number in E.164 form — {1}': '"{0}" não é um número no formato E.164 — {1}',
  '"{0}" is not a valid phone number — {1}': '"{0}" não é um número de telefone válido — {1}',
  '"{0}" looks the same as the existing {1} "{2}" (look-alike characters: {3}) — use "{4}" itself, or a name that reads differently':
    '"{0}" parece igual a um nome que já existe ({1} "{2}"; caracteres parecidos: {3}) — use o próprio "{4}" ou um nome que se leia diferente',
  'expected an international number with country code, e.g. +5511999990000': 'esperava um número internacional com código do país, por exemplo +5511999990000',
  'no department named "{0}" — see `guru dept list`': 'nenhum departamento chamado "{0}" — veja `guru dept list`',
  'no user with email {0} — see `guru user list`': 'nenhum usuário com o e-mail {0} — veja `guru user list`',
  'none shown': 'nenhum visível',
  'phone {0} is not registered — add it with `guru phone add {1}`': 'o número {0} não está cadastrado — adicione-o com `guru phone add {1}`',
  'unknown permission "{0}" — valid permissions: {1}': 'permissão desconhecida "{0}" — as permissões válidas são: {1}',

  // mail.ts
  '--mail-from must be a plain email address such as guru@acme.com (got "{0}")':
    '--mail-from precisa ser só um endereço de e-mail, como guru@acme.com (recebido "{0}")',
  '--smtp has a badly percent-encoded user or password (got "{0}") — encode special characters, e.g. @ as %40':
    '--smtp tem um usuário ou senha com codificação % errada (recebido "{0}") — codifique os caracteres especiais, por exemplo @ como %40',
  '--smtp has a password but no user (got "{0}") — write smtp://user:password@host':
    '--smtp tem senha mas não tem usuário (recebido "{0}") — escreva smtp://usuario:senha@servidor',
  '--smtp is not a URL — expected {0}': '--smtp não é uma URL — esperava {0}',
  '--smtp must be just the server, with no path or options (got "{0}") — expected {1}':
    '--smtp precisa ser só o servidor, sem caminho nem opções (recebido "{0}") — esperava {1}',
  '--smtp must start with smtp:// or smtps:// (got "{0}") — expected {1}': '--smtp precisa começar com smtp:// ou smtps:// (recebido "{0}") — esperava {1}',
  '--smtp names no server (got "{0}") — expected {1}': '--smtp não informa o servidor (recebido "{0}") — esperava {1}',
  '--smtp port must be from 1 to 65535 (got "{0}")': 'a porta de --smtp precisa ser de 1 a 65535 (recebido "{0}")',
  'sending mail needs the daemon — start it with `guru daemon start`': 'enviar e-mail precisa do daemon — inicie-o com `guru daemon start`',
  'smtp://user:password@mail.acme.com:587 (STARTTLS) or smtps://user:password@mail.acme.com:465 (TLS)':
    'smtp://usuario:senha@mail.acme.com:587 (STARTTLS) ou smtps://usuario:senha@mail.acme.com:465 (TLS)',
  'the stored mail settings are unreadable — set them again with `guru account set --smtp … --mail-from …`':
    'não foi possível ler as configurações de e-mail guardadas — configure-as de novo com `guru account set --smtp … --mail-from …`',

  // quick-replies.ts
  '"{0}" is not a shortcut: a / then 1 to 30 letters, digits, - or _ (like /preco)':
    '"{0}" não é um atalho: uma / e depois de 1 a 30 letras, dígitos, - ou _ (como /preco)',
  'department (removed)': 'departamento (removido)',
  'department {0}': 'departamento {0}',
  everyone: 'todos',
  'no quick reply "{0}" among yours — see `guru quick list`': 'nenhuma resposta rápida "{0}" entre as suas — veja `guru quick list`',
  'only its author': 'só quem a criou',
  'the owner cannot use quick replies as nobody — act as a user: `guru login`, or `--as <email>`':
    'o dono não pode usar respostas rápidas sem ser um usuário — aja como um usuário: `guru login`, ou `--as <email>`',
  'the quick reply is empty — give the text it inserts': 'a resposta rápida está vazia — informe o texto que ela insere',
  'the quick reply is {0} characters long — at most {1}': 'a resposta rápida tem {0} caracteres — o máximo é {1}',
  "unknown placeholder {{0}} — the placeholders are {cliente} (the customer's name) and {agente} (your visible name)":
    'marcador desconhecido {{0}} — os marcadores são {cliente} (o nome do cliente) e {agente} (o seu nome visível)',
  '{0} names several quick replies: {1} — name the one you mean by its id': '{0} corresponde a várias respostas rápidas: {1} — indique a que você quer pelo id',

  // round-robin.ts (its position, from position, to position are in commands-admin.ts)
  'the queue is empty': 'a fila está vazia',
  'valid positions are 1 to {0}': 'as posições válidas vão de 1 a {0}',
  '{0} {1} is out of range for the round-robin of {2} — {3}': '{0} {1} está fora do rodízio de {2} — {3}',

  // sessions.ts
  'acting as another user (--as) works only on the local socket — over the network, log in as that user':
    'agir como outro usuário (--as) só funciona no socket local — pela rede, entre como esse usuário',
  'only the installation owner may act as another user (--as)': 'só o dono da instalação pode agir como outro usuário (--as)',
  'the owner token works only on the local socket — log in as a user with `guru login --server HOST:PORT --email …`':
    'o token do dono só funciona no socket local — entre como um usuário com `guru login --server HOST:PORT --email …`',
  'wrong email or password': 'e-mail ou senha incorretos',
  '{0} is disabled': '{0} está desativado',
  '{0} is disabled — ask an admin to enable it': '{0} está desativado — peça a um administrador para ativá-lo',

  // tags.ts
  '"{0}" is not a tag colour — use one of {1}': '"{0}" não é uma cor de etiqueta — use uma destas: {1}',
  'no tag named "{0}" — {1} (`guru tag add <name>` makes one)': 'nenhuma etiqueta chamada "{0}" — {1} (`guru tag add <nome>` cria uma)',
  'tag name': 'o nome da etiqueta',
  'tag name "{0}" must not contain a comma (lists of tags are written A,B)':
    'o nome da etiqueta "{0}" não pode ter vírgula (listas de etiquetas se escrevem A,B)',
  'tag name "{0}" must not start with +, - or # (they add, remove and search tags)':
    'o nome da etiqueta "{0}" não pode começar com +, - ou # (eles adicionam, removem e buscam etiquetas)',
  'the tags are: {0}': 'as etiquetas são: {0}',
  'there are no tags yet': 'ainda não há etiquetas',

  // time-zone.ts
  '"{0}" is not a UTC offset (they go from -12:00 to +14:00)': '"{0}" não é um deslocamento de UTC (eles vão de -12:00 a +14:00)',
  '"{0}" is not a real date and time — {1}': '"{0}" não é uma data e hora que existe — {1}',
  '"{0}" is not a time Guru reads — {1}': '"{0}" não é um horário que o Guru entende — {1}',
  '"{0}" is not a time zone — give an IANA name such as America/Sao_Paulo, Europe/Lisbon or UTC':
    '"{0}" não é um fuso horário — informe um nome IANA como America/Sao_Paulo, Europe/Lisbon ou UTC',
  'expected a date and time like "2026-12-02 09:00" (in {0}), or ISO 8601 with an offset like 2026-12-02T09:00-03:00':
    'esperava uma data e hora como "2026-12-02 09:00" (em {0}), ou ISO 8601 com deslocamento, como 2026-12-02T09:00-03:00',
  '{0} does not exist in {1}: the clocks skip that hour (daylight saving) — pick another time':
    '{0} não existe em {1}: os relógios pulam essa hora (horário de verão) — escolha outro horário',

  // validate.ts
  '"{0}" is not a valid email address (expected something like ana@acme.com)': '"{0}" não é um endereço de e-mail válido (esperava algo como ana@acme.com)',
  'password is too long (at most 1024 characters)': 'a senha é longa demais (no máximo 1024 caracteres)',
  'password is too short (at least {0} characters)': 'a senha é curta demais (no mínimo {0} caracteres)',
  '{0} is too long ({1} characters; at most {2})': '{0} é longo demais ({1} caracteres; no máximo {2})',
  '{0} must be a single line': '{0} precisa ter uma só linha',
  '{0} must be a whole number from {1} to {2} (got {3})': '{0} precisa ser um número inteiro de {1} a {2} (recebido {3})',
  '{0} must not be empty': '{0} não pode ficar vazio',
  '{0} must not contain control characters (found {1} at position {2}) — type the name as plain text':
    '{0} não pode conter caracteres de controle ({1} na posição {2}) — digite o nome como texto simples',

  // watch.ts
  'your account was disabled or removed — ask an admin, then log in again with `guru login`':
    'sua conta foi desativada ou removida — fale com um administrador e depois entre de novo com `guru login`',
  'your session ended (logged out) — log in again with `guru login`': 'sua sessão terminou (você saiu) — entre de novo com `guru login`',
  'your sessions were ended': 'suas sessões foram encerradas',
  'your sessions were ended (`guru user logout`)': 'suas sessões foram encerradas (`guru user logout`)',
  'your sessions were ended by a new password': 'suas sessões foram encerradas por uma nova senha',
  'your sessions were ended: the account was removed': 'suas sessões foram encerradas: a conta foi removida',
  '{0} — log in again with `guru login`': '{0} — entre de novo com `guru login`',
} satisfies Readonly<Record<string, string>>;
