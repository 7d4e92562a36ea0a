import type { Listener, ProcessInfo } from '../../../main/core/types';

/** A process as the scanner would report it; tests name only what matters to them. */
export function proc(p: Partial<ProcessInfo> & { pid: number }): ProcessInfo {
  return {
    startTime: 1_700_000_000_000 + p.pid,
    ppid: 1,
    pgid: p.pid,
    sid: p.pid,
    name: 'node',
    argv: ['node', 'server.js'],
    exe: '/usr/bin/node',
    cwd: '/home/dev/app',
    user: 'dev',
    uid: 1000,
    state: 'sleeping',
    forwarder: null,
    ...p,
  };
}

export function listener(port: number, holders: ProcessInfo[], socketUid: number | null = 1000): Listener {
  return {
    port,
    protocol: 'tcp',
    addresses: ['127.0.0.1'],
    owner: holders[0] ?? null,
    holders,
    ownerUnavailable: holders.length ? null : 'owner not visible',
    ownerHidden: holders.length ? null : 'NOT_VISIBLE',
    socketUid,
  };
}
