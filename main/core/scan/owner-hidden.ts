import type { Listener } from '../types';

/** Why a listener's owner is not visible, as a code callers branch on (the text is for people). */
export type OwnerHiddenCode = 'EPERM' | 'NOT_VISIBLE';

// Every adapter words the reason its own way but starts it with this phrase when the owner is
// another user's process; this is the one place that reads it. TODO(scan owners): have the
// adapters set the code on the socket beside the text, and this becomes a field read.
const ELEVATED = 'needs elevated rights';

/** The reason code for a listener with no visible owner, or null when its owner is known. */
export function ownerHiddenCode(listener: Pick<Listener, 'owner' | 'ownerUnavailable'>): OwnerHiddenCode | null {
  if (listener.owner) return null;
  return listener.ownerUnavailable?.startsWith(ELEVATED) ? 'EPERM' : 'NOT_VISIBLE';
}
