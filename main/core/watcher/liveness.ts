import { isAlive } from '../process';
import type { Scanner } from '../scan';
import type { Identity, Listener, ProcessInfo, Snapshot } from '../types';
import { sleep } from '../wait';
import { identityKey } from './snapshot';

/** True when every process still answers to its PID (nothing died since the last full scan). */
export type OwnersUnchanged = (processes: readonly ProcessInfo[]) => boolean;

/**
 * Signal 0 per holder: one cheap syscall, where a full scan must read /proc/net/tcp6, for which
 * the kernel walks its whole TCP hash table (milliseconds, cold, on a machine with a large one).
 * A holder that became a zombie since is caught by the next full scan, like a change of parent.
 */
export const holdersAlive: OwnersUnchanged = (processes) => processes.every((p) => isAlive(p, 'now'));

const EXIT_RECHECKS = 5;
const EXIT_RECHECK_MS = 10;

/** Owners that left a port: alive (closed the socket, handed it on) or dead? Only those are asked. */
export async function vanishedOwnersDead(scanner: Scanner, previous: Snapshot | null, listeners: Listener[]): Promise<Set<string>> {
  const dead = new Set<string>();
  if (!previous) return dead;
  const holding = new Set(listeners.flatMap((l) => (l.owner ? [`${l.port}/${identityKey(l.owner)}`] : [])));
  for (const p of previous.ports) {
    const o = p.listener?.owner;
    if (!o || holding.has(`${p.port}/${identityKey(o)}`)) continue;
    if (await isGone(scanner, o)) dead.add(identityKey(o));
  }
  return dead;
}

async function isGone(scanner: Scanner, owner: Identity): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const now = await scanner.get(owner.pid);
    if (!now || now.startTime !== owner.startTime || now.state === 'zombie' || now.state === 'dead') return true;
    // A killed process closes its sockets a moment before it turns zombie: give an exit in
    // progress that moment rather than report a death as a mere release.
    if (attempt === EXIT_RECHECKS) return false;
    await sleep(EXIT_RECHECK_MS);
  }
}
