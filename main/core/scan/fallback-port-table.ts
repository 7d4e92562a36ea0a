import type { Listener, PortTable, ProcessInfo, ProcessSource, ProcessState } from '../types';
import { forwarderKind } from './forwarders';
import { listenersFromSockets, type RawSocket } from './group';
import { elevated } from './owner-hidden';

const STATES: Record<string, ProcessState> = {
  running: 'running',
  sleeping: 'sleeping',
  blocked: 'disk-sleep',
  stopped: 'stopped',
  zombie: 'zombie',
};

/** Imported on first use: loading systeminformation costs ~45 ms, and only this adapter needs it. */
async function systemInformation(): Promise<typeof import('systeminformation')> {
  return (await import('systeminformation')).default;
}

/**
 * For platforms with no adapter of their own (FreeBSD, OpenBSD, …). systeminformation is slow
 * (its processes() costs 0.3–2 s) and its start times have 1 s resolution, so this never backs
 * the Linux, macOS or Windows polling path.
 */
export class FallbackPortTable implements PortTable, ProcessSource {
  constructor(readonly platform: string) {}

  async scan(): Promise<Listener[]> {
    const [connections, procs] = await Promise.all([(await systemInformation()).networkConnections(), this.list()]);
    const byPid = new Map(procs.map((p) => [p.pid, p]));
    const raw: RawSocket[] = [];
    for (const c of connections) {
      if (!/^tcp/i.test(c.protocol) || !/listen/i.test(c.state)) continue;
      const port = Number(c.localPort);
      if (!Number.isInteger(port) || port <= 0) continue;
      const owner = byPid.get(c.pid);
      raw.push({
        port,
        address: c.localAddress === '*' ? (c.protocol.endsWith('6') ? '::' : '0.0.0.0') : c.localAddress,
        holders: owner ? [owner] : [],
        unavailable: owner ? null : elevated('needs elevated rights'),
        socketUid: null,
      });
    }
    return listenersFromSockets(raw);
  }

  async get(pid: number): Promise<ProcessInfo | null> {
    return (await this.list()).find((p) => p.pid === pid) ?? null;
  }

  async list(): Promise<ProcessInfo[]> {
    const { list } = await (await systemInformation()).processes();
    return list.map((p) => ({
      pid: p.pid,
      startTime: Date.parse(p.started) || 0,
      ppid: p.parentPid || null,
      pgid: null,
      sid: null,
      name: p.name,
      argv: [p.path ? `${p.path}/${p.command}` : p.command, ...(p.params ? p.params.split(' ') : [])],
      exe: p.path || null,
      cwd: null,
      user: p.user || null,
      uid: null,
      state: STATES[p.state] ?? 'unknown',
      forwarder: forwarderKind(p.name),
    }));
  }
}
