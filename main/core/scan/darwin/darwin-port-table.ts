import type { Listener, PortTable, ProcessInfo, ProcessSource, ScanOptions } from '../../types';
import { defaultRunner } from '../command-guard';
import { identityKey } from '../../identity-key';
import { forwarderOf } from '../forwarders';
import { listenersFromSockets, type RawSocket } from '../group';
import { elevated, notVisible, type OwnerHidden } from '../owner-hidden';
import { type RunCommand, stdoutOf } from '../run-command';
import { LSOF_LISTEN_ARGS, lsofOutput, lsofPathArgs, parseLsofListen, parseLsofPaths, type LsofListener, type ProcessPaths } from './lsof';
import { NETSTAT_ARGS, NETSTAT_NARROW_ARGS, type NetstatSocket, parseDarwinNetstat } from './netstat';
import { parsePs, psArgs, splitPsCommand, type PsRow } from './ps';

export interface DarwinPortTableOptions {
  run?: RunCommand;
  /** Whether we run as root (lsof then sees every process); injected so tests need not be root. */
  isRoot?: boolean;
}

const EXITED = notVisible('the process exited during the scan');
export const HIDDEN_SOCKETS_NOTE = "netstat cannot see other users' sockets on this macOS; run with sudo to see them";
// lsof walks every process's descriptors; on a loaded Mac with a slow volume that takes seconds.
const TIMEOUT = { netstat: 5_000, lsof: 15_000, ps: 5_000 } as const;

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The (address, port, pid) rows of one netstat, as one comparable key; null when some row has no pid. */
function socketKey(sockets: readonly NetstatSocket[]): string | null {
  if (sockets.some((s) => s.pid === null)) return null;
  return sockets
    .map((s) => `${s.address} ${s.port} ${s.pid}`)
    .sort()
    .join('\n');
}

/**
 * A steady poll is one `netstat -anvl`: its listening rows carry the pid, so lsof (which walks every
 * process's descriptors) and ps run only when the set of (address, port, pid) changes, or on a
 * fresh scan (before any action). lsof gives every holder of each socket, ps the start time, state
 * and argv, lsof again the cwd and executable (cached per identity); netstat adds sockets lsof
 * cannot show (other users' processes without root). Start times have 1 s resolution (ps `lstart`).
 * The price: a process that is stopped or becomes a zombie without its sockets changing shows its
 * new state at the next change or fresh scan.
 */
export class DarwinPortTable implements PortTable, ProcessSource {
  readonly platform = 'darwin';
  readonly commands = ['netstat', 'lsof', 'ps'];
  private readonly run: RunCommand;
  private readonly isRoot: boolean;
  private readonly paths = new Map<string, ProcessPaths>();
  private last: { key: string; listeners: Listener[] } | null = null;
  private hidden = false;

  constructor(options: DarwinPortTableOptions = {}) {
    this.run = options.run ?? defaultRunner;
    this.isRoot = options.isRoot ?? process.getuid?.() === 0;
  }

  /** What this machine's scans cannot see, in one line each. */
  notes(): string[] {
    return this.hidden ? [HIDDEN_SOCKETS_NOTE] : [];
  }

  async scan(options: ScanOptions = {}): Promise<Listener[]> {
    if (options.fresh) this.paths.clear();
    // netstat only widens what lsof shows and tells when to ask lsof; a failure must not hide lsof's answer.
    const sockets = await this.netstat().catch(() => null);
    const key = sockets ? socketKey(sockets) : null;
    if (!options.fresh && key !== null && this.last?.key === key) return structuredClone(this.last.listeners);
    const listeners = await this.resolve(sockets ?? []);
    this.last = key === null ? null : { key, listeners: structuredClone(listeners) };
    return listeners;
  }

  private async netstat(): Promise<NetstatSocket[]> {
    const wide = await this.run('netstat', NETSTAT_ARGS, { timeoutMs: TIMEOUT.netstat });
    if (wide.code === 0 || wide.stdout.trim() !== '') return parseDarwinNetstat(stdoutOf(wide, 'netstat', NETSTAT_ARGS));
    const narrow = await this.run('netstat', NETSTAT_NARROW_ARGS, { timeoutMs: TIMEOUT.netstat });
    return parseDarwinNetstat(stdoutOf(narrow, 'netstat', NETSTAT_NARROW_ARGS), { wide: false });
  }

  private async resolve(sockets: readonly NetstatSocket[]): Promise<Listener[]> {
    const listeners = parseLsofListen(lsofOutput(await this.run('lsof', LSOF_LISTEN_ARGS, { timeoutMs: TIMEOUT.lsof }), LSOF_LISTEN_ARGS));
    const infos = await this.describe(
      listeners.map((l) => l.pid),
      new Map(listeners.map((l) => [l.pid, l])),
    );
    const live = new Set([...infos.values()].map((p) => identityKey(p)));
    for (const key of this.paths.keys()) if (!live.has(key)) this.paths.delete(key);

    const raw: RawSocket[] = [];
    const seen = new Set<string>();
    for (const l of listeners) {
      const info = infos.get(l.pid);
      for (const s of l.sockets) {
        seen.add(`${s.address} ${s.port}`);
        raw.push({ port: s.port, address: s.address, holders: info ? [info] : [], unavailable: info ? null : EXITED, socketUid: null });
      }
    }
    const lsofPids = new Set(listeners.map((l) => l.pid));
    let foreign = 0;
    for (const s of sockets) {
      if (seen.has(`${s.address} ${s.port}`) || (s.pid !== null && lsofPids.has(s.pid))) continue;
      seen.add(`${s.address} ${s.port}`);
      foreign++;
      raw.push({ port: s.port, address: s.address, holders: [], unavailable: this.hiddenReason(s.pid, s.process), socketUid: null });
    }
    // Recent releases show a non-root netstat only the caller's sockets. No socket beyond lsof's is
    // the sign of it; one is proof that this netstat sees other users.
    this.hidden = !this.isRoot && foreign === 0;
    return listenersFromSockets(raw);
  }

  private hiddenReason(pid: number | null, name: string | null): OwnerHidden {
    const who = pid === null ? '' : ` (netstat reports pid ${pid}${name ? `, ${name}` : ''})`;
    return this.isRoot
      ? notVisible(`owner not visible to lsof${who}: it may have exited during the scan`)
      : elevated(`needs elevated rights: another user's process holds it${who}; run with sudo to see it`);
  }

  /** ps for every pid, then lsof for the cwd and executable of identities not seen before. */
  private async describe(pids: number[], lsof: Map<number, LsofListener> = new Map()): Promise<Map<number, ProcessInfo>> {
    const out = new Map<number, ProcessInfo>();
    const unique = [...new Set(pids)].filter((p) => Number.isInteger(p) && p > 0);
    if (unique.length === 0) return out;
    const rows = await this.ps(unique);
    const missing = rows.filter((r) => !this.paths.has(identityKey(r)));
    if (missing.length > 0) {
      const args = lsofPathArgs(missing.map((r) => r.pid));
      // lsof exits non-zero when one of the pids has gone, with the others' output intact.
      const text = await this.run('lsof', args, { timeoutMs: TIMEOUT.lsof })
        .then((r) => lsofOutput(r, args))
        .catch(() => '');
      const found = parseLsofPaths(text);
      for (const r of missing) this.paths.set(identityKey(r), found.get(r.pid) ?? { cwd: null, exe: null });
    }
    for (const r of rows) out.set(r.pid, toProcessInfo(r, this.paths.get(identityKey(r)), lsof.get(r.pid)));
    return out;
  }

  private async ps(pids: readonly number[] | 'all'): Promise<PsRow[]> {
    const args = psArgs(pids);
    return parsePs(stdoutOf(await this.run('ps', args, { timeoutMs: TIMEOUT.ps }), 'ps', args));
  }

  async get(pid: number): Promise<ProcessInfo | null> {
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return (await this.describe([pid])).get(pid) ?? null;
  }

  /** Every process, without cwd (one lsof per process would cost seconds); executables come from argv. */
  async list(): Promise<ProcessInfo[]> {
    return (await this.ps('all')).map((r) => toProcessInfo(r, this.paths.get(identityKey(r))));
  }
}

/** Joins what ps, lsof's path lookup and lsof's listening-socket record each know about one process. */
export function toProcessInfo(row: PsRow, paths?: ProcessPaths, lsof?: LsofListener): ProcessInfo {
  const exe = paths?.exe ?? null;
  const argv = splitPsCommand(row.command, exe);
  // lsof's `c` is the kernel's short name (16 chars at most: `com.docker.backe`), so forwarders
  // are recognised by the executable first.
  const name = lsof?.command || baseName(exe ?? argv[0] ?? '');
  return {
    pid: row.pid,
    startTime: row.startTime,
    ppid: row.ppid,
    pgid: row.pgid ?? lsof?.pgid ?? null,
    sid: null,
    name,
    argv,
    exe,
    cwd: paths?.cwd ?? null,
    user: row.user ?? lsof?.login ?? null,
    uid: row.uid ?? lsof?.uid ?? null,
    state: row.state,
    forwarder: forwarderOf(exe, [argv[0] ?? '', name]),
  };
}
