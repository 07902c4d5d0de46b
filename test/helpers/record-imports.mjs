// Preload (`node --import`) that writes every module the process loads to $GURU_IMPORT_LOG:
// ESM through a resolve hook, CommonJS from require.cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.GURU_IMPORT_LOG;
register('./record-imports-hooks.mjs', import.meta.url, { data: { file } });
const require = createRequire(import.meta.url);
process.on('exit', () =>
  appendFileSync(
    file,
    Object.keys(require.cache)
      .map((p) => `${p}\n`)
      .join(''),
  ),
);
