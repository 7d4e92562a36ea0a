import type { ProcessInfo } from '../types';

/** True when every process still answers to its PID (nothing died since the last full scan). */
export type OwnersUnchanged = (processes: readonly ProcessInfo[]) => boolean;

/**
 * Signal 0 per holder: one cheap syscall, where a full scan must read /proc/net/tcp6, for which
 * the kernel walks its whole TCP hash table (milliseconds, cold, on a machine with a large one).
 * EPERM still means alive (another user's process). A zombie passes too; it is caught by the
 * next full scan, like a change of state or parent.
 */
export const holdersAlive: OwnersUnchanged = (processes) => {
  for (const p of processes) {
    try {
      process.kill(p.pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
    }
  }
  return true;
};
