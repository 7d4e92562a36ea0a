import { isAlive } from '../process';
import type { ProcessInfo } from '../types';

/** True when every process still answers to its PID (nothing died since the last full scan). */
export type OwnersUnchanged = (processes: readonly ProcessInfo[]) => boolean;

/**
 * Signal 0 per holder: one cheap syscall, where a full scan must read /proc/net/tcp6, for which
 * the kernel walks its whole TCP hash table (milliseconds, cold, on a machine with a large one).
 * A holder that became a zombie since is caught by the next full scan, like a change of parent.
 */
export const holdersAlive: OwnersUnchanged = (processes) => processes.every((p) => isAlive(p, 'now'));
