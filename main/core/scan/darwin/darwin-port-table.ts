import type { Listener, PortTable, ProcessInfo, ProcessSource, ScanOptions } from '../../types';
import { forwarderKind } from '../forwarders';
import { groupByPort, type RawSocket } from '../group';
import { runCommand, type RunCommand } from '../run-command';
import { LSOF_LISTEN_ARGS, lsofPathArgs, parseLsofListen, parseLsofPaths, type LsofListener, type ProcessPaths } from './lsof';
import { NETSTAT_ARGS, parseDarwinNetstat } from './netstat';
import { parsePs, psArgs, splitPsCommand, type PsRow } from './ps';

export interface DarwinPortTableOptions {
  run?: RunCommand;
  /** Whether we run as root (lsof then sees every process); injected so tests need not be root. */
  isRoot?: boolean;
}

const EXITED = 'the process exited during the scan';

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/**
 * lsof for the listening sockets and who holds them, ps for start time, state and argv, lsof again
 * for cwd and executable; netstat adds the sockets lsof cannot show (other users' processes
 * without root). Start times have 1 s resolution (ps `lstart`). The cwd/executable lookup is cached
 * per identity, so a steady scan costs one lsof, one netstat and one ps.
 */
export class DarwinPortTable implements PortTable, ProcessSource {
  readonly platform = 'darwin';
  private readonly run: RunCommand;
  private readonly isRoot: boolean;
  private readonly paths = new Map<string, ProcessPaths>();

  constructor(options: DarwinPortTableOptions = {}) {
    this.run = options.run ?? runCommand;
    this.isRoot = options.isRoot ?? process.getuid?.() === 0;
  }

  async scan(options: ScanOptions = {}): Promise<Listener[]> {
    if (options.fresh) this.paths.clear();
    const [lsofText, netstatText] = await Promise.all([
      this.run('lsof', LSOF_LISTEN_ARGS),
      // netstat only widens what lsof shows; a failure here must not hide lsof's answer.
      this.run('netstat', NETSTAT_ARGS).catch(() => ''),
    ]);
    const listeners = parseLsofListen(lsofText);
    const infos = await this.describe(listeners.map((l) => l.pid), new Map(listeners.map((l) => [l.pid, l])));
    const live = new Set([...infos.values()].map((p) => `${p.pid}@${p.startTime}`));
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
    for (const s of parseDarwinNetstat(netstatText)) {
      if (seen.has(`${s.address} ${s.port}`) || (s.pid !== null && lsofPids.has(s.pid))) continue;
      seen.add(`${s.address} ${s.port}`);
      raw.push({ port: s.port, address: s.address, holders: [], unavailable: this.hiddenReason(s.pid, s.process), socketUid: null });
    }
    return groupByPort(raw);
  }

  private hiddenReason(pid: number | null, name: string | null): string {
    const who = pid === null ? '' : ` (netstat reports pid ${pid}${name ? `, ${name}` : ''})`;
    return this.isRoot
      ? `owner not visible to lsof${who}: it may have exited during the scan`
      : `needs elevated rights: another user's process holds it${who}; run with sudo to see it`;
  }

  /** ps for every pid, then lsof for the cwd and executable of identities not seen before. */
  private async describe(pids: number[], lsof: Map<number, LsofListener> = new Map()): Promise<Map<number, ProcessInfo>> {
    const out = new Map<number, ProcessInfo>();
    const unique = [...new Set(pids)].filter((p) => Number.isInteger(p) && p > 0);
    if (unique.length === 0) return out;
    const rows = parsePs(await this.run('ps', psArgs(unique)));
    const missing = rows.filter((r) => !this.paths.has(`${r.pid}@${r.startTime}`));
    if (missing.length > 0) {
      // lsof exits non-zero when one of the pids has gone, with the others' output intact.
      const found = parseLsofPaths(await this.run('lsof', lsofPathArgs(missing.map((r) => r.pid))).catch(() => ''));
      for (const r of missing) this.paths.set(`${r.pid}@${r.startTime}`, found.get(r.pid) ?? { cwd: null, exe: null });
    }
    for (const r of rows) out.set(r.pid, toProcessInfo(r, this.paths.get(`${r.pid}@${r.startTime}`), lsof.get(r.pid)));
    return out;
  }

  async get(pid: number): Promise<ProcessInfo | null> {
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return (await this.describe([pid])).get(pid) ?? null;
  }

  /** Every process, without cwd (one lsof per process would cost seconds); executables come from argv. */
  async list(): Promise<ProcessInfo[]> {
    return parsePs(await this.run('ps', psArgs('all'))).map((r) => toProcessInfo(r, this.paths.get(`${r.pid}@${r.startTime}`)));
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
    forwarder: forwarderKind(exe ?? '') ?? forwarderKind(argv[0] ?? '') ?? forwarderKind(name),
  };
}
