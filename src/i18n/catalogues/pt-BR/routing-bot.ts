/**
 * Brazilian Portuguese for the menu bot (`guru bot`, src/core/bot, src/core/ops/bots.ts) — see
 * ../pt-BR.ts. The bot file's field names (greeting, options, key, label, department, keywords,
 * retry, retries, timeout) are the format's: never translated.
 */
export const routingBot = {
  // commands
  "A number's menu bot: it greets new conversations and sends each to the department the customer chooses":
    'O bot de menu de um número: ele cumprimenta as conversas novas e manda cada uma ao departamento que o cliente escolher',
  "Switch a number's menu bot off: new conversations go straight to the rodízio, and so do those it was still holding":
    'Desliga o bot de menu de um número: as conversas novas vão direto ao rodízio, e também as que ele ainda segurava',
  'Menu bot of {0} switched off: new conversations go to the rodízio': 'Bot de menu de {0} desligado: as conversas novas vão ao rodízio',
  'Apply a menu bot file (YAML) to a number: new conversations get its greeting and menu':
    'Aplica um arquivo de bot de menu (YAML) a um número: as conversas novas recebem a saudação e o menu dele',
  'the bot file (YAML); - reads it from stdin': 'o arquivo do bot (YAML); - lê da entrada padrão',
  'the bot': 'o bot',
  'A bot file (the customer gets the greeting, then "1 Vendas" and "2 Suporte"; an answer is an option\'s key, label or keyword — case, accents and punctuation ignored; after "retries" answers it does not understand, or "timeout" of silence, the chat goes to the normal rodízio):':
    'Um arquivo de bot (o cliente recebe a saudação, depois "1 Vendas" e "2 Suporte"; uma resposta é a chave, o rótulo ou uma palavra-chave de uma opção — sem diferença de maiúsculas, acentos e pontuação; depois de "retries" respostas que ele não entende, ou de "timeout" em silêncio, a conversa vai ao rodízio normal):',
  'Menu bot set on {0}: {1}': 'Bot de menu definido em {0}: {1}',
  'Try it: `guru bot test {0}`': 'Experimente: `guru bot test {0}`',
  'it is a directory': 'é um diretório',
  'cannot read {0}: {1} — check the path (or pass the file on stdin with -f -)':
    'não foi possível ler {0}: {1} — confira o caminho (ou passe o arquivo pela entrada padrão com -f -)',
  "Print a number's menu bot file as it was applied (--json: as the engine reads it)":
    'Mostra o arquivo do bot de menu de um número como foi aplicado (--json: como o motor o lê)',
  'warning: the department of option {0} was removed — answers choosing it go to the normal rodízio; fix the file and set it again':
    'aviso: o departamento da opção {0} foi removido — respostas que a escolhem vão ao rodízio normal; corrija o arquivo e defina o bot de novo',
  "Play a conversation with a number's menu bot in the terminal, without WhatsApp: type the customer's answers, one per line":
    'Simula no terminal uma conversa com o bot de menu de um número, sem WhatsApp: digite as respostas do cliente, uma por linha',
  'the whole conversation': 'a conversa inteira',
  bot: 'bot',
  '→ {0}: nobody of it is in the rodízio, so the chat would go to the department itself':
    '→ {0}: ninguém dele está no rodízio, então a conversa iria para o próprio departamento',
  "→ {0}'s rodízio: would go to {1}": '→ rodízio de {0}: iria para {1}',
  "→ {0}'s rodízio: nobody can take it now — it would wait until someone there can":
    '→ rodízio de {0}: ninguém pode pegá-la agora — ela esperaria até alguém de lá poder',
  'no answer in time': 'sem resposta a tempo',
  '{0} answer not understood': '{0} resposta não entendida',
  '{0} answers not understood': '{0} respostas não entendidas',
  '→ normal rodízio ({0}): would go to {1}': '→ rodízio normal ({0}): iria para {1}',
  '→ normal rodízio ({0}): nobody can take it now — it would wait until someone can':
    '→ rodízio normal ({0}): ninguém pode pegá-la agora — ela esperaria até alguém poder',

  // the bot file
  'the bot file is empty — write the greeting and the options (see `guru bot set --help` for an example)':
    'o arquivo do bot está vazio — escreva a saudação e as opções (veja um exemplo em `guru bot set --help`)',
  'the bot file is too big ({0} bytes; at most {1}) — a menu needs far less':
    'o arquivo do bot é grande demais ({0} bytes; no máximo {1}) — um menu precisa de bem menos',
  'this is not valid YAML ({0}) — check the indentation and the quotes': 'isto não é YAML válido ({0}) — confira a indentação e as aspas',
  'the file must be a list of fields (greeting:, options:, …) — see `guru bot set --help` for an example':
    'o arquivo deve ser uma lista de campos (greeting:, options:, …) — veja um exemplo em `guru bot set --help`',
  'unknown field "{0}" — the fields are {1}': 'campo desconhecido "{0}" — os campos são {1}',
  '{0} must be text': '{0} deve ser um texto',
  '{0} must not contain control characters (found {1}) — write it as plain text':
    '{0} não pode conter caracteres de controle (encontrado {1}) — escreva em texto simples',
  'the field "{0}" is missing': 'falta o campo "{0}"',
  'retries must be a whole number from {0} to {1}: how many answers the bot may not understand before the chat goes to the normal rodízio':
    'retries deve ser um número inteiro de {0} a {1}: quantas respostas o bot pode não entender antes de a conversa ir ao rodízio normal',
  'timeout must be a duration from 30s to 24h, such as 90s, 10m or 2h: how long the bot waits for an answer':
    'timeout deve ser uma duração de 30s a 24h, como 90s, 10m ou 2h: quanto tempo o bot espera uma resposta',
  'options must be a list of at least one option (- key: "1", label: …, department: …)':
    'options deve ser uma lista de pelo menos uma opção (- key: "1", label: …, department: …)',
  'too many options ({0}; at most {1}) — a customer reads the whole menu on a phone':
    'opções demais ({0}; no máximo {1}) — o cliente lê o menu inteiro no celular',
  'option {0} must have the fields key, label and department': 'a opção {0} deve ter os campos key, label e department',
  'option {0}: unknown field "{1}" — an option has {2}': 'opção {0}: campo desconhecido "{1}" — uma opção tem {2}',
  'option {0}: the field "{1}" is missing': 'opção {0}: falta o campo "{1}"',
  'option {0}: key': 'opção {0}: key',
  'option {0}: label': 'opção {0}: label',
  'option {0}: department': 'opção {0}: department',
  'option {0}: no department named "{1}" — create it with `guru dept add {2}` (see `guru dept list`)':
    'opção {0}: não há departamento chamado "{1}" — crie-o com `guru dept add {2}` (veja `guru dept list`)',
  'option {0}: keywords must be a list, such as [suporte, ajuda]': 'opção {0}: keywords deve ser uma lista, como [suporte, ajuda]',
  'option {0}: too many keywords ({1}; at most {2})': 'opção {0}: palavras-chave demais ({1}; no máximo {2})',
  'option {0}: keyword': 'opção {0}: palavra-chave',
  'option {0}: keyword "{1}" has no letters or digits, so no answer can match it':
    'opção {0}: a palavra-chave "{1}" não tem letras nem dígitos, então nenhuma resposta a escolhe',
  'option {0}: key "{1}" has no letters or digits — use 1, 2, 3…': 'opção {0}: a chave "{1}" não tem letras nem dígitos — use 1, 2, 3…',
  'option {0}: key "{1}" is option {2}\'s key already — give each option its own key':
    'opção {0}: a chave "{1}" já é a da opção {2} — dê a cada opção a sua própria chave',
  'option {0}: "{1}" also chooses option {2} — an answer with it would name both, so the bot would understand neither; keep it in one option':
    'opção {0}: "{1}" também escolhe a opção {2} — uma resposta com isso citaria as duas, e o bot não entenderia nenhuma; deixe em uma opção só',
  'line {0}: {1}': 'linha {0}: {1}',
  'bot file: {0}': 'arquivo do bot: {0}',
  'the bot file has {0} problem:': 'o arquivo do bot tem {0} problema:',
  'the bot file has {0} problems:': 'o arquivo do bot tem {0} problemas:',

  // operations
  'the bot file must be text': 'o arquivo do bot deve ser texto',
  'set menu bots': 'definir bots de menu',
  'a department of the bot file was removed meanwhile — check `guru dept list` and set the bot again':
    'um departamento do arquivo do bot foi removido nesse meio-tempo — confira `guru dept list` e defina o bot de novo',
  'see menu bots': 'ver bots de menu',
  'switch menu bots off': 'desligar bots de menu',
  'too many answers ({0}; at most {1})': 'respostas demais ({0}; no máximo {1})',
  'try menu bots': 'experimentar bots de menu',
  '{0} has no menu bot — set one with `guru bot set {1} -f bot.yaml`': '{0} não tem bot de menu — defina um com `guru bot set {1} -f bot.yaml`',
} as const;
