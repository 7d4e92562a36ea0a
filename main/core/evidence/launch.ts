import { classifyChain, launchRoot } from '../launch-tree';
import { parentChain } from '../process';
import { createProjectFs, type ProjectFs, projectOf } from '../project';
import type { ProcessInfo, ProcessSource, ProjectRef } from '../types';
import type { LaunchEvidence } from './types';

const CHAIN_DEPTH = 16;
const SIDE_BY_SIDE = new Set(['process-manager', 'parallel-runner']);

// One cache for the process: package.json names are read by path and mtime, so every scan after
// the first costs a stat per project folder.
const sharedProjectFs = createProjectFs();

/** The owner's project (package.json from its cwd, else from its argv paths). */
export function projectEvidence(owner: Pick<ProcessInfo, 'cwd' | 'argv'>, fs: ProjectFs = sharedProjectFs): ProjectRef | null {
  const found = projectOf(owner, fs);
  return found ? { name: found.name, root: found.root, source: found.source } : null;
}

function commandLine(p: ProcessInfo): string {
  return p.argv.length ? p.argv.join(' ') : p.name;
}

/** The owner's launch tree, classified, from its parent chain (nearest first). */
export function launchEvidence(owner: ProcessInfo, parents: readonly ProcessInfo[]): LaunchEvidence {
  const classified = classifyChain(owner, parents);
  const rootNode = launchRoot(classified);
  const root = classified.indexOf(rootNode);
  const nodes = classified.map((n) => ({
    pid: n.process.pid,
    startTime: n.process.startTime,
    kind: n.kind,
    command: n.command,
    label: n.label,
  }));
  const runner = nodes.slice(root + 1).find((n) => SIDE_BY_SIDE.has(n.kind)) ?? null;
  return { nodes, root, commandLines: classified.slice(0, root + 1).map((n) => commandLine(n.process)), runner };
}

/** Reads the parent chain now (or takes one just read) and classifies it. */
export async function gatherLaunch(owner: ProcessInfo, source: ProcessSource, chain?: readonly ProcessInfo[]): Promise<LaunchEvidence> {
  return launchEvidence(owner, chain ?? (await parentChain(source, owner, CHAIN_DEPTH)));
}
