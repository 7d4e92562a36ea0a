import type { Listener, ProcessInfo } from '../types';
import { notVisible, type OwnerHidden } from './owner-hidden';

/** One listening socket as an adapter sees it, before grouping by port. */
export interface RawSocket {
  port: number;
  address: string;
  holders: ProcessInfo[];
  /** Why no holder is known, when `holders` is empty. */
  unavailable: OwnerHidden | null;
  socketUid: number | null;
  inode?: number;
}

/**
 * The holder that bound the socket: the one whose parent is not itself a holder (a child that
 * inherited the socket is a holder too, but not the owner); oldest first on ties.
 */
export function primaryHolder(holders: ProcessInfo[]): ProcessInfo | null {
  const pids = new Set(holders.map((h) => h.pid));
  const roots = holders.filter((h) => h.ppid === null || !pids.has(h.ppid));
  const pool = roots.length > 0 ? roots : holders;
  return [...pool].sort((a, b) => a.startTime - b.startTime || a.pid - b.pid)[0] ?? null;
}

const UNKNOWN = notVisible('owner not visible');

/** Sockets on the same port (IPv4 and IPv6, several addresses) become one listener. */
export function listenersFromSockets(sockets: RawSocket[]): Listener[] {
  const byPort = new Map<number, RawSocket[]>();
  for (const s of sockets) {
    const list = byPort.get(s.port);
    if (list) list.push(s);
    else byPort.set(s.port, [s]);
  }
  const listeners: Listener[] = [];
  for (const [port, group] of byPort) {
    const holders = new Map<number, ProcessInfo>();
    for (const s of group) for (const h of s.holders) holders.set(h.pid, h);
    const all = [...holders.values()].sort((a, b) => a.pid - b.pid);
    const owner = primaryHolder(all);
    const hidden = owner ? null : (group.find((s) => s.unavailable)?.unavailable ?? UNKNOWN);
    listeners.push({
      port,
      protocol: 'tcp',
      addresses: [...new Set(group.map((s) => s.address))].sort(compareAddresses),
      owner,
      holders: all,
      ownerUnavailable: hidden?.reason ?? null,
      ownerHidden: hidden?.code ?? null,
      socketUid: group.find((s) => s.socketUid !== null)?.socketUid ?? null,
      ...(group.some((s) => s.inode !== undefined) ? { inodes: group.flatMap((s) => (s.inode === undefined ? [] : [s.inode])) } : {}),
    });
  }
  return listeners.sort((a, b) => a.port - b.port);
}

function compareAddresses(a: string, b: string): number {
  const v6 = (s: string) => (s.includes(':') ? 1 : 0);
  return v6(a) - v6(b) || a.localeCompare(b);
}
