import type { Identity, ProcessInfo } from '../types';
import { sameIdentity } from './identity';
import { isAlive } from './liveness';

/** The targets still running under the same identity in a newer snapshot (a zombie counts as dead). */
export function survivors(all: readonly ProcessInfo[], targets: readonly Identity[]): ProcessInfo[] {
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const out: ProcessInfo[] = [];
  for (const t of targets) {
    const now = byPid.get(t.pid);
    if (now && sameIdentity(now, t) && isAlive(now)) out.push(now);
  }
  return out;
}
