import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { seedTeam } from '../helpers/team.js';

const PRELOAD = fileURLToPath(new URL('../helpers/record-imports.mjs', import.meta.url));
const HEAVY =
  /node_modules\/(ink|react|react-reconciler|@whiskeysockets\/baileys|@inquirer\/[^/]+|zod|libsignal|unhomoglyph|terminal-image|jimp|@jimp\/[^/]+)\//;
/** esbuild marks each bundled module with its path: Ink and React live inside the inbox's chunks. */
const BUNDLED_UI = /^\/\/ node_modules\/(ink|react|react-reconciler)\//m;

/**
 * The fast paths must not load the heavy modules (ink ≈ 650 ms, Baileys ≈ 450–900 ms): they are
 * imported lazily by the commands that need them. Timing is the benchmark's job; this guards
 * the cause.
 */
describe('cold start', () => {
  let dir: string;
  let home: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
  });

  afterAll(() => removeDir(dir));

  async function loadedModules(args: string[]): Promise<string[]> {
    const log = join(dir, `imports-${args.join('-')}.log`);
    await guruOk(home, args, { nodeArgs: ['--import', PRELOAD], env: { GURU_IMPORT_LOG: log } });
    return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  }

  it.each([[['--help']], [['user', 'list', '--json']], [['rr', 'simulate', '+5511999990000', '--json']]])(
    'guru %j loads neither ink, react, Baileys, inquirer, zod nor the confusables table',
    async (args) => {
      const modules = await loadedModules(args);
      expect(modules.some((m) => m.includes('/dist/bundle/main.js'))).toBe(true); // the recorder works
      expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
      const chunks = modules.filter((m) => m.includes('/dist/bundle/'));
      const withUi = [];
      for (const chunk of chunks) if (BUNDLED_UI.test(await readFile(new URL(chunk), 'utf8'))) withUi.push(chunk);
      expect(withUi).toEqual([]);
    },
  );

  it("the inbox's chunks hold Ink, and leave thumbnails' image decoder out: it loads in their worker, at the first picture", async () => {
    const bundle = fileURLToPath(new URL('../../dist/bundle/', import.meta.url));
    const chunks = (await readdir(bundle)).filter((f) => f.startsWith('chunk-'));
    const texts = await Promise.all(chunks.map((f) => readFile(join(bundle, f), 'utf8')));
    const inbox = texts.filter((text) => BUNDLED_UI.test(text));
    expect(inbox.length).toBeGreaterThan(0); // the marker the test above looks for is there
    expect(inbox.some((text) => text.includes('thumbnail-worker.js'))).toBe(true); // the worker is a file of its own
    for (const text of texts) expect(text).not.toMatch(/"(jimp|terminal-image)"/);
    expect(await readFile(join(bundle, 'thumbnail-worker.js'), 'utf8')).toMatch(/"(jimp|terminal-image)"/);
  });

  it('the recorder does see ink and react when they are loaded', async () => {
    const log = join(dir, 'imports-ink.log');
    const run = spawnSync(process.execPath, ['--import', PRELOAD, '--input-type=module', '-e', "await import('ink')"], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, GURU_IMPORT_LOG: log },
    });
    expect(run.status).toBe(0);
    const modules = (await readFile(log, 'utf8')).split('\n');
    expect(modules.some((m) => /node_modules\/ink\//.test(m))).toBe(true);
    expect(modules.some((m) => /node_modules\/react\//.test(m))).toBe(true);
  });
});
