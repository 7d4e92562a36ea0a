import type { ProcessInfo } from '../types';
import { type Classified, classifyAncestor, classifyOwner, shellCommand } from './classify';
import { commandOf, labelOf } from './label';
import type { LaunchKind } from './kinds';

export interface LaunchNode {
  process: ProcessInfo;
  kind: LaunchKind;
  /** The program as people name it (`next`, `npm`, `nodemon`, `pm2`), when recognised. */
  tool: string | null;
  /** What a person would type (`next dev`, `npm run dev`); for a worker, what it serves. */
  command: string;
  /** `next dev (31652)`. */
  label: string;
}

/** Owner first, then its parents nearest first: the chain `parentChain()` returns, classified. */
export function classifyChain(owner: ProcessInfo, parents: readonly ProcessInfo[]): LaunchNode[] {
  const classes: Classified[] = [classifyOwner(owner), ...parents.map(classifyAncestor)];
  const procs = [owner, ...parents];
  return classes.map((c, i) => {
    const command = commandOf(c, i === 0 ? workerOf(classes.slice(1)) : workerOf(classes.slice(i + 1)));
    return { process: procs[i]!, kind: c.kind, tool: c.tool, command, label: labelOf(command, procs[i]!.pid) };
  });
}

/** The `next dev` / `next start` a next-server runs for: its tool parent, or the shell line that started it. */
function workerOf(parents: readonly Classified[]): string | null {
  const nearest = parents[0];
  if (!nearest) return null;
  // next dev forks the worker; next start retitles itself, so the shell line above it is its own.
  if (nearest.kind === 'tool' && nearest.tool === 'next') return `${commandOf(nearest)} worker`;
  const inner = shellCommand(nearest.line);
  const m = inner === null ? null : /(?:^|[\s/])next\s+(dev|start)\b/.exec(inner);
  return m ? `next ${m[1]}` : null;
}

const ROOT_KINDS = new Set<LaunchKind>(['launcher', 'tool', 'watch-supervisor']);

/** Two processes belong to the same project; the default compares working directories. */
export type SameProject = (a: ProcessInfo, b: ProcessInfo) => boolean;

const sameCwd: SameProject = (a, b) => a.cwd === null || b.cwd === null || a.cwd === b.cwd;

/**
 * The outermost launcher, tool or watch supervisor started for this server in its project: what a
 * restart re-runs. It stops below a process manager, a parallel runner (only this port's branch
 * counts), a login shell or terminal, and a process of another project.
 */
export function launchRoot(nodes: readonly LaunchNode[], sameProject: SameProject = sameCwd): LaunchNode {
  const owner = nodes[0];
  if (!owner) throw new Error('launchRoot needs at least the owner');
  let root = owner;
  for (const node of nodes.slice(1)) {
    if (!ROOT_KINDS.has(node.kind) || !sameProject(node.process, owner.process)) break;
    root = node;
  }
  return root;
}

/** The nearest process manager above the owner, if any (it is not to be fought: delegate to it). */
export function managerOf(nodes: readonly LaunchNode[]): LaunchNode | null {
  return nodes.slice(1).find((n) => n.kind === 'process-manager') ?? null;
}

/** The parents line people read: `next dev (31652) ← npm run dev (31611)`. */
export function parentsLine(nodes: readonly LaunchNode[]): string {
  return nodes
    .slice(1)
    .map((n) => n.label)
    .join(' ← ');
}
