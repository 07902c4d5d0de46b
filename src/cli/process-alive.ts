import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs. A zombie (exited, not yet reaped — common for a detached daemon
 * whose parent is a slow init) counts as gone: it holds no socket, lock or file.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
  }
  try {
    process.kill(pid, 0); // no /proc (not Linux): ask the kernel
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
