import { type AncestryMemory, deletedUnder, gatherAncestry, gatherLaunch, processRef, projectEvidence } from '../evidence';
import { gatherBuildFreshness } from '../evidence';
import type { AncestryEvidence, BuildEvidence, DeletedFilesEvidence, LaunchEvidence } from '../evidence';
import { isAlive, parentChain } from '../process';
import type { ProcessInfo, ProcessSource, ProjectRef } from '../types';

/** What the watcher remembers of one owner (one identity) while it holds a port. */
export interface OwnerRecord {
  info: ProcessInfo;
  memory: AncestryMemory;
  ancestry: AncestryEvidence | null;
  build: BuildEvidence | null;
  deletedFiles: DeletedFilesEvidence | null;
  /** The classified launch tree as last read (new owner, a parent that exited, inspect). */
  launch: LaunchEvidence | null;
  project: ProjectRef | null;
  evidenceAt: number;
}

export type GatherMode = 'full' | 'reparent' | 'periodic';

export interface GatherContext {
  source: ProcessSource;
  buildDirs: readonly string[];
  platform: NodeJS.Platform;
  procRoot?: string;
  now(): number;
}

const CHAIN_DEPTH = 12;

/** The parent chain is read at once: the launcher must be seen while it is alive, to be named later. */
export async function newOwnerRecord(owner: ProcessInfo, source: ProcessSource): Promise<OwnerRecord> {
  const chain = await parentChain(source, owner, CHAIN_DEPTH);
  return {
    info: owner,
    memory: { chain, reparentedAt: null },
    ancestry: null,
    build: null,
    deletedFiles: null,
    launch: null,
    project: null,
    evidenceAt: 0,
  };
}

/**
 * The owner's launch chain as first seen: its ancestors in its own process group (`sh -c`, and
 * `npm run dev` when npm leads the group) and the process above them, nearest first. Empty when
 * the owner's parent is outside its group (its exit shows as a new ppid).
 */
export function launchChain(record: OwnerRecord): ProcessInfo[] {
  const { chain } = record.memory;
  const pgid = record.info.pgid;
  let k = 0;
  while (pgid !== null && pgid > 0 && chain[k]?.pgid === pgid) k++;
  return k > 0 ? chain.slice(0, k + 1) : [];
}

/**
 * Something above the owner's live parent exited (npm, whose `sh -c` lives on): the owner's ppid
 * stays the same, so this is the only sign. Signal 0 is one syscall each; a PID reused meanwhile
 * hides the exit until the periodic evidence reads the ancestry again.
 */
export function launchChainBroken(record: OwnerRecord, platform: string = process.platform): boolean {
  // Windows never re-parents, so the ppid never changes either: the remembered parent's liveness is the sign.
  if (platform === 'win32') {
    const parent = record.memory.chain[0];
    return parent !== undefined && parent.pid === record.info.ppid && !isAlive(parent, 'now');
  }
  return launchChain(record)
    .slice(1)
    .some((p) => !isAlive(p, 'now'));
}

/**
 * `full` for a new owner and on inspect; `reparent` when its parent (or its group's launcher) just
 * exited; `periodic` at the slow rate, which reads only what can change unseen: build dirs always,
 * the leaders only of an owner already adopted or behind a wrapper (a parent that is alive cannot
 * change without a new ppid, but a wrapper's can), deleted
 * files only when the build dirs changed since the last look.
 */
export async function gatherSlowEvidence(record: OwnerRecord, mode: GatherMode, ctx: GatherContext): Promise<void> {
  const owner = record.info;
  const adopted = record.ancestry !== null && record.ancestry.adoptedBy !== null && !record.ancestry.daemon;
  if (mode !== 'periodic' || adopted || launchChain(record).length > 0)
    record.ancestry = await gatherAncestry(owner, ctx.source, record.memory, ctx.platform);
  // The chain of a new owner was just read; after a parent's exit it is read again, to show what is left.
  if (mode !== 'periodic' || !record.launch)
    record.launch = await gatherLaunch(owner, ctx.source, mode === 'full' && record.evidenceAt === 0 ? record.memory.chain : undefined);
  record.project = projectEvidence(owner);
  const commands = [processRef(owner).command, ...record.memory.chain.map((p) => processRef(p).command)];
  const before = record.build;
  record.build = gatherBuildFreshness(owner, ctx.buildDirs, commands, record.project);
  const buildMoved = JSON.stringify(before?.changed) !== JSON.stringify(record.build?.changed);
  if (ctx.platform === 'linux' && (mode === 'full' || (mode === 'periodic' && buildMoved))) {
    record.deletedFiles = deletedUnder(owner, record.project, ctx.procRoot);
  }
  record.evidenceAt = ctx.now();
}
