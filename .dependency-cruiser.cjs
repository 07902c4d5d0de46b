// Import-direction rules of DESIGN.md ("the house"), checked in `npm test` (`npm run lint`).
// The flow is one way: whatsapp -> core -> store; the daemon serves core; commands and the TUI
// reach it only through the client. Type-only imports count like any other: a type is a
// dependency too.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles in src: a cycle means two files are one thing, or one of them is in the wrong place.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-stays-in-core',
      severity: 'error',
      comment:
        'src/core is the engine: it imports nothing else of src but src/i18n (its refusals are read by people, in their language). What it needs from outside (persistence, sending) it declares as an interface in src/core, and src/store or src/whatsapp implement it.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/(core|i18n)/' },
    },
    {
      name: 'i18n-is-a-leaf',
      severity: 'error',
      comment: 'src/i18n (the language, the catalogues, t and Intl formats) is used by every layer, so it imports nothing of src: it holds texts, never rules.',
      from: { path: '^src/i18n/' },
      to: { path: '^src/', pathNot: '^src/i18n/' },
    },
    {
      name: 'core-uses-only-pure-packages',
      severity: 'error',
      comment:
        "src/core is pure logic: no UI, transport, HTTP or persistence library. zod (validation), libphonenumber-js (number rules), unhomoglyph (the Unicode confusables table, for look-alike names), file-type (what a file is, from its first bytes: `file-type/core`, no file access) and yaml (a menu bot's file, parsed from text the caller sends, loaded lazily) are the packages it may use; add one here only if it is pure logic too.",
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        // Not anchored at the start: in a git worktree whose node_modules links to another checkout's, paths resolve through it.
        pathNot: '(^|/)node_modules/(zod|libphonenumber-js|unhomoglyph|file-type|yaml)/',
      },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment: 'src/core does no I/O of its own (files, network, processes, terminals): it goes through the ports it declares.',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|cluster|worker_threads|readline|tty)$',
      },
    },
    {
      name: 'whatsapp-library-only-in-whatsapp',
      severity: 'error',
      comment:
        "Baileys and libsignal are the WhatsApp adapter's business: only src/whatsapp imports them (lazily), so nothing else depends on their shape or pays their load time.",
      from: { path: '^src/', pathNot: '^src/whatsapp/' },
      to: { path: '^node_modules/(@whiskeysockets/baileys|libsignal)/' },
    },
    {
      name: 'whatsapp-feeds-core',
      severity: 'error',
      comment:
        'src/whatsapp is the adapter in front of the engine: it speaks the ports src/core declares (its credentials are a core Secret), never src/store or the daemon behind them.',
      from: { path: '^src/whatsapp/' },
      to: { path: '^src/(store|daemon|api|client)/' },
    },
    {
      name: 'ui-reaches-the-daemon-through-the-client',
      severity: 'error',
      comment:
        'Commands, the CLI and the TUI talk to the daemon through src/client, never to src/daemon, src/store or src/whatsapp directly (the client itself decides when to run the engine in-process).',
      from: {
        path: '^src/(commands|tui|cli)/',
        // `guru daemon run` is the daemon: it starts it in this process (lazily, with `await import()`).
        pathNot: '^src/commands/daemon/run\\.ts$',
      },
      to: {
        path: '^src/(daemon|store|whatsapp)/',
        // The data directory's layout (pure path arithmetic, opens nothing): `--home` and
        // `guru daemon start` need to know where the socket and the log are.
        pathNot: '^src/store/paths\\.ts$',
      },
    },
    {
      name: 'store-implements-core',
      severity: 'error',
      comment: 'src/store implements the ports that src/core declares: it imports src/core (ports and types) and itself, nothing above it.',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/(store|core|i18n)/' },
    },
    {
      name: 'nothing-below-imports-the-ui',
      severity: 'error',
      comment: 'The engine, the store, the adapter, the daemon, the API and the client know nothing of commands, the CLI or the TUI.',
      from: { path: '^src/(core|store|whatsapp|daemon|api|client)/' },
      to: { path: '^src/(commands|tui|cli)/' },
    },
    {
      name: 'cli-entry-is-the-root',
      severity: 'error',
      comment: 'src/cli/main.ts is the entry point (bin/guru loads it): nothing in src imports it. What commands share is in the other src/cli files.',
      from: { path: '^src/', pathNot: '^src/cli/main\\.ts$' },
      to: { path: '^src/cli/main\\.ts$' },
    },
    {
      name: 'cli-helpers-below-commands',
      severity: 'error',
      comment: 'The shared CLI helpers (factory, io, table, ...) are imported by commands, so they do not import commands back; only the entry registers them.',
      from: { path: '^src/cli/', pathNot: '^src/cli/main\\.ts$' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    // Type-only imports are dependencies too (they are dropped from the compiled JS, so read the TS).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    cache: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
