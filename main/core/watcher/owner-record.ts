import { type AncestryMemory, gatherAncestry, processRef } from '../evidence/ancestry';
import { gatherBuildFreshness } from '../evidence/build-freshness';
import { gatherDeletedFiles } from '../evidence/deleted-files';
import type { AncestryEvidence, BuildEvidence, DeletedFilesEvidence } from '../evidence/types';
import { parentChain } from '../process-tree';
import type { ProcessInfo, ProcessSource } from '../types';

/** What the watcher remembers of one owner (one identity) while it holds a port. */
export interface OwnerRecord {
  info: ProcessInfo;
  memory: AncestryMemory;
  ancestry: AncestryEvidence | null;
  build: BuildEvidence | null;
  deletedFiles: DeletedFilesEvidence | null;
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
  return { info: owner, memory: { chain, reparentedAt: null }, ancestry: null, build: null, deletedFiles: null, evidenceAt: 0 };
}

/**
 * `full` for a new owner and on inspect; `reparent` when its parent just exited; `periodic` at
 * the slow rate, which reads only what can change unseen: build dirs always, the leaders only of
 * an owner already adopted (a parent that is alive cannot change without a new ppid), deleted
 * files only when the build dirs changed since the last look.
 */
export async function gatherSlowEvidence(record: OwnerRecord, mode: GatherMode, ctx: GatherContext): Promise<void> {
  const owner = record.info;
  const adopted = record.ancestry !== null && record.ancestry.adoptedBy !== null && !record.ancestry.daemon;
  if (mode !== 'periodic' || adopted) record.ancestry = await gatherAncestry(owner, ctx.source, record.memory);
  const commands = [processRef(owner).command, ...record.memory.chain.map((p) => processRef(p).command)];
  const before = record.build;
  record.build = gatherBuildFreshness(owner, ctx.buildDirs, commands);
  const buildMoved = JSON.stringify(before?.changed) !== JSON.stringify(record.build?.changed);
  if (ctx.platform === 'linux' && (mode === 'full' || (mode === 'periodic' && buildMoved))) {
    record.deletedFiles = gatherDeletedFiles(owner, ctx.procRoot);
  }
  record.evidenceAt = ctx.now();
}
