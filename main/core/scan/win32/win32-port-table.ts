import type { Listener, PortTable, ProcessInfo, ProcessSource, ScanOptions } from '../../types';
import { forwarderOf } from '../forwarders';
import { listenersFromSockets, type RawSocket } from '../group';
import { elevated, notVisible, type OwnerHidden } from '../owner-hidden';
import { defaultRunner } from '../command-guard';
import { type RunCommand, stdoutOf } from '../run-command';
import { cimProcessScript, parseCimProcesses, powershellArgs, splitWindowsCommandLine, type CimProcess } from './cim-process';
import { NETSTAT_TCP_ARGS, NETSTAT_TCPV6_ARGS, parseNetstatAno, parseNetTcpConnectionJson, type WinSocket } from './netstat';

export interface Win32PortTableOptions {
  run?: RunCommand;
  /**
   * Where the socket table comes from. netstat starts in milliseconds; Get-NetTCPConnection needs
   * a PowerShell (a few hundred ms) but does not depend on netstat's localized text.
   */
  source?: 'netstat' | 'powershell';
}

const POWERSHELL = 'powershell.exe';
// A cold PowerShell on a loaded machine takes seconds before it runs the first line.
const TIMEOUT = { netstat: 5_000, powershell: 20_000 } as const;
const LISTEN_SCRIPT =
  "[Console]::OutputEncoding = [Text.Encoding]::UTF8; $ErrorActionPreference = 'SilentlyContinue'; " +
  'Get-NetTCPConnection -State Listen | Select-Object LocalAddress,LocalPort,OwningProcess | ConvertTo-Json -Compress';

/** PIDs 0 and 4 are the kernel: http.sys, SMB and friends listen there, and nobody can kill them. */
export function systemOwnerReason(pid: number): OwnerHidden | null {
  if (pid === 4)
    return notVisible(
      'owned by the System process (pid 4): a kernel driver such as http.sys (IIS, WinRM, a URL reservation) holds it; `netsh http show servicestate` names the service',
    );
  if (pid === 0) return notVisible('owned by the System Idle Process (pid 0): no user process holds it');
  return null;
}

function unseenReason(pid: number, undated: boolean): OwnerHidden {
  return undated
    ? elevated(`needs elevated rights: Windows did not reveal the start time of pid ${pid}, so it has no identity to act on`)
    : notVisible(`the process exited during the scan (the socket table named pid ${pid})`);
}

/**
 * netstat (or Get-NetTCPConnection) for the listening sockets, CIM through PowerShell for the
 * processes. A PowerShell costs a few hundred ms, so process details are cached per pid while the
 * pid keeps a port from one scan to the next; `fresh` (used before any action) asks again. The
 * gap: a pid that exits and is reused by a new listener between two polls keeps the old details
 * until the next fresh scan, which is why actions never trust a cached scan. Windows reports one
 * owning process per socket: a child that inherited the handle is not listed.
 */
export class Win32PortTable implements PortTable, ProcessSource {
  readonly platform = 'win32';
  readonly commands = ['netstat', POWERSHELL];
  private readonly run: RunCommand;
  private readonly source: 'netstat' | 'powershell';
  private readonly known = new Map<number, ProcessInfo>();
  /** Pids CIM could not describe, with the reason: not asked again while they keep their port. */
  private readonly unseen = new Map<number, OwnerHidden>();

  constructor(options: Win32PortTableOptions = {}) {
    this.run = options.run ?? defaultRunner;
    this.source = options.source ?? 'netstat';
  }

  private async output(cmd: string, args: string[]): Promise<string> {
    return stdoutOf(await this.run(cmd, args, { timeoutMs: cmd === POWERSHELL ? TIMEOUT.powershell : TIMEOUT.netstat }), cmd, args);
  }

  private async sockets(): Promise<WinSocket[]> {
    if (this.source === 'powershell') return parseNetTcpConnectionJson(await this.output(POWERSHELL, powershellArgs(LISTEN_SCRIPT)));
    const [v4, v6] = await Promise.all([this.output('netstat', NETSTAT_TCP_ARGS), this.output('netstat', NETSTAT_TCPV6_ARGS)]);
    return [...parseNetstatAno(v4), ...parseNetstatAno(v6)];
  }

  async scan(options: ScanOptions = {}): Promise<Listener[]> {
    if (options.fresh) {
      this.known.clear();
      this.unseen.clear();
    }
    const sockets = await this.sockets();
    const pids = new Set(sockets.map((s) => s.pid).filter((pid) => systemOwnerReason(pid) === null));
    for (const cache of [this.known, this.unseen]) for (const pid of cache.keys()) if (!pids.has(pid)) cache.delete(pid);
    const missing = [...pids].filter((pid) => !this.known.has(pid) && !this.unseen.has(pid));
    if (missing.length > 0) {
      const found = new Map((await this.query(missing, true)).map((p) => [p.pid, p]));
      for (const pid of missing) {
        const p = found.get(pid);
        const info = p ? toProcessInfo(p) : null;
        if (info) this.known.set(pid, info);
        else this.unseen.set(pid, unseenReason(pid, p !== undefined));
      }
    }

    const raw: RawSocket[] = sockets.map((s) => {
      const info = this.known.get(s.pid);
      return {
        port: s.port,
        address: s.address,
        holders: info ? [info] : [],
        unavailable: info ? null : (systemOwnerReason(s.pid) ?? this.unseen.get(s.pid) ?? unseenReason(s.pid, false)),
        socketUid: null,
      };
    });
    return listenersFromSockets(raw);
  }

  private async query(pids: readonly number[] | 'all', withOwner: boolean): Promise<CimProcess[]> {
    return parseCimProcesses(await this.output(POWERSHELL, powershellArgs(cimProcessScript(pids, withOwner))));
  }

  async get(pid: number): Promise<ProcessInfo | null> {
    if (!Number.isInteger(pid) || pid <= 0) return null;
    const found = (await this.query([pid], true)).find((p) => p.pid === pid);
    return found ? toProcessInfo(found) : null;
  }

  /** Every process, without owners (GetOwner per process would take seconds). */
  async list(): Promise<ProcessInfo[]> {
    return (await this.query('all', false)).flatMap((p) => toProcessInfo(p) ?? []);
  }
}

/** A CIM process as Portwarden sees it; null without a creation date, since there is no identity then. */
export function toProcessInfo(p: CimProcess): ProcessInfo | null {
  if (p.startTime === null) return null;
  const argv = p.commandLine ? splitWindowsCommandLine(p.commandLine) : [p.exe ?? p.name];
  return {
    pid: p.pid,
    startTime: p.startTime,
    ppid: p.ppid,
    pgid: null,
    sid: null,
    name: p.name,
    argv,
    exe: p.exe,
    cwd: null,
    user: p.user,
    uid: null,
    // Win32_Process lists live processes only and has no run state: Windows has no zombies, and
    // a suspended process is not visible here.
    state: 'running',
    forwarder: forwarderOf(p.exe, [p.name]),
  };
}
