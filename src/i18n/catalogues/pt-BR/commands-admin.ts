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
  'the certificate of {0} is not the one you named — refused, nothing was sent.': 'o certificado de {0} não é o que você informou — recusado, nada foi enviado.',
  'the two passwords differ — nothing was changed; try again': 'as duas senhas são diferentes — nada foi alterado; tente de novo',
  'warning: this guru is {0} but the daemon runs {1} — restart it: `guru daemon stop && guru daemon start`':
    'aviso: este guru é {0}, mas o daemon roda {1} — reinicie-o: `guru daemon stop && guru daemon start`',
  'warning: this guru is {0} but the server {1} runs {2} — upgrade the older one': 'aviso: este guru é {0}, mas o servidor {1} roda {2} — atualize o mais antigo',
  yes: 'sim',
  '{0} (position {1})': '{0} (posição {1})',
  '{0} (positions {1})': '{0} (posições {1})',
  '{0} already holds {1} and a thousand numbered copies of it — choose another directory with --save':
    '{0} já tem {1} e mil cópias numeradas dele — escolha outro diretório com --save',
  '{0} is not known here and its certificate is not signed by a CA this system trusts ({1}) — nothing was sent.':
    '{0} não é conhecido aqui e o certificado dele não é assinado por uma CA em que este sistema confia ({1}) — nada foi enviado.',
  '{0} left unassigned': '{0} sem atendente',
  '{0} must be a duration such as 30m, 12h or 7d (got "{1}")': '{0} precisa ser uma duração como 30m, 12h ou 7d (recebido "{1}")',
  '{0} must be a size such as 500MB or 5GB (got "{1}")': '{0} precisa ser um tamanho como 500MB ou 5GB (recebido "{1}")',
  '{0} must be a size such as 500MB or 5GB, or none (got "{1}")': '{0} precisa ser um tamanho como 500MB ou 5GB, ou none (recebido "{1}")',
  '{0} must be a whole number (got "{1}")': '{0} precisa ser um número inteiro (recebido "{1}")',
  '{0} open chat left unassigned': '{0} conversa aberta ficou sem atendente',
  '{0} open chat left unassigned (nobody in the rodízio could take them)': '{0} conversa aberta ficou sem atendente (ninguém no rodízio podia assumi-la)',
  '{0} open chat: {1}': '{0} conversa aberta: {1}',
  '{0} open chats left unassigned': '{0} conversas abertas ficaram sem atendente',
  '{0} open chats left unassigned (nobody in the rodízio could take them)': '{0} conversas abertas ficaram sem atendente (ninguém no rodízio podia assumi-las)',
  '{0} open chats: {1}': '{0} conversas abertas: {1}',
  '{0} to {1}': '{0} para {1}',
  '{0} was not trusted — nothing was sent': '{0} não foi considerado confiável — nada foi enviado',
  '{0}: certificate signed by a CA this system trusts ({1})': '{0}: certificado assinado por uma CA em que este sistema confia ({1})',
} satisfies Readonly<Record<string, string>>;
