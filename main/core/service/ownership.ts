import { sameIdentity } from '../process';
import type { Identity, Listener, ProcessInfo } from '../types';

/** The process with this identity among a listener's owner and holders, or null. */
export function holderOf(listener: Listener | null | undefined, identity: Identity): ProcessInfo | null {
  if (!listener) return null;
  const candidates = listener.owner ? [listener.owner, ...listener.holders] : listener.holders;
  return candidates.find((p) => sameIdentity(p, identity)) ?? null;
}
