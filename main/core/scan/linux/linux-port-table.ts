import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import type { Listener, PortTable, ProcessInfo, ProcessSource, ScanOptions } from '../../types';
import { groupByPort, type RawSocket } from '../group';
import { parseProcNetTcp, type ProcNetSocket } from './proc-net';
import { listPids, readBootTime, readProcess, refreshState, UserNames } from './proc-process';

interface Holder {
  info: ProcessInfo;
  /** The fd that pointed at the socket: one readlink proves the same process still holds it. */
  fd: string;
}

export interface LinuxPortTableOptions {
  procRoot?: string;
  passwdPath?: string;
}

export const NEEDS_ELEVATED_RIGHTS = 'needs elevated rights: the owner is another user\'s process (run as root to see it)';
const isRoot = () => process.getuid?.() === 0;
const NOT_VISIBLE = 'owner not visible: the process may live in another network namespace or container';

/**
 * Reads procfs directly, with no child processes. A scan where nothing changed reads
 * /proc/net/tcp{,6} and re-checks each known holder with one readlink and one stat read;
 * only sockets never seen before cost a walk over /proc/<pid>/fd.
 */
export class LinuxPortTable implements PortTable, ProcessSource {
  readonly platform = 'linux';
  private readonly procRoot: string;
  private readonly users: UserNames;
  private bootTime: number | null = null;
  private readonly owners = new Map<number, Holder[]>();
  /** Inodes whose owner could not be seen: not looked for again until they disappear. */
  private readonly unseen = new Map<number, string>();

  constructor(options: LinuxPortTableOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.users = new UserNames(options.passwdPath);
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
    for (const s of sockets) {
      const known = this.owners.get(s.inode);
      if (known) {
        const checked = this.recheck(s.inode, known);
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
      };
    });
    return groupByPort(raw);
  }

  private readSockets(): ProcNetSocket[] {
    const out: ProcNetSocket[] = [];
    for (const file of ['tcp', 'tcp6']) {
      let text: string;
      try {
        text = readFileSync(`${this.procRoot}/net/${file}`, 'latin1');
      } catch {
        continue; // IPv6 disabled: no tcp6
      }
      out.push(...parseProcNetTcp(text));
    }
    return out;
  }

  private recheck(inode: number, holders: Holder[]): Holder[] | null {
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
      const info = refreshState(this.procRoot, h.info, this.boot());
      if (!info) return null;
      out.push(info === h.info ? h : { info, fd: h.fd });
    }
    return out;
  }

  /**
   * Walks /proc/<pid>/fd for the given sockets. The kernel records the creating uid on each
   * socket, so an ordinary scan only walks processes of those uids; a fresh scan (before a kill)
   * walks every process, because a child may have inherited the socket after a setuid.
   */
  private resolve(sockets: ProcNetSocket[], everyUid: boolean): void {
    const wanted = new Map(sockets.map((s) => [`socket:[${s.inode}]`, s.inode]));
    const uids = new Set(sockets.map((s) => s.uid));
    const found = new Map<number, Holder[]>();
    let denied = false;
    for (const pid of listPids(this.procRoot, readdirSync)) {
      if (!everyUid) {
        try {
          if (!uids.has(statSync(`${this.procRoot}/${pid}`).uid)) continue;
        } catch {
          continue;
        }
      }
      let fds: string[];
      try {
        fds = readdirSync(`${this.procRoot}/${pid}/fd`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EACCES') denied = true;
        continue;
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = readlinkSync(`${this.procRoot}/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = wanted.get(link);
        if (inode === undefined) continue;
        const info = readProcess(this.procRoot, pid, this.boot(), this.users);
        if (!info) break; // exited mid-scan
        const list = found.get(inode) ?? [];
        if (!list.some((h) => h.info.pid === pid)) list.push({ info, fd });
        found.set(inode, list);
      }
    }
    for (const s of sockets) {
      const holders = found.get(s.inode);
      if (holders) this.owners.set(s.inode, holders);
      else this.unseen.set(s.inode, !isRoot() && (denied || s.uid !== process.getuid?.()) ? NEEDS_ELEVATED_RIGHTS : NOT_VISIBLE);
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
