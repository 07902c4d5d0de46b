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
} satisfies Readonly<Record<string, string>>;
