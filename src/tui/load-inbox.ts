/**
 * The inbox's code. The build bundles it with Ink and React into one file (scripts/bundle-inbox.mjs)
 * because Node loads that in a seventh of the time of Ink's ~200 modules; where there is no
 * bundle (tests running the sources, a build without that step) the modules themselves serve.
 */
export async function loadInbox(): Promise<typeof import('./run.js')> {
  try {
    return (await import(new URL('./inbox.bundle.js', import.meta.url).href)) as typeof import('./run.js');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !String((err as Error).message).includes('inbox.bundle.js')) throw err;
    return import('./run.js');
  }
}
