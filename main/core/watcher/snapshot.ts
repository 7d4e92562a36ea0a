import type { PortRange } from '../dev-ports';
import { identityKey } from '../identity-key';
import type { LaunchStep, Listener, OwnerRef, PortStatus, ProcessInfo, ProjectRef, Snapshot, Verdict } from '../types';

/** What the snapshot shows of an owner beyond the scan: its project and classified launch tree. */
export interface OwnerFacts {
  project: ProjectRef | null;
  launch: LaunchStep[];
}
import { worstSeverity } from '../verdicts';

// A watched range wider than this is only marked on ports in use: listing thousands of free
// ports helps nobody and costs every tick.
const MAX_FREE_RANGE = 100;

export function ownerRef(p: ProcessInfo): OwnerRef {
  return { pid: p.pid, startTime: p.startTime, name: p.name };
}

export function watchedPorts(ranges: readonly PortRange[]): Set<number> {
  const out = new Set<number>();
  for (const r of ranges) if (r.to - r.from < MAX_FREE_RANGE) for (let p = r.from; p <= r.to; p++) out.add(p);
  return out;
}

function isWatched(port: number, ranges: readonly PortRange[]): boolean {
  return ranges.some((r) => port >= r.from && port <= r.to);
}

/** Every listening port plus the watched ports that are free, sorted by port. Pure. */
export function buildSnapshot(
  listeners: readonly Listener[],
  verdicts: ReadonlyMap<number, Verdict[]>,
  watched: readonly PortRange[],
  at: number,
  paused = false,
  facts: ReadonlyMap<number, OwnerFacts> = new Map(),
): Snapshot {
  const ports: PortStatus[] = listeners.map((l) => {
    const v = verdicts.get(l.port) ?? [];
    const f = facts.get(l.port);
    return {
      port: l.port,
      watched: isWatched(l.port, watched),
      listener: l,
      verdicts: v,
      severity: worstSeverity(v),
      project: f?.project ?? null,
      launch: f?.launch ?? [],
    };
  });
  const listening = new Set(listeners.map((l) => l.port));
  for (const port of watchedPorts(watched)) {
    if (!listening.has(port)) ports.push({ port, watched: true, listener: null, verdicts: [], severity: 'ok' });
  }
  ports.sort((a, b) => a.port - b.port);
  return { at, ports, paused };
}

/** What a listener of the UI would notice: owners, states, verdicts. Not the scan time. */
export function snapshotSignature(s: Snapshot): string {
  return JSON.stringify([
    s.paused,
    s.ports.map((p) => [
      p.port,
      p.watched,
      p.listener?.addresses.join(','),
      p.listener?.owner
        ? `${identityKey(p.listener.owner)}:${p.listener.owner.state}:${p.listener.owner.ppid}`
        : p.listener?.ownerUnavailable,
      p.listener?.holders.length,
      p.verdicts.map((v) => `${v.kind}:${v.explanation}`),
      p.project?.root,
      p.launch?.map((n) => n.label).join('<'),
    ]),
  ]);
}
