import { readdirSync, readlinkSync, statSync } from 'node:fs';
import type { Listener, PortTable, ProcessInfo, ProcessSource, ScanOptions } from '../../types';
import { listenersFromSockets, type RawSocket } from '../group';
import { elevated, notVisible, type OwnerHidden } from '../owner-hidden';
import { chooseListenerSource, type ListenerSource, type ListenerSourceKind } from './listener-source';
import type { ProcNetSocket } from './proc-net';
import { listPids, readBootTime, readProcess, refreshState, UserNames } from './proc-process';
import type { NetlinkCalls } from './sock-diag';

interface Holder {
  info: ProcessInfo;
  /** The fd that pointed at the socket: one readlink proves the same process still holds it. */
  fd: string;
}

export interface LinuxPortTableOptions {
  procRoot?: string;
  passwdPath?: string;
  /** libc calls for netlink sock_diag (tests inject failing ones); false: procfs only. Default: koffi. */
  netlink?: NetlinkCalls | false;
  /** Told once, at the first scan, where listeners come from and why. */
  log?: (message: string) => void;
  /** false: a cold scan walks every process of the sockets' uids instead of stopping once each socket has a holder (the benchmark compares both). */
  stopWhenFound?: boolean;
}

export const NEEDS_ELEVATED_RIGHTS = "needs elevated rights: the owner is another user's process (run as root to see it)";
const ELEVATED = elevated(NEEDS_ELEVATED_RIGHTS);
const DENIED_TO_ROOT = notVisible(
  'owner not visible: a process refused to show its open files, even to root (a security module or a missing capability)',
);
const NOT_VISIBLE = notVisible('owner not visible: the process may live in another network namespace or container');

const isRoot = () => process.getuid?.() === 0;

function unavailableReason(socketUid: number, denied: boolean): OwnerHidden {
  if (isRoot()) return denied ? DENIED_TO_ROOT : NOT_VISIBLE;
  return denied || socketUid !== process.getuid?.() ? ELEVATED : NOT_VISIBLE;
}

function stillLinks(path: string, target: string): boolean {
  try {
    return readlinkSync(path) === target;
  } catch {
    return false;
  }
}

/**
 * Reads the kernel directly, with no child processes. A scan where nothing changed dumps the
 * LISTEN sockets (netlink sock_diag, else the listening rows of /proc/net/tcp{,6}) and re-checks
 * the known holders: one readlink per socket, one stat read per process. Only sockets never seen
 * before cost a walk over /proc/<pid>/fd.
 */
export class LinuxPortTable implements PortTable, ProcessSource {
  readonly platform = 'linux';
  private readonly procRoot: string;
  private readonly users: UserNames;
  private bootTime: number | null = null;
  private readonly owners = new Map<number, Holder[]>();
  /** Inodes whose owner could not be seen: not looked for again until they disappear. */
  private readonly unseen = new Map<number, OwnerHidden>();

  private readonly options: LinuxPortTableOptions;
  private listenerSource: ListenerSource | null = null;

  constructor(options: LinuxPortTableOptions = {}) {
    this.options = options;
    this.procRoot = options.procRoot ?? '/proc';
    this.users = new UserNames(options.passwdPath);
  }

  /** Chosen once, on first use: a command that never scans never loads koffi. */
  private get listeners(): ListenerSource {
    this.listenerSource ??= chooseListenerSource({ procRoot: this.procRoot, netlink: this.options.netlink, log: this.options.log });
    return this.listenerSource;
  }

  /** Where listeners come from: 'netlink' (sock_diag) or 'procfs' (the fallback). */
  get source(): ListenerSourceKind {
    return this.listeners.kind;
  }

  /** One line saying why `source` is what it is (for `portwarden doctor` and the app's log). */
  get sourceReason(): string {
    return this.listeners.reason;
  }

  private boot(): number {
    this.bootTime ??= readBootTime(this.procRoot);
    return this.bootTime;
  }

  async scan(options: ScanOptions = {}): Promise<Listener[]> {
    return this.scanSync(options);
  }

  scanSync(options: ScanOptions = {}): Listener[] {
    const sockets = this.readSockets();
    const live = new Set(sockets.map((s) => s.inode));
    for (const inode of this.owners.keys()) if (!live.has(inode)) this.owners.delete(inode);
    for (const inode of this.unseen.keys()) if (!live.has(inode)) this.unseen.delete(inode);
    if (options.fresh) {
      this.owners.clear();
      this.unseen.clear();
    }

    const unresolved: ProcNetSocket[] = [];
    const states = new Map<number, ProcessInfo | null>();
    for (const s of sockets) {
      const known = this.owners.get(s.inode);
      if (known) {
        const checked = this.recheck(s.inode, known, states);
        if (checked) {
          this.owners.set(s.inode, checked);
          continue;
        }
        this.owners.delete(s.inode);
      }
      if (!this.unseen.has(s.inode)) unresolved.push(s);
    }
    if (unresolved.length > 0) this.resolve(unresolved, options.fresh === true);

    const raw: RawSocket[] = sockets.map((s) => {
      const holders = this.owners.get(s.inode) ?? [];
      return {
        port: s.port,
        address: s.address,
        holders: holders.map((h) => h.info),
        unavailable: holders.length ? null : (this.unseen.get(s.inode) ?? NOT_VISIBLE),
        socketUid: s.uid,
        inode: s.inode,
      };
    });
    return listenersFromSockets(raw);
  }

  private readSockets(): ProcNetSocket[] {
    return this.listeners.read();
  }

  /**
   * A known holder still holds the socket if its fd still points at it (one readlink) and its
   * start time is unchanged (a re-used PID has another start time). `states` memoizes the stat
   * read per PID within one scan: one process usually holds many sockets.
   */
  private recheck(inode: number, holders: Holder[], states: Map<number, ProcessInfo | null>): Holder[] | null {
    const target = `socket:[${inode}]`;
    const out: Holder[] = [];
    for (const h of holders) {
      let link: string | null = null;
      try {
        link = readlinkSync(`${this.procRoot}/${h.info.pid}/fd/${h.fd}`);
      } catch {
        // exited, or closed the fd
      }
      if (link !== target) return null;
      let info = states.get(h.info.pid);
      if (info === undefined) {
        info = refreshState(this.procRoot, h.info, this.boot());
        states.set(h.info.pid, info);
      }
      if (!info || info.startTime !== h.info.startTime) return null;
      out.push(info === h.info ? h : { info, fd: h.fd });
    }
    return out;
  }

  /**
   * Walks /proc/<pid>/fd for the given sockets. The kernel records the creating uid on each
   * socket, so an ordinary scan walks only processes of those uids, newest first (a socket not
   * seen before most likely belongs to a process started since), and stops once every socket has
   * a holder, after checking that holder's parents (a pre-forking server's master holds it too
   * and is its owner). Other holders outside that chain (sibling workers) are left to a fresh
   * scan, which runs before every kill and walks every process, because a child may have
   * inherited the socket after a setuid. Sockets still without a holder get a second pass over
   * the skipped processes: a process that changed credentials is non-dumpable and its /proc
   * directory then belongs to root.
   */
  private resolve(sockets: ProcNetSocket[], everyUid: boolean): void {
    const wanted = new Map(sockets.map((s) => [`socket:[${s.inode}]`, s.inode]));
    const uids = new Set(sockets.map((s) => s.uid));
    const found = new Map<number, Holder[]>();
    const skipped: number[] = [];
    const early = !everyUid && this.options.stopWhenFound !== false;
    const pids = listPids(this.procRoot, readdirSync);
    if (early) pids.sort((a, b) => b - a);
    let denied = false;
    for (const pid of pids) {
      if (early && found.size === wanted.size) break;
      if (!everyUid) {
        let owner: number;
        try {
          owner = statSync(`${this.procRoot}/${pid}`).uid;
        } catch {
          continue; // exited
        }
        if (!uids.has(owner)) {
          skipped.push(pid);
          continue;
        }
      }
      if (this.walkFds(pid, wanted, found) === 'denied') denied = true;
    }
    if (skipped.length > 0 && sockets.some((s) => !found.has(s.inode))) {
      const missing = new Map([...wanted].filter(([, inode]) => !found.has(inode)));
      for (const pid of skipped) if (this.walkFds(pid, missing, found) === 'denied') denied = true;
    }
    if (early) this.addHoldingParents(found);
    for (const s of sockets) {
      const holders = found.get(s.inode);
      if (holders) this.owners.set(s.inode, holders);
      else this.unseen.set(s.inode, unavailableReason(s.uid, denied));
    }
  }

  /**
   * Climbs from the holders to the parents that hold the same sockets, for the walk that stopped
   * early. Each parent's fds are read once for all the sockets its children hold: many listeners
   * usually share one parent (a shell, a supervisor, the benchmark itself).
   */
  private addHoldingParents(found: Map<number, Holder[]>): void {
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
        this.walkFds(pid, links, found);
        for (const inode of links.values()) {
          const parent = found.get(inode)!.find((h) => h.info.pid === pid);
          if (parent) climb(next, inode, parent.info.ppid);
        }
      }
      parents = next;
    }
  }

  /** A process mid-exit answers EACCES on its fds too: a race with its end, not a security module refusing root. */
  private exiting(pid: number): boolean {
    const info = readProcess(this.procRoot, pid, this.boot(), this.users);
    return !info || info.state === 'zombie' || info.state === 'dead';
  }

  /** Adds `pid` to the holders of every wanted socket it has an fd for. Never throws: processes come and go. */
  private walkFds(pid: number, wanted: Map<string, number>, found: Map<number, Holder[]>): 'ok' | 'denied' | 'gone' {
    const dir = `${this.procRoot}/${pid}/fd`;
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EACCES' && !this.exiting(pid) ? 'denied' : 'gone';
    }
    let info: ProcessInfo | null = null;
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`${dir}/${fd}`);
      } catch (err) {
        // Some processes list their fds but deny reading them, even to root (a ptrace policy
        // or a missing capability): every other fd would throw too, and throwing is slow.
        if ((err as NodeJS.ErrnoException).code === 'EACCES') return this.exiting(pid) ? 'gone' : 'denied';
        continue; // closed meanwhile
      }
      const inode = wanted.get(link);
      if (inode === undefined) continue;
      info ??= readProcess(this.procRoot, pid, this.boot(), this.users);
      // Exited mid-scan; or, if the fd no longer points at the socket, the PID may have been
      // re-used between the readlink and the reads, and `info` would describe the wrong process.
      if (!info || !stillLinks(`${dir}/${fd}`, link)) return 'gone';
      const list = found.get(inode) ?? [];
      if (!list.some((h) => h.info.pid === pid)) list.push({ info, fd });
      found.set(inode, list);
    }
    return 'ok';
  }

  async get(pid: number): Promise<ProcessInfo | null> {
    return this.getSync(pid);
  }

  getSync(pid: number): ProcessInfo | null {
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return readProcess(this.procRoot, pid, this.boot(), this.users);
  }

  async list(): Promise<ProcessInfo[]> {
    const out: ProcessInfo[] = [];
    for (const pid of listPids(this.procRoot, readdirSync)) {
      const info = readProcess(this.procRoot, pid, this.boot(), this.users);
      if (info) out.push(info);
    }
    return out;
  }
}
