import { isAlive, sameIdentity } from '../process';
import type { ProcessInfo, ProcessSource } from '../types';
import { processRef } from './process-ref';
import type { AncestryEvidence, AncestryMemory, ProcessRef } from './types';

// Windows never re-parents: when a parent exits, its children keep its PID as ParentProcessId,
// and Windows hands that PID to a newer process soon after (PIDs are multiples of 4 from a small
// pool). So no adopter ever shows up, and a live process at the parent PID may be a stranger.
// The rule psutil uses: a process created after the child is not its parent.

// Services run as these accounts, started by the Service Control Manager: a service whose
// launcher exited is running as designed, the Windows counterpart of a setsid daemon.
const SERVICE_ACCOUNT = /^NT AUTHORITY\\/i;

/** The owner's parent as the OS still has it, or null when that PID is dead or now a newer process's. */
function realParent(child: ProcessInfo, candidate: ProcessInfo | null): ProcessInfo | null {
  return candidate && isAlive(candidate) && candidate.startTime <= child.startTime ? candidate : null;
}

/**
 * The ancestors that died, from the chain remembered while they lived: the outermost of the run
 * of dead ones from the parent up (`npm run start`, not the `cmd.exe /d /s /c` it spawned). Each
 * remembered link must be older than its child: a first sighting taken after a PID was reused
 * recorded a stranger, and the chain ends there.
 */
async function exitedLauncher(
  owner: ProcessInfo,
  memory: AncestryMemory | null,
  source: ProcessSource,
): Promise<AncestryEvidence['launcher']> {
  if (!memory || memory.chain[0]?.pid !== owner.ppid) return null;
  let child = owner;
  let launcher: ProcessInfo | null = null;
  for (const remembered of memory.chain) {
    if (remembered.pid !== child.ppid || remembered.startTime > child.startTime) break;
    const now = await source.get(remembered.pid);
    if (now && isAlive(now) && sameIdentity(now, remembered)) break;
    launcher = remembered;
    child = remembered;
  }
  return launcher ? { ...processRef(launcher), exitedAt: memory.reparentedAt } : null;
}

/**
 * Ancestry on Windows: orphaned when the parent PID names no live process, or one created after
 * the owner. There are no sessions or process groups to consult, so the leader fields stay null.
 */
export async function gatherWindowsAncestry(
  owner: ProcessInfo,
  source: ProcessSource,
  memory: AncestryMemory | null,
): Promise<AncestryEvidence> {
  const ppid = owner.ppid !== null && owner.ppid > 0 ? owner.ppid : null;
  const candidate = ppid !== null ? await source.get(ppid) : null;
  const parent = realParent(owner, candidate);
  const reusedBy: ProcessRef | null = candidate && !parent && isAlive(candidate) ? processRef(candidate) : null;
  const lost = ppid !== null && parent === null;
  return {
    pid: owner.pid,
    ppid: owner.ppid,
    parent: parent ? processRef(parent) : null,
    adoptedBy: null,
    adopter: null,
    wrapper: null,
    daemon: owner.user !== null && SERVICE_ACCOUNT.test(owner.user),
    sid: null,
    pgid: null,
    sessionLeaderAlive: null,
    groupLeaderAlive: null,
    launcher: lost ? await exitedLauncher(owner, memory, source) : null,
    parentExited: lost ? { ppid, reusedBy } : null,
    cwd: owner.cwd,
  };
}
