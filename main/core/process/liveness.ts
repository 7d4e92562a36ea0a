import type { ProcessInfo } from '../types';

/**
 * Whether a process runs. `'snapshot'` trusts the state read with it; `'now'` adds signal 0, one
 * syscall, to ask whether it still answers to its PID. A zombie passes `kill(pid, 0)` but has
 * exited (it only waits for its parent to collect it): it counts as dead either way. EPERM means
 * alive (another user's process).
 */
export function isAlive(p: Pick<ProcessInfo, 'pid' | 'state'> | null, at: 'snapshot' | 'now' = 'snapshot'): boolean {
  if (!p || p.state === 'zombie' || p.state === 'dead') return false;
  if (at === 'snapshot') return true;
  try {
    process.kill(p.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
