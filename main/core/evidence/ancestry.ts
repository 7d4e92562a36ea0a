import { isAlive, sameIdentity } from '../process';
import type { ProcessInfo, ProcessSource } from '../types';
import { processRef } from './process-ref';
import type { AncestryEvidence, AncestryMemory } from './types';
import { gatherWindowsAncestry } from './windows-ancestry';

// Processes that adopt orphans besides PID 1. The kernel does not expose the child-subreaper flag
// in procfs, so this goes by name: on a desktop the user's `systemd --user` adopts them.
const SUBREAPERS = new Set(['systemd', 'init', 'tini', 'dumb-init', 'catatonit', 'docker-init']);

function adopterKind(ppid: number | null, parent: ProcessInfo | null): AncestryEvidence['adoptedBy'] {
  if (ppid === 1) return 'init';
  if (parent && SUBREAPERS.has(parent.name)) return 'subreaper';
  return null;
}

/** A session (or group) leader is alive while a live process with that pid still leads it. */
async function leaderAlive(source: ProcessSource, id: number | null, self: number, field: 'sid' | 'pgid'): Promise<boolean | null> {
  if (id === null || id <= 0 || id === self) return null;
  const leader = await source.get(id);
  // PID reuse: a new process on that pid leads its own session/group, not this one.
  return leader !== null && isAlive(leader) && leader[field] === id;
}

const GROUP_WALK_LIMIT = 16;

/**
 * The owner's live ancestors in its own process group, nearest first, and the parent of the
 * outermost. A shell runs a command line as one process group, so `npm run dev` → `sh -c` → node
 * is one group: when npm dies, init adopts the `sh -c`, not the server, and the server's own
 * parent is still alive. Whether the job outlived its launcher is a question about the group's
 * outermost live member.
 */
async function launchGroup(
  owner: ProcessInfo,
  source: ProcessSource,
): Promise<{ wrappers: ProcessInfo[]; top: ProcessInfo; topParent: ProcessInfo | null }> {
  const parentOf = (p: ProcessInfo) => (p.ppid && p.ppid > 0 ? source.get(p.ppid) : Promise.resolve(null));
  const wrappers: ProcessInfo[] = [];
  let top = owner;
  let topParent = await parentOf(owner);
  while (
    topParent &&
    owner.pgid !== null &&
    owner.pgid > 0 &&
    topParent.pgid === owner.pgid &&
    isAlive(topParent) &&
    wrappers.length < GROUP_WALK_LIMIT
  ) {
    wrappers.push(topParent);
    top = topParent;
    topParent = await parentOf(top);
  }
  return { wrappers, top, topParent };
}

/**
 * The launcher that exited, from the chain remembered while it lived: the process that was the
 * outermost live group member's parent, and, when that one's own parents died with it, the
 * outermost of them (`npm run start` rather than the `sh -c` it spawned). Null when the
 * remembered chain does not line up with the live one, or nothing in it died.
 */
async function exitedLauncher(
  memory: AncestryMemory | null,
  wrappers: ProcessInfo[],
  top: ProcessInfo,
  source: ProcessSource,
): Promise<AncestryEvidence['launcher']> {
  if (!memory) return null;
  const chain = memory.chain;
  const k = wrappers.length;
  if (k > 0 && chain[k - 1]?.pid !== top.pid) return null;
  const formerParent = chain[k];
  if (!formerParent || formerParent.pid === top.ppid) return null;
  let launcher: ProcessInfo | null = null;
  for (const remembered of chain.slice(k)) {
    const now = await source.get(remembered.pid);
    if (now && isAlive(now) && sameIdentity(now, remembered)) break;
    launcher = remembered;
  }
  return launcher ? { ...processRef(launcher), exitedAt: memory.reparentedAt } : null;
}

/**
 * Who started the owner and whether it outlived them. With a memory of the parent chain (the
 * watcher keeps one per owner) the launcher that exited can be named; one-shot callers get the
 * facts the OS still has: the parent, and whether the session and group leaders are alive.
 */
export async function gatherAncestry(
  owner: ProcessInfo,
  source: ProcessSource,
  memory: AncestryMemory | null = null,
  platform: string = process.platform,
): Promise<AncestryEvidence> {
  if (platform === 'win32') return gatherWindowsAncestry(owner, source, memory);
  const { wrappers, top, topParent } = await launchGroup(owner, source);
  const parent = wrappers[0] ?? topParent;
  const sessionLeaderAlive = await leaderAlive(source, top.sid, top.pid, 'sid');
  const groupLeaderAlive = await leaderAlive(source, top.pgid, top.pid, 'pgid');
  const launcher = await exitedLauncher(memory, wrappers, top, source);
  let adoptedBy = adopterKind(top.ppid, topParent);
  // The kernel re-parents only to init or a subreaper, whatever that one is called. Without a
  // memory, a parent outside the (dead) session did not start it: a child inherits its parent's
  // session unless it calls setsid, and then it leads its own.
  const foreignParent =
    topParent !== null && top.sid !== null && top.sid !== top.pid && topParent.sid !== top.sid && sessionLeaderAlive === false;
  if (!adoptedBy && (launcher || foreignParent)) adoptedBy = 'subreaper';
  return {
    pid: owner.pid,
    ppid: owner.ppid,
    parent: parent ? processRef(parent) : null,
    adoptedBy,
    adopter: adoptedBy && topParent ? processRef(topParent) : null,
    wrapper: top !== owner ? processRef(top) : null,
    // Judged on the group's outermost member: a daemon that runs its server through `sh -c` is still a daemon.
    daemon: top.sid === top.pid && top.pgid === top.pid,
    sid: top.sid,
    pgid: top.pgid,
    sessionLeaderAlive,
    groupLeaderAlive,
    launcher,
    cwd: owner.cwd,
  };
}
