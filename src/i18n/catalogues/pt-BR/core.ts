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
} satisfies Readonly<Record<string, string>>;
