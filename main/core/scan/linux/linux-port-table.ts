import { readdirSync, readlinkSync } from 'node:fs';
import { identityKey } from '../../identity-key';
import type { Listener, PortTable, ProcessInfo, ProcessSource, ScanOptions } from '../../types';
import { listenersFromSockets, type RawSocket } from '../group';
import { elevated, notVisible, type OwnerHidden } from '../owner-hidden';
import { chooseListenerSource, type ListenerSource, type ListenerSourceKind } from './listener-source';
import type { ProcNetSocket } from './proc-net';
import { findHolders, type Holder } from './holder-walk';
import { listPids, readBootTime, readProcess, refreshState, UserNames } from './proc-process';
import { StatHandles } from './stat-handles';
import type { NetlinkCalls } from './sock-diag';

/** The holders of one socket, and the scan in which their fds were last read. */
interface Owned {
  holders: Holder[];
  provedAt: number;
}

/** A warm scan reads each known socket's fd link once in this many scans (see `recheck`). */
export const RELINK_EVERY = 10;

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

/**
 * Reads the kernel directly, with no child processes. A scan where nothing changed dumps the
 * LISTEN sockets (netlink sock_diag, else the listening rows of /proc/net/tcp{,6}) and re-checks
 * the known holders: one stat read per process, and one readlink for each tenth of the sockets
 * (each socket's fd is read again every RELINK_EVERY scans). Only sockets never seen before cost a
 * walk over /proc/<pid>/fd; `fresh` forgets everything and walks again.
 */
export class LinuxPortTable implements PortTable, ProcessSource {
  readonly platform = 'linux';
  private readonly procRoot: string;
  private readonly users: UserNames;
  private bootTime: number | null = null;
  private readonly owners = new Map<number, Owned>();
  /** Inodes whose owner could not be seen: not looked for again until they disappear. */
  private readonly unseen = new Map<number, OwnerHidden>();

  private readonly options: LinuxPortTableOptions;
  private listenerSource: ListenerSource | null = null;
  /** Scans so far: when each socket's fd was last read is counted in scans. */
  private scans = 0;
  private stagger = 0;
  private last: { inodes: number[]; entries: readonly unknown[]; listeners: Listener[] } | null = null;
  /** Kept /proc/<pid>/stat fds of the known holders; none over a fake /proc, whose files a test rewrites and removes. */
  private readonly stats: StatHandles | null;

  constructor(options: LinuxPortTableOptions = {}) {
    this.options = options;
    this.procRoot = options.procRoot ?? '/proc';
    this.users = new UserNames(options.passwdPath);
    this.stats = this.procRoot === '/proc' ? new StatHandles(this.procRoot) : null;
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

  /** How many /proc/<pid>/stat fds the warm scans keep open (one per known holder). */
  get keptStatFds(): number {
    return this.stats?.size ?? 0;
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
    const scan = ++this.scans;
    const sockets = this.listeners.read();
    if (options.fresh) {
      this.owners.clear();
      this.unseen.clear();
    } else {
      const live = new Set(sockets.map((s) => s.inode));
      for (const inode of this.owners.keys()) if (!live.has(inode)) this.owners.delete(inode);
      for (const inode of this.unseen.keys()) if (!live.has(inode)) this.unseen.delete(inode);
    }

    const unresolved: ProcNetSocket[] = [];
    const states = new Map<number, ProcessInfo | null>();
    for (const s of sockets) {
      const known = this.owners.get(s.inode);
      if (known) {
        const checked = this.recheck(s.inode, known, states, scan - known.provedAt >= RELINK_EVERY);
        if (checked) {
          if (checked !== known) this.owners.set(s.inode, checked);
          continue;
        }
        this.owners.delete(s.inode);
      }
      if (!this.unseen.has(s.inode)) unresolved.push(s);
    }
    if (unresolved.length > 0) this.resolve(unresolved, options.fresh === true, scan);
    return this.group(sockets);
  }

  /**
   * The listeners of these sockets. Where every socket and what is known of it is the very same
   * as in the last scan (a recheck that finds nothing new keeps its objects), the last scan's
   * listeners are handed out again: a scan where nothing changed builds nothing.
   */
  private group(sockets: ProcNetSocket[]): Listener[] {
    const entries = sockets.map((s) => this.owners.get(s.inode)?.holders ?? this.unseen.get(s.inode) ?? NOT_VISIBLE);
    const last = this.last;
    if (
      last &&
      last.inodes.length === sockets.length &&
      sockets.every((s, i) => last.inodes[i] === s.inode && last.entries[i] === entries[i])
    )
      return last.listeners.slice();
    const raw: RawSocket[] = sockets.map((s, i) => {
      const entry = entries[i]!;
      const holders = Array.isArray(entry) ? entry : [];
      return {
        port: s.port,
        address: s.address,
        holders: holders.map((h) => h.info),
        unavailable: Array.isArray(entry) ? null : entry,
        socketUid: s.uid,
        inode: s.inode,
      };
    });
    const listeners = listenersFromSockets(raw);
    this.last = { inodes: sockets.map((s) => s.inode), entries, listeners };
    this.stats?.retain(new Set([...this.owners.values()].flatMap((o) => o.holders.map((h) => identityKey(h.info)))));
    return listeners.slice();
  }

  /**
   * A known holder still holds the socket if it is the same process (a kept stat fd reads only
   * the process it was opened on; by path, the start time tells a re-used PID) and, when
   * `relink`, its fd still points at the socket. Its stat is read every scan, memoized per PID in
   * `states` (one process usually holds many sockets); the fd once
   * every RELINK_EVERY scans, because a readlink per socket per poll is most of a warm scan and
   * what it alone catches is rare: a holder that closed its fd while living on, with another
   * process keeping the socket. Actions never rely on this: they scan fresh. Returns `known`
   * itself when nothing changed, so the scan can tell.
   */
  private recheck(inode: number, known: Owned, states: Map<number, ProcessInfo | null>, relink: boolean): Owned | null {
    const target = `socket:[${inode}]`;
    let changed: Holder[] | null = null;
    for (const [i, h] of known.holders.entries()) {
      if (relink) {
        let link: string | null = null;
        try {
          link = readlinkSync(`${this.procRoot}/${h.info.pid}/fd/${h.fd}`);
        } catch {
          // exited, or closed the fd
        }
        if (link !== target) return null;
      }
      let info = states.get(h.info.pid);
      if (info === undefined) {
        info = this.stats ? this.stats.refresh(h.info, this.boot()) : refreshState(this.procRoot, h.info, this.boot());
        states.set(h.info.pid, info);
      }
      if (!info || info.startTime !== h.info.startTime) return null;
      if (info !== h.info) {
        changed ??= known.holders.slice();
        changed[i] = { info, fd: h.fd };
      }
    }
    if (relink) known.provedAt = this.scans;
    return changed ? { holders: changed, provedAt: known.provedAt } : known;
  }

  /** Finds the holders of sockets not seen before; their fd proofs are spread over the next RELINK_EVERY scans. */
  private resolve(sockets: ProcNetSocket[], everyUid: boolean, scan: number): void {
    const ctx = { procRoot: this.procRoot, bootTime: () => this.boot(), users: this.users };
    const { found, denied } = findHolders(ctx, sockets, everyUid, this.options.stopWhenFound !== false);
    for (const s of sockets) {
      const holders = found.get(s.inode);
      if (holders) this.owners.set(s.inode, { holders, provedAt: scan - (this.stagger++ % RELINK_EVERY) });
      else this.unseen.set(s.inode, unavailableReason(s.uid, denied));
    }
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
