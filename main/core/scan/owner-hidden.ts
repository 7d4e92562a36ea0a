import type { OwnerHiddenCode } from '../types';

export type { OwnerHiddenCode };

/** Why one socket's owner cannot be seen: the code callers branch on, and the words people read. */
export interface OwnerHidden {
  code: OwnerHiddenCode;
  reason: string;
}

/** Another user's process: elevated rights would show it (and are needed to act on it). */
export const elevated = (reason: string): OwnerHidden => ({ code: 'EPERM', reason });

/** Not visible for any other reason: another namespace, exited mid-scan, the kernel itself. */
export const notVisible = (reason: string): OwnerHidden => ({ code: 'NOT_VISIBLE', reason });
