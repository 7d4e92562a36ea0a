import type { ProcessInfo, ProcessSource } from '../types';

/** The parent chain of a process, nearest parent first, up to (and including) PID 1 where visible; it ends at a parent that exited. */
export async function parentChain(source: ProcessSource, proc: ProcessInfo, limit = 64): Promise<ProcessInfo[]> {
  const chain: ProcessInfo[] = [];
  const seen = new Set<number>([proc.pid]);
  let child = proc;
  while (child.ppid && child.ppid > 0 && !seen.has(child.ppid) && chain.length < limit) {
    const parent = await source.get(child.ppid);
    // Windows keeps a dead parent's PID as ParentProcessId, and a newer process may own it now:
    // a process created after the child is not its parent (psutil's rule; true on every OS).
    if (!parent || parent.startTime > child.startTime) break;
    chain.push(parent);
    seen.add(parent.pid);
    child = parent;
  }
  return chain;
}

/** Every descendant of `root` in a process list, parents before children. */
export function descendants(all: readonly ProcessInfo[], rootPid: number): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) {
    if (p.ppid === null) continue;
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcessInfo[] = [];
  const queue = [rootPid];
  const seen = new Set(queue);
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** The parent chain of `pid` within one process list, nearest parent first. */
export function ancestorPids(all: readonly ProcessInfo[], pid: number): Set<number> {
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const out = new Set<number>();
  let ppid = byPid.get(pid)?.ppid ?? null;
  while (ppid !== null && ppid > 0 && !out.has(ppid)) {
    out.add(ppid);
    ppid = byPid.get(ppid)?.ppid ?? null;
  }
  return out;
}
