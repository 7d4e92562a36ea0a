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
 * holds the port's socket, every other holder of its lineage with its tree (a child that inherited
 * the listening socket keeps the port after its parent is gone). Holders outside the lineage are
 * someone else's (they received the socket over a Unix socket, or took the port): left alone and
 * named, unless `allHolders`.
 */
export function killRoots(
  all: readonly ProcessInfo[],
  target: ProcessInfo,
  holders: readonly ProcessInfo[],
  allHolders = false,
): ProcessInfo[] {
  const outside = new Set(outsideHolders(all, target, holders).map((h) => h.pid));
  const related = holders.some((h) => !outside.has(h.pid));
  if (!related && !allHolders) return [target];
  return [target, ...holders.filter((h) => h.pid !== target.pid && (allHolders || !outside.has(h.pid)))];
}

/**
 * Holders that are not of the target's lineage: neither in its tree nor, with the same uid, in a
 * process group of the tree (where an inheritor whose parent died stays). A process of another
 * user or another job holds the socket because it was handed the descriptor, not born with it.
 */
export function outsideHolders(all: readonly ProcessInfo[], target: ProcessInfo, holders: readonly ProcessInfo[]): ProcessInfo[] {
  const tree = [target, ...descendants(all, target.pid)];
  const pids = new Set(tree.map((p) => p.pid));
  const groups = new Set(tree.map((p) => p.pgid).filter((g): g is number => g !== null && g > 1));
  return holders.filter((h) => !pids.has(h.pid) && !(h.pgid !== null && groups.has(h.pgid) && h.uid === target.uid));
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
