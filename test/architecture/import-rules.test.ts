import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../helpers/guru.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/**
 * A small source tree with one import of each kind the house forbids, and the ones it allows,
 * checked with the project's own `.dependency-cruiser.cjs`: `npm run lint` passing on src means
 * something only if these are caught.
 */
const FILES: Record<string, string> = {
  'src/core/typed-store.ts': "import type { S } from '../store/s.js';\nexport type A = S;\n",
  'src/core/reads-files.ts': "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n",
  'src/core/colours.ts': "import chalk from 'chalk';\nexport const c = chalk;\n",
  'src/core/pure.ts': "import { randomBytes } from 'node:crypto';\nimport { z } from 'zod';\nexport const ok = [randomBytes, z];\n",
  'src/core/c1.ts': "import type { C2 } from './c2.js';\nexport type C1 = { c2?: C2 };\n",
  'src/core/c2.ts': "import type { C1 } from './c1.js';\nexport type C2 = { c1?: C1 };\n",
  'src/core/typo.ts': "import { x } from './nowhere.js';\nexport const y = x;\n",
  'src/store/s.ts': "import type { D } from '../daemon/d.js';\nexport type S = D;\n",
  'src/store/paths.ts': 'export const dataPaths = (home: string) => home;\n',
  'src/daemon/d.ts': 'export type D = string;\n',
  'src/daemon/daemon.ts': "import type { Bus } from './bus.js';\nexport type Daemon = { bus?: Bus };\n",
  'src/daemon/bus.ts': "import type { Daemon } from './daemon.js';\nexport type Bus = { daemon?: Daemon };\n",
  'src/daemon/prints.ts': "import { io } from '../cli/io.js';\nexport const p = io;\n",
  'src/whatsapp/adapter.ts': "export const load = () => import('@whiskeysockets/baileys');\n",
  'src/whatsapp/creds.ts': "import type { S } from '../store/s.js';\nexport type Creds = S;\n",
  'src/tui/inbox.ts':
    "import type { D } from '../daemon/d.js';\nimport { dataPaths } from '../store/paths.js';\nexport type T = D;\nexport const p = dataPaths;\n",
  'src/commands/phone.ts': "export const load = () => import('@whiskeysockets/baileys');\n",
  'src/commands/daemon/run.ts': "export const run = () => import('../../daemon/d.js');\n",
  'src/commands/entry.ts': "import { main } from '../cli/main.js';\nexport const m = main;\n",
  'src/cli/io.ts': 'export const io = 1;\n',
  'src/cli/main.ts': "import { load } from '../commands/phone.js';\nexport const main = load;\n",
  'src/cli/helper.ts': "import { load } from '../commands/phone.js';\nexport const h = load;\n",
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe('the import-direction rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  let found: string[];

  beforeAll(async () => {
    dir = await makeTempDir('guru-imports-');
    for (const [path, text] of Object.entries(FILES)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
    // The project's rules as they are; only symlinks are kept so the fixture's node_modules is read as `node_modules/…`.
    await writeFile(
      join(dir, 'rules.cjs'),
      `module.exports = { extends: ${JSON.stringify(join(ROOT, '.dependency-cruiser.cjs'))}, options: { preserveSymlinks: true } };\n`,
    );
    const run = await promisify(execFile)(process.execPath, [DEPCRUISE, '--config', 'rules.cjs', '--output-type', 'json', 'src'], { cwd: dir }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
    );
    const violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
    found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
  }, 60_000);

  afterAll(() => removeDir(dir));

  it('catches every forbidden import, type-only and dynamic ones included, and nothing else', () => {
    expect(found).toEqual(
      [
        'cli-entry-is-the-root: src/commands/entry.ts -> src/cli/main.ts',
        'cli-helpers-below-commands: src/cli/helper.ts -> src/commands/phone.ts',
        'core-does-no-io: src/core/reads-files.ts -> fs/promises',
        'core-stays-in-core: src/core/typed-store.ts -> src/store/s.ts',
        'core-uses-only-pure-packages: src/core/colours.ts -> node_modules/chalk/source/index.js',
        'no-circular: src/core/c1.ts -> src/core/c2.ts',
        'no-circular: src/daemon/bus.ts -> src/daemon/daemon.ts',
        'not-to-unresolvable: src/core/typo.ts -> ./nowhere.js',
        'nothing-below-imports-the-ui: src/daemon/prints.ts -> src/cli/io.ts',
        'store-implements-core: src/store/s.ts -> src/daemon/d.ts',
        'ui-reaches-the-daemon-through-the-client: src/tui/inbox.ts -> src/daemon/d.ts',
        'whatsapp-feeds-core: src/whatsapp/creds.ts -> src/store/s.ts',
        'whatsapp-library-only-in-whatsapp: src/commands/phone.ts -> node_modules/@whiskeysockets/baileys/lib/index.js',
      ].sort(),
    );
  });
});
