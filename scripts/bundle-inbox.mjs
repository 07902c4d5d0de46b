// Bundles the compiled inbox (dist/tui) with Ink, React and their dependencies into one file,
// dist/tui/inbox.bundle.js. Node loads Ink's ~200 small modules in ~700 ms (resolution, the
// CommonJS lexer, one file each); the same code as one file loads in ~100 ms, and the inbox's
// first frame is what an agent waits for every morning.
//
// Guru's own modules outside dist/tui (client, core…) stay external imports of the compiled
// files: one copy of each in the process, so `instanceof GuruError` and shared state still hold.
import { build } from 'esbuild';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tui = resolve(root, 'dist', 'tui');

/** Relative imports that leave dist/tui: kept as imports, re-pointed from the bundle's place. */
const ownModulesExternal = {
  name: 'guru-own-modules-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.resolveDir.startsWith(tui)) return undefined; // inside a dependency
      const target = resolve(args.resolveDir, args.path);
      if (target.startsWith(tui + sep)) return undefined; // the inbox itself: bundled
      return { path: `./${relative(tui, target).split(sep).join('/')}`, external: true };
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

await build({
  entryPoints: [resolve(tui, 'run.js')],
  outfile: resolve(tui, 'inbox.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __guruCreateRequire } from 'node:module'; const require = __guruCreateRequire(import.meta.url);" },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [ownModulesExternal, noDevtools],
  logLevel: 'warning',
  legalComments: 'none',
});
