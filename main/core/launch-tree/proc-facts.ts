import { readFileSync } from 'node:fs';
import type { ManagerFacts } from './manager-hint';

function tryRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Reads the manager facts of one process from procfs (`procRoot` injectable for tests). The
 * environment holds secrets: only pm2's `name` and `pm_id` are kept, and only another user's
 * process is unreadable (null), which is fine: its manager is not ours to call.
 */
export function readManagerFacts(pid: number, procRoot = '/proc'): ManagerFacts {
  const environ = tryRead(`${procRoot}/${pid}/environ`);
  let pm2Name: string | null = null;
  let pm2Id: string | null = null;
  if (environ?.includes('pm_id=')) {
    for (const entry of environ.split('\0')) {
      if (entry.startsWith('pm_id=')) pm2Id = entry.slice(6);
      else if (entry.startsWith('name=')) pm2Name = entry.slice(5);
    }
  }
  return { pm2Name, pm2Id, cgroup: tryRead(`${procRoot}/${pid}/cgroup`)?.trim() ?? null };
}
