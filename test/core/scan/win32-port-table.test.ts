import { describe, expect, it } from 'vitest';
import { win32Fixture } from '../../helpers/captures';
import { fakeWindows } from '../../helpers/fake-windows';
import { systemOwnerReason, Win32PortTable } from '../../../main/core/scan/win32/win32-port-table';
import type { Listener } from '../../../main/core/types';

const fixture = win32Fixture;

const at = (listeners: Listener[], port: number) => listeners.find((l) => l.port === port)!;
const START_8120 = Date.UTC(2023, 10, 14, 21, 0, 0, 123);

describe('Win32PortTable over recorded command output', () => {
  it('merges IPv4 and IPv6 rows into one listener per port with its owner', async () => {
    const listeners = await new Win32PortTable({ run: fakeWindows().run }).scan();
    expect(listeners.map((l) => l.port)).toEqual([135, 139, 445, 3000, 5173, 5357, 8080, 9999, 50000]);
    const next = at(listeners, 3000);
    expect(next.addresses).toEqual(['0.0.0.0', '::']);
    expect(next.holders.map((h) => h.pid)).toEqual([8120]);
    expect(next.owner).toEqual({
      pid: 8120,
      startTime: START_8120,
      ppid: 8100,
      pgid: null,
      sid: null,
      name: 'node.exe',
      argv: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\Alice\\shop\\node_modules\\next\\dist\\bin\\next', 'start', '-p', '3000'],
      exe: 'C:\\Program Files\\nodejs\\node.exe',
      cwd: null,
      user: 'DESKTOP-7Q2\\Alice',
      uid: null,
      state: 'running',
      forwarder: null,
    });
    expect(at(listeners, 5173).owner!.argv).toEqual([
      'node',
      'C:\\Users\\Alice\\my site\\node_modules\\vite\\bin\\vite.js',
      '--host',
      '::1',
      '--define',
      'msg="hi there"',
    ]);
  });

  it('labels Docker Desktop and the WSL relay', async () => {
    const listeners = await new Win32PortTable({ run: fakeWindows().run }).scan();
    expect(at(listeners, 8080).owner).toMatchObject({ name: 'com.docker.backend.exe', forwarder: 'docker-desktop' });
    expect(at(listeners, 50000).owner).toMatchObject({ name: 'wslrelay.exe', forwarder: 'wsl-relay' });
  });

  it('gives kernel-held ports and vanished owners owner null with the reason', async () => {
    const listeners = await new Win32PortTable({ run: fakeWindows().run }).scan();
    for (const port of [139, 445, 5357]) {
      expect(at(listeners, port)).toMatchObject({
        owner: null,
        holders: [],
        ownerUnavailable: systemOwnerReason(4)?.reason,
        ownerHidden: 'NOT_VISIBLE',
      });
    }
    expect(at(listeners, 445).ownerUnavailable).toMatch(/^owned by the System process \(pid 4\)/);
    expect(at(listeners, 9999)).toMatchObject({
      owner: null,
      ownerUnavailable: 'the process exited during the scan (the socket table named pid 7777)',
    });
  });

  it('has no identity, and says why, for a process whose start time CIM withholds', async () => {
    const win = fakeWindows({ edit: (r) => (r.ProcessId === 9040 ? { ...r, CreationDate: null } : r) });
    const table = new Win32PortTable({ run: win.run });
    const vite = at(await table.scan(), 5173);
    expect(vite).toMatchObject({ owner: null, holders: [] });
    expect(vite.ownerUnavailable).toMatch(/^needs elevated rights: Windows did not reveal the start time of pid 9040/);
    expect(vite.ownerHidden).toBe('EPERM');
    await table.scan();
    expect(win.cimQueries()).toHaveLength(1);
  });

  it('never asks CIM about the System process', async () => {
    const win = fakeWindows();
    await new Win32PortTable({ run: win.run }).scan();
    expect(win.cimQueries()).toHaveLength(1);
    expect(win.cimQueries()[0]).not.toMatch(/ProcessId=(4|0)\b/);
    expect(win.cimQueries()[0]).toContain('GetOwner');
  });

  it.each([
    ['German netstat, mangled by a UTF-8 decoder', { v4: fixture('netstat-tcp-de.cp850.txt'), v6: fixture('netstat-tcpv6-de.cp850.txt') }],
    ['Spanish netstat', { v4: fixture('netstat-tcp-es.txt') }],
    ['PowerShell 7 dates', { cim: 'cim-processes-ps7.json' }],
    ['WMI DMTF dates', { cim: 'cim-processes-dmtf.json' }],
  ])('gives the same listeners from %s', async (_label, machine) => {
    const base = await new Win32PortTable({ run: fakeWindows().run }).scan();
    expect(await new Win32PortTable({ run: fakeWindows(machine).run }).scan()).toEqual(base);
  });

  it('gives the same listeners from Get-NetTCPConnection', async () => {
    const win = fakeWindows();
    const viaPowershell = await new Win32PortTable({ run: win.run, source: 'powershell' }).scan();
    // Get-NetTCPConnection in the fixture has no link-local row (port 5357).
    const base = (await new Win32PortTable({ run: fakeWindows().run }).scan()).filter((l) => l.port !== 5357);
    expect(viaPowershell).toEqual(base);
    expect(win.scripts[0]).toContain('Get-NetTCPConnection -State Listen');
  });

  it('asks CIM only about pids it has not seen on a port; a fresh scan asks again', async () => {
    const win = fakeWindows();
    const table = new Win32PortTable({ run: win.run });
    await table.scan();
    const again = await table.scan();
    expect(win.cimQueries()).toHaveLength(1);
    expect(at(again, 3000).owner!.startTime).toBe(START_8120);

    await table.scan({ fresh: true });
    expect(win.cimQueries()).toHaveLength(2);
    expect(win.cimQueries()[1]).toContain('ProcessId=8120');
  });

  it('asks about a pid again after it left its port and came back', async () => {
    const win = fakeWindows();
    let v6 = fixture('netstat-tcpv6-en.txt').replace(/^.*\[::1\]:5173.*$/m, '');
    const table = new Win32PortTable({
      run: (c, a) =>
        c === 'netstat' && a.includes('TCPv6') ? Promise.resolve({ stdout: v6, stderr: '', code: 0, durationMs: 1 }) : win.run(c, a),
    });
    await table.scan();
    expect(win.cimQueries()[0]).not.toContain('9040');
    v6 = fixture('netstat-tcpv6-en.txt');
    await table.scan();
    expect(win.cimQueries()).toHaveLength(2);
    expect(win.cimQueries()[1]).toContain('-Filter "ProcessId=9040"');
  });

  it('serves single processes and the process list', async () => {
    const win = fakeWindows();
    const table = new Win32PortTable({ run: win.run });
    expect(await table.get(0)).toBeNull();
    expect(await table.get(424242)).toBeNull();
    expect(await table.get(8120)).toMatchObject({ pid: 8120, user: 'DESKTOP-7Q2\\Alice', startTime: START_8120 });
    const all = await table.list();
    expect(all.map((p) => p.pid).sort((a, b) => a - b)).toEqual([1044, 6312, 8100, 8120, 9040, 15000]);
    expect(all.every((p) => p.user === null)).toBe(true);
    expect(win.scripts.at(-1)).not.toContain('GetOwner');
  });
});
