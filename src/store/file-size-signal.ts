let installed = false;

/**
 * Node ignores SIGXFSZ, so a write past the file size limit (RLIMIT_FSIZE, `ulimit -f`) fails
 * with EFBIG and the store can refuse it cleanly. But signal-exit — loaded by proper-lockfile
 * (and ink) — listens for SIGXFSZ and, when it is the only listener, re-raises it
 * with the default action: the process died mid-write with no message (exit 153), a daemon
 * with it. A listener of our own stops that; the failed write then surfaces as EFBIG, which
 * `diskError` explains.
 */
export function keepFileSizeSignalHarmless(): void {
  if (installed || process.platform === 'win32') return;
  installed = true;
  process.on('SIGXFSZ', () => undefined);
}
