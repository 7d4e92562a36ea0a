import type { DuplicateEvidence, LaunchEvidence, PortEvidence } from './types';

type Complete = PortEvidence & { launch: LaunchEvidence; project: NonNullable<PortEvidence['project']> };

function complete(e: PortEvidence): e is Complete {
  return !!e.launch && !!e.project && e.launch.nodes.length > 0;
}

/** One list is the start of the other: the same recipe, one of them seen from further up (a terminal's `sh -c`). */
function samePrefix(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return n > 0;
}

function rootOf(e: Complete) {
  return e.launch.nodes[e.launch.root]!;
}

function sameProcess(a: { pid: number; startTime: number } | null, b: { pid: number; startTime: number } | null): boolean {
  return !!a && !!b && a.pid === b.pid && a.startTime === b.startTime;
}

/** Two copies of one server, started separately: not the same run, not siblings under one runner or manager. */
function copies(a: Complete, b: Complete): boolean {
  if (a.port === b.port || a.project.root !== b.project.root) return false;
  if (a.owner.pid === b.owner.pid && a.owner.startTime === b.owner.startTime) return false;
  if (sameProcess(rootOf(a), rootOf(b))) return false;
  // pm2 with two apps, concurrently with two servers: side by side on purpose.
  if (sameProcess(a.launch.runner, b.launch.runner)) return false;
  return samePrefix(a.launch.commandLines, b.launch.commandLines);
}

/** The recipe both run: the outermost process of the command lines they share (`npm run dev`). */
function sharedDepth(a: Complete, b: Complete): number {
  return Math.min(a.launch.root, b.launch.root);
}

/** How much later `b` was started than `a`: by the process that ran the shared recipe, then by the owner. */
function laterBy(a: Complete, b: Complete): number {
  const depth = sharedDepth(a, b);
  const diff = b.launch.nodes[depth]!.startTime - a.launch.nodes[depth]!.startTime;
  return diff !== 0 ? diff : b.owner.startTime - a.owner.startTime;
}

/**
 * Marks the older of two listeners from the same project started by the same recipe (an orphaned
 * Vite on 5173, and the copy it pushed to 5174). Pure; needs every listener of one scan at once.
 */
export function linkDuplicates(all: readonly PortEvidence[]): PortEvidence[] {
  const full = all.filter(complete);
  return all.map((e) => {
    if (!complete(e)) return { ...e, duplicate: null };
    const later = full
      .filter((o) => o !== e && copies(e, o) && laterBy(e, o) > 0)
      .map((o) => ({ o, laterMs: laterBy(e, o) }))
      .sort((x, y) => y.laterMs - x.laterMs);
    if (later.length === 0) return { ...e, duplicate: null };
    const shared = Math.min(...later.map(({ o }) => sharedDepth(e, o)));
    const duplicate: DuplicateEvidence = {
      project: e.project,
      command: e.launch.nodes[shared]!.command,
      newer: later.map(({ o, laterMs }) => ({
        port: o.port,
        pid: o.owner.pid,
        startTime: o.owner.startTime,
        label: o.launch.nodes[0]!.label,
        laterMs,
      })),
    };
    return { ...e, duplicate };
  });
}
