import type { LaunchStep, ProcessInfo, PortStatus, ProjectRef, Severity, Snapshot, Verdict } from '../../main/core/types';

// Hand-made snapshots for the pure app functions: what a real scan cannot arrange on demand
// (another user's process, a hidden owner, a stale build two hours old).

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

export function proc(over: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid: 4242,
    startTime: NOW - 2 * 3_600_000,
    ppid: 1,
    pgid: 4242,
    sid: 4242,
    name: 'next-server',
    argv: ['node', 'node_modules/.bin/next', 'start'],
    exe: '/usr/bin/node',
    cwd: '/home/dev/shop',
    user: 'dev',
    uid: 1000,
    state: 'sleeping',
    forwarder: null,
    ...over,
  };
}

export function verdict(kind: Verdict['kind'], severity: Severity, explanation = `${kind} explanation`): Verdict {
  return { kind, severity, explanation, evidence: {} };
}

const RANK: Record<Severity, number> = { ok: 0, info: 1, warning: 2, trouble: 3 };

export function held(port: number, owner: ProcessInfo | null, verdicts: Verdict[] = [], watched = true): PortStatus {
  const severity = verdicts.reduce<Severity>((w, v) => (RANK[v.severity] > RANK[w] ? v.severity : w), 'ok');
  return {
    port,
    watched,
    listener: {
      port,
      protocol: 'tcp',
      addresses: ['127.0.0.1'],
      owner,
      holders: owner ? [owner] : [],
      ownerUnavailable: owner ? null : "needs elevated rights: the owner is another user's process (run as root to see it)",
      ownerHidden: owner ? null : 'EPERM',
      socketUid: owner?.uid ?? 0,
    },
    verdicts,
    severity,
  };
}

export function free(port: number): PortStatus {
  return { port, watched: true, listener: null, verdicts: [], severity: 'ok' };
}

export function snapshot(ports: PortStatus[], paused = false): Snapshot {
  return { at: NOW, ports: [...ports].sort((a, b) => a.port - b.port), paused };
}

/** A next dev worker of the project `shop`, as the watcher classifies it. */
export const SHOP: ProjectRef = { name: 'shop', root: '/home/dev/shop', source: 'cwd' };

export function nextDevLaunch(owner: ProcessInfo): LaunchStep[] {
  const step = (kind: LaunchStep['kind'], command: string, pid: number): LaunchStep => ({
    kind,
    command,
    label: `${command} (${pid})`,
    pid,
    startTime: owner.startTime - 1000,
  });
  return [
    { ...step('server', 'next dev worker', owner.pid), startTime: owner.startTime },
    step('tool', 'next dev', 31652),
    step('launcher', 'npm run dev', 31611),
  ];
}
