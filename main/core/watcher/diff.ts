import { sameIdentity } from '../process';
import type { OwnerRef, PortStatus, Snapshot, VerdictKind, WatchEvent } from '../types';
import { ownerRef } from './snapshot';

function kinds(p: PortStatus): VerdictKind[] {
  return [...new Set(p.verdicts.map((v) => v.kind))].sort();
}

/**
 * What changed between two snapshots, per port in port order, and within a port in the order a
 * person would tell it: the old owner died, then the port changed hands or was released, then
 * verdicts. Whether a vanished owner died or merely closed its socket is not in the snapshots,
 * so the caller says (`isAlive`); without it, nobody is declared dead.
 */
export function diffSnapshots(
  prev: Snapshot | null,
  next: Snapshot,
  now: number,
  isAlive: (owner: OwnerRef) => boolean = () => true,
): WatchEvent[] {
  const before = new Map((prev?.ports ?? []).filter((p) => p.listener).map((p) => [p.port, p]));
  const after = new Map(next.ports.filter((p) => p.listener).map((p) => [p.port, p]));
  const ports = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const events: WatchEvent[] = [];
  for (const port of ports) {
    const a = before.get(port);
    const b = after.get(port);
    const from = a?.listener?.owner ? ownerRef(a.listener.owner) : null;
    const to = b?.listener?.owner ? ownerRef(b.listener.owner) : null;
    if (!a) {
      events.push({ type: 'appeared', at: now, port, owner: to });
      continue;
    }
    const changedHands = from !== null && (to === null || !sameIdentity(from, to));
    if (changedHands && !isAlive(from)) events.push({ type: 'owner-died', at: now, port, owner: from });
    if (!b) {
      events.push({ type: 'released', at: now, port, previous: from });
      continue;
    }
    if (from && to && !sameIdentity(from, to)) {
      events.push({ type: 'owner-changed', at: now, port, from, to });
      continue;
    }
    const was = kinds(a);
    if (from && to && was.join() !== kinds(b).join()) {
      events.push({ type: 'verdict-changed', at: now, port, from: was, to: b.verdicts });
    }
  }
  return events;
}
