import type { Scanner } from '../scan';
import type { Identity, Listener, Snapshot } from '../types';
import { sleep } from '../wait';
import { identityKey } from '../identity-key';

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
