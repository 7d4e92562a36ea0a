import { descendants } from '../process';
import type { ProcessInfo } from '../types';

export interface KillPlan {
  /** Every process to end, parents before children. */
  targets: ProcessInfo[];
  /**
   * Process groups whose every member is a target: one kill(-pgid) also reaches children forked
   * after the snapshot, which a walk of the tree (ours, or tree-kill's `ps` per level) misses.
   */
  groups: number[];
  /** Targets outside those groups, signalled one by one after an identity re-check. */
  singles: ProcessInfo[];
}

/**
 * The processes that must die to free a port: the target's tree, and, when the target or its tree
 * holds the port's socket, every other holder with its tree (a child that inherited the listening
 * socket keeps the port after its parent is gone). Holders unrelated to the target are someone
 * else's and are left alone: the release check will name them.
 */
export function killRoots(all: readonly ProcessInfo[], target: ProcessInfo, holders: readonly ProcessInfo[]): ProcessInfo[] {
  const tree = new Set([target.pid, ...descendants(all, target.pid).map((p) => p.pid)]);
  const related = holders.some((h) => tree.has(h.pid));
  return related ? [target, ...holders.filter((h) => h.pid !== target.pid)] : [target];
}

/** One snapshot in, one plan out: roots and their descendants, split into exact groups and singles. */
export function planKill(all: readonly ProcessInfo[], roots: readonly ProcessInfo[]): KillPlan {
  const targets = new Map<number, ProcessInfo>();
  for (const root of roots) {
    if (!targets.has(root.pid)) targets.set(root.pid, root);
    for (const d of descendants(all, root.pid)) if (!targets.has(d.pid)) targets.set(d.pid, d);
  }
  const members = new Map<number, ProcessInfo[]>();
  for (const p of all) {
    if (p.pgid === null || p.pgid <= 1) continue;
    const list = members.get(p.pgid);
    if (list) list.push(p);
    else members.set(p.pgid, [p]);
  }
  const groups: number[] = [];
  for (const pgid of new Set([...targets.values()].map((t) => t.pgid))) {
    if (pgid === null || pgid <= 1) continue;
    const group = members.get(pgid) ?? [];
    if (group.length > 0 && group.every((m) => targets.has(m.pid))) groups.push(pgid);
  }
  const inGroup = new Set(groups);
  return {
    targets: [...targets.values()],
    groups,
    singles: [...targets.values()].filter((t) => t.pgid === null || !inGroup.has(t.pgid)),
  };
}
