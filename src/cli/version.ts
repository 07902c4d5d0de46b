import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './package-files.js';

/** The package version, read from the package's package.json. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}
