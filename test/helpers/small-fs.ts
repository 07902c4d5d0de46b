import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A real, small filesystem (tmpfs) at `dir`, or why there cannot be one here. */
export type SmallFs = { ok: true; dir: string; unmount: () => Promise<void> } | { ok: false; reason: string };

/**
 * Mounts a tmpfs of `bytes` at `dir`: a disk that really fills up (ENOSPC), for the whole
 * process tree. Needs root and a sandbox that allows mounts (CI runs as root).
 */
export async function mountSmallFs(dir: string, bytes: number): Promise<SmallFs> {
  if (process.env.GURU_TEST_NO_MOUNT === '1') return { ok: false, reason: 'GURU_TEST_NO_MOUNT=1 (to exercise the fallback)' };
  if (process.platform !== 'linux') return { ok: false, reason: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'mounting a tmpfs needs root' };
  await mkdir(dir, { recursive: true });
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir]);
  } catch (err) {
    return { ok: false, reason: `mount -t tmpfs failed here (${((err as { stderr?: string }).stderr ?? String(err)).trim()})` };
  }
  return { ok: true, dir, unmount: async () => void (await run('umount', ['-l', dir]).catch(() => undefined)) };
}

/** Fills the filesystem holding `dir` to the last byte with one file; returns its path. */
export async function fillUp(dir: string): Promise<string> {
  const file = `${dir}/filler`;
  // dd stops at ENOSPC with a non-zero exit: that is the point.
  await run('dd', ['if=/dev/zero', `of=${file}`, 'bs=4096', 'count=1000000']).catch(() => undefined);
  return file;
}
