import { closeSync, openSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
import type { ProcessInfo, ProcessState } from '../../types';
import { forwarderOf } from '../forwarders';

// USER_HZ is 100 on every mainstream Linux ABI; reading it would need sysconf() from a child.
const CLOCK_TICKS = 100;

const STATES: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'tracing-stop',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  I: 'idle',
};

export interface ProcStat {
  comm: string;
  state: ProcessState;
  ppid: number;
  pgid: number;
  sid: number;
  /** Clock ticks after boot (field 22). */
  startTicks: number;
}

/** Parses /proc/<pid>/stat; the comm may contain spaces and parentheses, so split after the last ')'. */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Only fields 3 to 22 are read, so the line is cut after field 22 rather than split whole
  // (this runs for every holder on every poll). f[0] is field 3 (state), so field N is f[N - 3].
  let end = close + 1;
  for (let n = 0; n < 21 && end >= 0; n++) end = text.indexOf(' ', end + 1);
  const f = text.slice(close + 2, end < 0 ? undefined : end).split(' ');
  const startTicks = Number(f[19]);
  if (!Number.isFinite(startTicks)) return null;
  return {
    comm: text.slice(open + 1, close),
    state: STATES[f[0] ?? ''] ?? 'unknown',
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    sid: Number(f[3]),
    startTicks,
  };
}

/** Boot time in ms since the epoch, from `btime` in /proc/stat (fixed for the whole boot). */
export function readBootTime(procRoot: string): number {
  const text = readFileSync(`${procRoot}/stat`, 'latin1');
  const m = /^btime (\d+)$/m.exec(text);
  if (!m) throw new Error(`no btime in ${procRoot}/stat`);
  return Number(m[1]) * 1000;
}

export function startTimeOf(stat: ProcStat, bootTime: number): number {
  return bootTime + Math.round((stat.startTicks * 1000) / CLOCK_TICKS);
}

/** uid -> user name from /etc/passwd; read once, since this runs on every cold scan. */
export class UserNames {
  private names: Map<number, string> | null = null;
  constructor(private readonly passwdPath = '/etc/passwd') {}

  name(uid: number): string {
    if (!this.names) {
      this.names = new Map();
      try {
        for (const line of readFileSync(this.passwdPath, 'utf8').split('\n')) {
          const [user, , id] = line.split(':');
          if (user && id && !this.names.has(Number(id))) this.names.set(Number(id), user);
        }
      } catch {
        // No passwd file (containers, NSS-only setups): fall back to the numeric uid.
      }
    }
    return this.names.get(uid) ?? String(uid);
  }
}

function tryRead(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

// /proc/<pid>/stat is one line of well under 1 KiB; reading it into one kept buffer skips
// readFileSync's fstat and allocation, which were half the cost of a warm scan's stat reads.
const statBuffer = Buffer.allocUnsafe(4096);

function readStat(procRoot: string, pid: number): ProcStat | null {
  let fd: number;
  try {
    fd = openSync(`${procRoot}/${pid}/stat`, 'r');
  } catch {
    return null;
  }
  try {
    return readStatAt(fd); // null: exited between the open and the read
  } finally {
    closeSync(fd);
  }
}

/** Reads and parses an open /proc/<pid>/stat from its start; null once that process is gone (ESRCH). */
export function readStatAt(fd: number): ProcStat | null {
  try {
    return parseStat(statBuffer.toString('latin1', 0, readSync(fd, statBuffer, 0, statBuffer.length, 0)));
  } catch {
    return null;
  }
}

function tryLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

// The kernel keeps a process name in 16 bytes with the NUL (TASK_COMM_LEN).
const COMM_MAX = 15;

/**
 * The name as people see it: the kernel cuts `comm` to 15 bytes (`next-server (v1`), so where
 * argv[0] (its file name, or a rewritten title) begins with the cut name and goes on, that is it.
 */
export function fullName(comm: string, argv: readonly string[]): string {
  if (Buffer.byteLength(comm) < COMM_MAX || !argv[0]) return comm;
  const first = argv[0];
  const candidate = argv.length === 1 && first.includes(' ') ? first : (first.split('/').pop() ?? first);
  return candidate.length > comm.length && candidate.startsWith(comm) ? candidate : comm;
}

/** Reads one process from procfs; null when it exited (or never existed). Never throws. */
export function readProcess(procRoot: string, pid: number, bootTime: number, users: UserNames): ProcessInfo | null {
  const stat = readStat(procRoot, pid);
  if (!stat) return null;
  let uid: number | null = null;
  try {
    uid = statSync(`${procRoot}/${pid}`).uid;
  } catch {
    return null;
  }
  const cmdline = tryRead(`${procRoot}/${pid}/cmdline`) ?? '';
  const argv = cmdline.split('\0');
  // A rewritten process title (next-server) leaves the old argv's space as NUL padding.
  while (argv.at(-1) === '') argv.pop();
  const exe = tryLink(`${procRoot}/${pid}/exe`)?.replace(/ \(deleted\)$/, '') ?? null;
  return {
    pid,
    startTime: startTimeOf(stat, bootTime),
    ppid: stat.ppid,
    pgid: stat.pgid,
    sid: stat.sid,
    name: fullName(stat.comm, argv),
    argv,
    exe,
    cwd: tryLink(`${procRoot}/${pid}/cwd`),
    user: users.name(uid),
    uid,
    state: stat.state,
    forwarder: forwarderOf(exe, [stat.comm]),
  };
}

/** Re-reads only what changes while a process lives (its state), keeping the rest. */
export function refreshState(procRoot: string, known: ProcessInfo, bootTime: number): ProcessInfo | null {
  return withStat(known, readStat(procRoot, known.pid), bootTime);
}

/** `known` with what `stat` says changed (state, parent); `known` itself if nothing did; null if `stat` is another process's or none. */
export function withStat(known: ProcessInfo, stat: ProcStat | null, bootTime: number): ProcessInfo | null {
  if (!stat || startTimeOf(stat, bootTime) !== known.startTime) return null;
  if (stat.state === known.state && stat.ppid === known.ppid) return known;
  return { ...known, state: stat.state, ppid: stat.ppid };
}

export function listPids(procRoot: string, readdir: (p: string) => string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdir(procRoot)) {
    const c = entry.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(entry));
  }
  return pids;
}
