import { elevated, notVisible } from '../../../main/core/scan/owner-hidden';
import { describe, expect, it } from 'vitest';
import { listenersFromSockets, primaryHolder, type RawSocket } from '../../../main/core/scan/group';
import type { ProcessInfo } from '../../../main/core/types';

const proc = (pid: number, ppid: number | null, startTime = 1000 + pid): ProcessInfo => ({
  pid,
  startTime,
  ppid,
  pgid: pid,
  sid: pid,
  name: `p${pid}`,
  argv: [],
  exe: null,
  cwd: null,
  user: 'dev',
  uid: 1000,
  state: 'sleeping',
  forwarder: null,
});

const sock = (port: number, address: string, holders: ProcessInfo[], unavailable: RawSocket['unavailable'] = null): RawSocket => ({
  port,
  address,
  holders,
  unavailable,
  socketUid: 1000,
});

describe('primaryHolder', () => {
  it('is the holder whose parent is not a holder (the one that bound), not the child that inherited', () => {
    const parent = proc(10, 1, 5000);
    const child = proc(11, 10, 4000); // even if the clock says the child is older
    expect(primaryHolder([child, parent])?.pid).toBe(10);
  });

  it('is the oldest of several unrelated holders, the lowest PID on ties', () => {
    expect(primaryHolder([proc(30, 1, 900), proc(20, 1, 800)])?.pid).toBe(20);
    expect(primaryHolder([proc(30, 1, 800), proc(20, 1, 800)])?.pid).toBe(20);
  });

  it('is null without holders', () => {
    expect(primaryHolder([])).toBeNull();
  });
});

describe('listenersFromSockets', () => {
  it('merges IPv4 and IPv6 sockets of a port, IPv4 addresses first, and sorts by port', () => {
    const p = proc(10, 1);
    const listeners = listenersFromSockets([
      sock(5173, '::1', [p]),
      sock(3000, '::', [p]),
      sock(5173, '127.0.0.1', [p]),
      sock(3000, '0.0.0.0', [p]),
    ]);
    expect(listeners.map((l) => [l.port, l.addresses])).toEqual([
      [3000, ['0.0.0.0', '::']],
      [5173, ['127.0.0.1', '::1']],
    ]);
    expect(listeners[0]!.holders.map((h) => h.pid)).toEqual([10]);
  });

  it('keeps every holder once and names the reason when no owner is visible', () => {
    const [shared, hidden] = listenersFromSockets([
      sock(4000, '0.0.0.0', [proc(11, 10), proc(10, 1)]),
      sock(4000, '::', [proc(10, 1)]),
      sock(4001, '0.0.0.0', [], elevated('needs elevated rights')),
    ]);
    expect(shared!.holders.map((h) => h.pid)).toEqual([10, 11]);
    expect(shared!.owner?.pid).toBe(10);
    expect(shared).toMatchObject({ ownerUnavailable: null, ownerHidden: null });
    expect(hidden).toMatchObject({
      owner: null,
      holders: [],
      ownerUnavailable: 'needs elevated rights',
      ownerHidden: 'EPERM',
      socketUid: 1000,
    });
  });

  it('carries the code of the socket that names the reason, whatever its wording', () => {
    const [l] = listenersFromSockets([
      sock(4002, '0.0.0.0', [], notVisible('needs elevated rights, it says, but it is another namespace')),
    ]);
    expect(l).toMatchObject({
      ownerHidden: 'NOT_VISIBLE',
      ownerUnavailable: 'needs elevated rights, it says, but it is another namespace',
    });
    const [unknown] = listenersFromSockets([sock(4003, '::', [])]);
    expect(unknown).toMatchObject({ owner: null, ownerHidden: 'NOT_VISIBLE', ownerUnavailable: 'owner not visible' });
  });
});
