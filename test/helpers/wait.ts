/** Polls `check` until it holds, or fails after `ms`: an upper bound for a loaded machine, never a timing assertion. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 30_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `waitFor` that names what it waited for when it gives up. */
export async function waitUntil(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  await waitFor(check, ms, 20).catch(() => {
    throw new Error(`timed out waiting for ${what}`);
  });
}
