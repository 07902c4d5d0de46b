import { fileURLToPath } from 'node:url';

/**
 * Files of the installed package, found relative to this module. Keep every such path here:
 * this file sits two levels below the package root both as source (src/cli) and as built code
 * (dist/bundle, where the bundler puts every chunk), so `../../` is the root either way.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** The `guru` launcher: what the daemon and the demo start their children with. */
export const LAUNCHER = fileURLToPath(new URL('bin/guru', PACKAGE_ROOT));

export const PACKAGE_JSON = new URL('package.json', PACKAGE_ROOT);
