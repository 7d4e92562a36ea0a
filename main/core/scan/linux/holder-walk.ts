import { readdirSync, readlinkSync, statSync } from 'node:fs';
import type { ProcessInfo } from '../../types';
import type { ProcNetSocket } from './proc-net';
import { listPids, readProcess, type UserNames } from './proc-process';

/** A process holding a socket, and the fd that points at it: one readlink proves it still does. */
export interface Holder {
  info: ProcessInfo;
  fd: string;
}

/** What a walk over /proc needs: where procfs is, the boot time (for start times), user names. */
export interface ProcContext {
  procRoot: string;
  bootTime(): number;
  users: UserNames;
}

export interface WalkResult {
  found: Map<number, Holder[]>;
  /** Some process refused to show its fds: the sockets left without a holder may be behind it. */
  denied: boolean;
}

function stillLinks(path: string, target: string): boolean {
  try {
    return readlinkSync(path) === target;
  } catch {
    return false;
  }
}

/**
 * Walks /proc/<pid>/fd for the given sockets. The kernel records the creating uid on each
 * socket, so an ordinary walk visits only processes of those uids, newest first (a socket not
 * seen before most likely belongs to a process started since), and stops once every socket has
 * a holder, after checking that holder's parents (a pre-forking server's master holds it too
 * and is its owner). Other holders outside that chain (sibling workers) are left to a fresh
 * scan (`everyUid`), which runs before every kill and walks every process, because a child may
 * have inherited the socket after a setuid. Sockets still without a holder get a second pass over
 * the skipped processes: a process that changed credentials is non-dumpable and its /proc
 * directory then belongs to root.
 */
export function findHolders(ctx: ProcContext, sockets: readonly ProcNetSocket[], everyUid: boolean, stopWhenFound: boolean): WalkResult {
  const wanted = new Map(sockets.map((s) => [`socket:[${s.inode}]`, s.inode]));
  const uids = new Set(sockets.map((s) => s.uid));
  const found = new Map<number, Holder[]>();
  const skipped: number[] = [];
  const early = !everyUid && stopWhenFound;
  const pids = listPids(ctx.procRoot, readdirSync);
  if (early) pids.sort((a, b) => b - a);
  let denied = false;
  for (const pid of pids) {
    if (early && found.size === wanted.size) break;
    if (!everyUid) {
      let owner: number;
      try {
        owner = statSync(`${ctx.procRoot}/${pid}`).uid;
      } catch {
        continue; // exited
      }
      if (!uids.has(owner)) {
        skipped.push(pid);
        continue;
      }
    }
    if (walkFds(ctx, pid, wanted, found) === 'denied') denied = true;
  }
  if (skipped.length > 0 && sockets.some((s) => !found.has(s.inode))) {
    const missing = new Map([...wanted].filter(([, inode]) => !found.has(inode)));
    for (const pid of skipped) if (walkFds(ctx, pid, missing, found) === 'denied') denied = true;
  }
  if (early) addHoldingParents(ctx, found);
  return { found, denied };
}

/**
 * Climbs from the holders to the parents that hold the same sockets, for the walk that stopped
 * early. Each parent's fds are read once for all the sockets its children hold: many listeners
 * usually share one parent (a shell, a supervisor, the benchmark itself).
 */
function addHoldingParents(ctx: ProcContext, found: Map<number, Holder[]>): void {
  const checked = new Set<number>();
  let parents = new Map<number, Map<string, number>>();
  const climb = (into: Map<number, Map<string, number>>, inode: number, ppid: number | null) => {
    const holders = found.get(inode)!;
    if (ppid === null || ppid <= 1 || checked.has(ppid) || holders.some((h) => h.info.pid === ppid)) return;
    const links = into.get(ppid) ?? new Map<string, number>();
    into.set(ppid, links.set(`socket:[${inode}]`, inode));
  };
  for (const [inode, holders] of found) for (const h of holders) climb(parents, inode, h.info.ppid);
  while (parents.size > 0) {
    const next = new Map<number, Map<string, number>>();
    for (const [pid, links] of parents) {
      checked.add(pid);
      walkFds(ctx, pid, links, found);
      for (const inode of links.values()) {
        const parent = found.get(inode)!.find((h) => h.info.pid === pid);
        if (parent) climb(next, inode, parent.info.ppid);
      }
    }
    parents = next;
  }
}

/** A process mid-exit answers EACCES on its fds too: a race with its end, not a security module refusing root. */
function exiting(ctx: ProcContext, pid: number): boolean {
  const info = readProcess(ctx.procRoot, pid, ctx.bootTime(), ctx.users);
  return !info || info.state === 'zombie' || info.state === 'dead';
}

/** Adds `pid` to the holders of every wanted socket it has an fd for. Never throws: processes come and go. */
function walkFds(ctx: ProcContext, pid: number, wanted: Map<string, number>, found: Map<number, Holder[]>): 'ok' | 'denied' | 'gone' {
  const dir = `${ctx.procRoot}/${pid}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(dir);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES' && !exiting(ctx, pid) ? 'denied' : 'gone';
  }
  let info: ProcessInfo | null = null;
  for (const fd of fds) {
    let link: string;
    try {
      link = readlinkSync(`${dir}/${fd}`);
    } catch (err) {
      // Some processes list their fds but deny reading them, even to root (a ptrace policy
      // or a missing capability): every other fd would throw too, and throwing is slow.
      if ((err as NodeJS.ErrnoException).code === 'EACCES') return exiting(ctx, pid) ? 'gone' : 'denied';
      continue; // closed meanwhile
    }
    const inode = wanted.get(link);
    if (inode === undefined) continue;
    info ??= readProcess(ctx.procRoot, pid, ctx.bootTime(), ctx.users);
    // Exited mid-scan; or, if the fd no longer points at the socket, the PID may have been
    // re-used between the readlink and the reads, and `info` would describe the wrong process.
    if (!info || !stillLinks(`${dir}/${fd}`, link)) return 'gone';
    const list = found.get(inode) ?? [];
    if (!list.some((h) => h.info.pid === pid)) list.push({ info, fd });
    found.set(inode, list);
  }
  return 'ok';
}
