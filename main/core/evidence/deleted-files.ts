import { readdirSync, readlinkSync } from 'node:fs';
import type { ProcessInfo } from '../types';
import type { DeletedFilesEvidence } from './types';

const DELETED = ' (deleted)';
const SHOWN = 5;

/**
 * Linux only: files under the owner's cwd that it still holds open after they were deleted, the
 * mark of a build directory replaced underneath a running server. One readdir and a readlink per
 * fd, so callers run it on demand or at a slow rate, never every tick.
 */
export function gatherDeletedFiles(owner: Pick<ProcessInfo, 'pid' | 'cwd'>, procRoot = '/proc'): DeletedFilesEvidence | null {
  if (!owner.cwd || owner.cwd === '/') return null;
  let fds: string[];
  try {
    fds = readdirSync(`${procRoot}/${owner.pid}/fd`);
  } catch {
    return null; // exited, or another user's process
  }
  const prefix = owner.cwd.endsWith('/') ? owner.cwd : `${owner.cwd}/`;
  const files = new Set<string>();
  for (const fd of fds) {
    let link: string;
    try {
      link = readlinkSync(`${procRoot}/${owner.pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (link.endsWith(DELETED) && link.startsWith(prefix)) files.add(link.slice(0, -DELETED.length));
  }
  const sorted = [...files].sort();
  return { cwd: owner.cwd, files: sorted.slice(0, SHOWN), count: sorted.length };
}
