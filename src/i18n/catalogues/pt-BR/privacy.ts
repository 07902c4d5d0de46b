/**
 * Brazilian Portuguese for a customer's data under the LGPD (see ../pt-BR.ts): `guru contact
 * export|erase`. Words: erase → apagar (for good: definitivamente), export → exportar, journal
 * record → registro do histórico, log → log, audit entry → registro de auditoria.
 */
export const privacy = {
  // core: src/core/ops/contact-privacy.ts
  "a customer's data lives in the daemon — start it with `guru daemon start`": 'os dados de um cliente ficam no daemon — inicie-o com `guru daemon start`',
  "erase a customer's data": 'apagar os dados de um cliente',
  "export a customer's data": 'exportar os dados de um cliente',
  // stores
  'nothing was erased': 'nada foi apagado',
  'the audit log was left as it was': 'o log de auditoria ficou como estava',
  // guru contact export
  'Everything Guru holds about a customer (LGPD), as JSON and their files, in a new directory (needs contacts.privacy)':
    'Tudo o que o Guru guarda sobre um cliente (LGPD), em JSON e com os arquivos, num diretório novo (precisa de contacts.privacy)',
  'the directory to create (default: guru-export-<number>-<date> here); it must not exist, or be empty':
    'o diretório a criar (padrão: guru-export-<número>-<data> aqui); não pode existir, ou deve estar vazio',
  'where it went and what it holds': 'onde ficou e o que contém',
  'Exported {0}: {1} chats, {2} messages and notes, {3} files — in {4}': 'Exportado {0}: {1} conversas, {2} mensagens e notas, {3} arquivos — em {4}',
  '{0} is not empty — give a new directory with --out': '{0} não está vazio — indique um diretório novo com --out',
  // guru contact erase
  'Erases everything Guru holds about a customer (LGPD): chats, messages, notes, files, contact, and their name in the audit and the log — for good (needs contacts.privacy)':
    'Apaga tudo o que o Guru guarda sobre um cliente (LGPD): conversas, mensagens, notas, arquivos, contato, e seu nome na auditoria e no log — definitivamente (precisa de contacts.privacy)',
  'do not ask (scripts); on a terminal it shows what will go and asks': 'não pergunta (scripts); num terminal mostra o que será apagado e pergunta',
  'what was erased': 'o que foi apagado',
  'Everything Guru holds about {0} will be erased, for good:': 'Tudo o que o Guru guarda sobre {0} será apagado, definitivamente:',
  number: 'número',
  messages: 'mensagens',
  "and the team's contact: {0}, {1}": 'e o contato da equipe: {0}, {1}',
  'no name': 'sem nome',
  '{0} field': '{0} campo',
  '{0} fields': '{0} campos',
  'Erase {0}? This cannot be undone': 'Apagar {0}? Não dá para desfazer',
  'Nothing was erased.': 'Nada foi apagado.',
  'Erased {0} — chats: {1}, journal records: {2}, files: {3}; audit entries that no longer name them: {4}, log lines removed: {5}':
    'Apagado {0} — conversas: {1}, registros do histórico: {2}, arquivos: {3}; registros de auditoria que não o citam mais: {4}, linhas do log removidas: {5}',
  // prompts
  'this cannot be undone: confirm with --yes (prompting is off: --no-input or not a terminal)':
    'não dá para desfazer: confirme com --yes (sem perguntas: --no-input ou fora de um terminal)',
};
