import type { ProcessInfo, ProcessSource } from '../types';
import type { AncestryEvidence, ProcessRef } from './types';

// Processes that adopt orphans besides PID 1. The kernel does not expose the child-subreaper flag
// in procfs, so this goes by name: on a desktop the user's `systemd --user` adopts them.
const SUBREAPERS = new Set(['systemd', 'init', 'tini', 'dumb-init', 'catatonit', 'docker-init']);

export function processRef(p: ProcessInfo): ProcessRef {
  return { pid: p.pid, startTime: p.startTime, name: p.name, command: p.argv.length ? p.argv.join(' ') : p.name };
}

function adopterKind(ppid: number | null, parent: ProcessInfo | null): AncestryEvidence['adoptedBy'] {
  if (ppid === 1) return 'init';
  if (parent && SUBREAPERS.has(parent.name)) return 'subreaper';
  return null;
}

function isLive(p: ProcessInfo | null): p is ProcessInfo {
  return p !== null && p.state !== 'zombie' && p.state !== 'dead';
}

/** A session (or group) leader is alive while a live process with that pid still leads it. */
async function leaderAlive(source: ProcessSource, id: number | null, self: number, field: 'sid' | 'pgid'): Promise<boolean | null> {
  if (id === null || id <= 0 || id === self) return null;
  const leader = await source.get(id);
  // PID reuse: a new process on that pid leads its own session/group, not this one.
  return isLive(leader) && leader[field] === id;
}

export interface AncestryMemory {
  /** The parent chain (nearest first) when the owner was first seen. */
  chain: ProcessInfo[];
  /** When the watcher saw the owner's parent change (its parent exited); null if not seen. */
  reparentedAt: number | null;
}

/**
 * Who started the owner and whether it outlived them. With a memory of the parent chain (the
 * watcher keeps one per owner) the launcher that exited can be named; one-shot callers get the
 * facts the OS still has: the parent, and whether the session and group leaders are alive.
 */
export async function gatherAncestry(owner: ProcessInfo, source: ProcessSource, memory: AncestryMemory | null = null): Promise<AncestryEvidence> {
  const parent = owner.ppid && owner.ppid > 0 ? await source.get(owner.ppid) : null;
  const sessionLeaderAlive = await leaderAlive(source, owner.sid, owner.pid, 'sid');
  const groupLeaderAlive = await leaderAlive(source, owner.pgid, owner.pid, 'pgid');
  const formerParent = memory?.chain[0] ?? null;
  const reparented = formerParent !== null && formerParent.pid !== owner.ppid;
  let adoptedBy = adopterKind(owner.ppid, parent);
  // The kernel re-parents only to init or a subreaper, whatever that one is called. Without a
  // memory, a parent outside the owner's (dead) session did not start it: a child inherits its
  // parent's session unless it calls setsid, and then it leads its own.
  const foreignParent = parent !== null && owner.sid !== null && owner.sid !== owner.pid && parent.sid !== owner.sid && sessionLeaderAlive === false;
  if (!adoptedBy && (reparented || foreignParent)) adoptedBy = 'subreaper';
  let launcher: AncestryEvidence['launcher'] = null;
  if (reparented && formerParent) {
    const now = await source.get(formerParent.pid);
    const gone = !isLive(now) || now.startTime !== formerParent.startTime;
    if (gone) launcher = { ...processRef(formerParent), exitedAt: memory?.reparentedAt ?? null };
  }
  return {
    pid: owner.pid,
    ppid: owner.ppid,
    parent: parent ? processRef(parent) : null,
    adoptedBy,
    daemon: owner.sid === owner.pid && owner.pgid === owner.pid,
    sid: owner.sid,
    pgid: owner.pgid,
    sessionLeaderAlive,
    groupLeaderAlive,
    launcher,
    cwd: owner.cwd,
  };
}
