// Bundles the compiled CLI (dist, from tsc) into dist/bundle: the entry, plus one chunk per set
// of modules a lazily imported command needs, so each command loads a handful of files.
// Node spends most of a short command's start resolving and reading modules one by one: `guru
// user add` loaded ~250 of ours, and the inbox ~200 of Ink's. Bundled, `guru --version` starts
// in about half the time, and 200 `guru user add` at once no longer spend minutes starting up.
//
// Ink, React and their dependencies are bundled into the inbox's chunks (Node loads Ink's many
// small CommonJS modules slowly). Every other package stays an import from node_modules:
// Baileys, Inquirer and the rest load as they were published, and only when a command needs them.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, 'dist');
const out = resolve(dist, 'bundle');

/** The inbox's UI stack, bundled; what they import is bundled with them. */
const BUNDLED_PACKAGES = /^(ink|ink-text-input|react|react\/jsx-runtime)$/;

const packagesExternal = {
  name: 'packages-external-but-the-ui',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (args.importer.includes(`${'/'}node_modules${'/'}`)) return undefined; // inside the UI stack
      if (BUNDLED_PACKAGES.test(args.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Ink imports React DevTools only when DEV=true; the inbox never runs that way. */
const noDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { connectToDevTools() {} };', loader: 'js' }));
  },
};

await rm(out, { recursive: true, force: true });
await build({
  // The thumbnail worker is a file of its own: a Worker loads it by its URL next to the inbox's chunk.
  entryPoints: { main: resolve(dist, 'cli', 'main.js'), 'thumbnail-worker': resolve(dist, 'tui', 'thumbnail-worker.js') },
  outdir: out,
  // Flat: the chunks find the worker, the launcher and package.json by paths relative to themselves.
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Some bundled dependencies are CommonJS and call require(): give the ESM chunks one.
  banner: { js: "import { createRequire as __guruCreateRequire } from 'node:module'; const require = __guruCreateRequire(import.meta.url);" },
  // React's production build, whatever NODE_ENV the caller has (tests run under NODE_ENV=test).
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [packagesExternal, noDevtools],
  logLevel: 'warning',
  legalComments: 'none',
});
