import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinuxPortTable, NEEDS_ELEVATED_RIGHTS, RELINK_EVERY } from '../../../main/core/scan/linux/linux-port-table';
import type { Listener } from '../../../main/core/types';
import { FakeProc } from '../../helpers/fake-proc';
import { bundleForAnotherUser, runNodeAsNobody } from '../../helpers/run-as-nobody';
import { asAnotherUser } from '../../helpers/platform';

let proc: FakeProc;
beforeEach(() => {
  proc = new FakeProc();
});
afterEach(() => proc.dispose());

const on = (listeners: Listener[], port: number) => listeners.find((l) => l.port === port);

describe('LinuxPortTable over a fake /proc', () => {
  it('reports the owner with identity, parents, group, session, argv, exe, cwd, user and state', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 3000, inode: 501 }]);
    proc.addProcess({
      pid: 42,
      comm: 'node',
      ppid: 7,
      startTicks: 12345,
      argv: ['node', 'server.js', '--port', '3000'],
      cwd: '/srv/app',
      exe: '/usr/bin/node',
      sockets: { 21: 501 },
    });
    const [l] = await new LinuxPortTable({ procRoot: proc.root }).scan();
    expect(l).toMatchObject({ port: 3000, protocol: 'tcp', addresses: ['127.0.0.1'], socketUid: 0, ownerUnavailable: null });
    expect(l!.owner).toEqual({
      pid: 42,
      startTime: proc.startTimeOf(12345),
      ppid: 7,
      pgid: 42,
      sid: 42,
      name: 'node',
      argv: ['node', 'server.js', '--port', '3000'],
      exe: '/usr/bin/node',
      cwd: '/srv/app',
      user: 'root',
      uid: 0,
      state: 'sleeping',
      forwarder: null,
    });
    expect(l!.holders.map((h) => h.pid)).toEqual([42]);
  });

  it('keeps a rewritten process title as one argument, without the NUL padding left behind it', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 3000, inode: 502 }]);
    // next-server writes its title over the old argv: the title, then NULs to the end of the old space.
    proc.addProcess({ pid: 43, comm: 'next-server (v1', argv: ['next-server (v15.1.0)', '', '', ''], sockets: { 21: 502 } });
    const [l] = await new LinuxPortTable({ procRoot: proc.root }).scan();
    expect(l!.owner?.argv).toEqual(['next-server (v15.1.0)']);
  });

  it('names a process by its full title where the kernel cut its name to 15 bytes', async () => {
    proc.setSockets([
      { address: '127.0.0.1', port: 3000, inode: 502 },
      { address: '127.0.0.1', port: 3001, inode: 503 },
      { address: '127.0.0.1', port: 3002, inode: 504 },
    ]);
    proc.addProcess({ pid: 43, comm: 'next-server (v1', argv: ['next-server (v15.1.0)', '', ''], sockets: { 21: 502 } });
    proc.addProcess({
      pid: 44,
      comm: 'storybook-serve',
      argv: ['/opt/bin/storybook-server-worker', '--port', '3001'],
      sockets: { 21: 503 },
    });
    // A name the process chose (prctl) that its argv does not extend stays as the kernel has it.
    proc.addProcess({ pid: 45, comm: 'worker-pool-thr', argv: ['/usr/bin/node', 'pool.js'], sockets: { 21: 504 } });
    const byPort = new Map((await new LinuxPortTable({ procRoot: proc.root }).scan()).map((l) => [l.port, l.owner?.name]));
    expect([byPort.get(3000), byPort.get(3001), byPort.get(3002)]).toEqual([
      'next-server (v15.1.0)',
      'storybook-server-worker',
      'worker-pool-thr',
    ]);
  });

  it('labels Docker port forwarders', async () => {
    proc.setSockets([{ address: '0.0.0.0', port: 5432, inode: 601 }]);
    proc.addProcess({
      pid: 900,
      comm: 'docker-proxy',
      exe: '/usr/bin/docker-proxy',
      argv: ['/usr/bin/docker-proxy', '-proto', 'tcp'],
      sockets: { 4: 601 },
    });
    const [l] = await new LinuxPortTable({ procRoot: proc.root }).scan();
    expect(l!.owner?.forwarder).toBe('docker-proxy');
  });

  it('reports every holder of a shared socket; the parent is the owner, then the child once the parent is gone', async () => {
    proc.setSockets([{ address: '0.0.0.0', port: 4000, inode: 700 }]);
    proc.addProcess({ pid: 100, comm: 'node', ppid: 1, startTicks: 10, sockets: { 20: 700 } });
    proc.addProcess({ pid: 101, comm: 'node', ppid: 100, startTicks: 20, sockets: { 3: 700 } });
    const table = new LinuxPortTable({ procRoot: proc.root });
    const first = on(await table.scan(), 4000)!;
    expect(first.owner?.pid).toBe(100);
    expect(first.holders.map((h) => h.pid)).toEqual([100, 101]);

    proc.remove(100);
    const after = on(await table.scan(), 4000)!;
    expect(after.owner?.pid).toBe(101);
    expect(after.holders.map((h) => h.pid)).toEqual([101]);
  });

  it('never takes a re-used PID for the cached owner: a new start time means a new process', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 5173, inode: 800 }]);
    proc.addProcess({ pid: 300, comm: 'vite', startTicks: 500, sockets: { 30: 800 } });
    const table = new LinuxPortTable({ procRoot: proc.root });
    expect(on(await table.scan(), 5173)!.owner).toMatchObject({ pid: 300, name: 'vite', startTime: proc.startTimeOf(500) });

    // The PID now belongs to a process started later, which does not hold the socket.
    proc.addProcess({ pid: 300, comm: 'bash', startTicks: 90_000 });
    const gone = on(await table.scan(), 5173)!;
    expect(gone.owner).toBeNull();

    // Nor when the newcomer holds the same fd number pointing at the same socket (it inherited it).
    const table2 = new LinuxPortTable({ procRoot: proc.root });
    proc.addProcess({ pid: 300, comm: 'vite', startTicks: 500, sockets: { 30: 800 } });
    await table2.scan();
    proc.writeStat({ pid: 300, comm: 'node', startTicks: 95_000 });
    expect(on(await table2.scan(), 5173)!.owner).toMatchObject({ pid: 300, name: 'node', startTime: proc.startTimeOf(95_000) });
  });

  it('does not throw when a holder vanishes between listing its fds and reading it', async () => {
    proc.setSockets([
      { address: '127.0.0.1', port: 8000, inode: 901 },
      { address: '127.0.0.1', port: 8001, inode: 902 },
    ]);
    proc.addProcess({ pid: 400, comm: 'gone', sockets: { 5: 901 } });
    proc.remove(400, 'stat'); // exited after its fd was listed
    proc.addProcess({ pid: 401, comm: 'alive', sockets: { 5: 902 } });
    const listeners = await new LinuxPortTable({ procRoot: proc.root }).scan();
    expect(on(listeners, 8000)).toMatchObject({ owner: null, holders: [] });
    expect(on(listeners, 8000)!.ownerUnavailable).toMatch(/not visible/);
    expect(on(listeners, 8001)!.owner?.pid).toBe(401);
  });

  it('drops a cached owner whose process is gone, without throwing', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 9000, inode: 1001 }]);
    proc.addProcess({ pid: 500, comm: 'php', sockets: { 7: 1001 } });
    const table = new LinuxPortTable({ procRoot: proc.root });
    expect(on(await table.scan(), 9000)!.owner?.pid).toBe(500);
    proc.remove(500);
    expect(on(await table.scan(), 9000)!.owner).toBeNull();
  });

  it('sees a holder that closed its fd while living on within RELINK_EVERY warm scans, and at once when fresh', async () => {
    proc.setSockets([{ address: '0.0.0.0', port: 4010, inode: 710 }]);
    proc.addProcess({ pid: 110, comm: 'node', ppid: 1, startTicks: 10, sockets: { 20: 710 } });
    proc.addProcess({ pid: 111, comm: 'node', ppid: 110, startTicks: 20, sockets: { 3: 710 } });
    const table = new LinuxPortTable({ procRoot: proc.root });
    expect(on(await table.scan(), 4010)!.owner?.pid).toBe(110);

    // The parent hands the socket to its child and closes it, but does not exit.
    proc.remove(110, 'fd/20');
    expect(on(await new LinuxPortTable({ procRoot: proc.root }).scan({ fresh: true }), 4010)!.owner?.pid).toBe(111);
    const owners: (number | undefined)[] = [];
    for (let i = 0; i < RELINK_EVERY; i++) owners.push(on(await table.scan(), 4010)!.owner?.pid);
    expect(owners.at(-1)).toBe(111);
    expect(owners.indexOf(111)).toBeGreaterThanOrEqual(0);
    expect(on(await table.scan({ fresh: true }), 4010)!.owner?.pid).toBe(111);
  });

  it('reads the state every warm scan, and hands back the same listeners while nothing changed', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 4011, inode: 720 }]);
    proc.addProcess({ pid: 120, comm: 'vite', startTicks: 30, sockets: { 21: 720 } });
    const table = new LinuxPortTable({ procRoot: proc.root });
    const first = on(await table.scan(), 4011)!;
    const again = on(await table.scan(), 4011)!;
    expect(again).toBe(first);

    proc.writeStat({ pid: 120, comm: 'vite', startTicks: 30, state: 'T' });
    const stopped = on(await table.scan(), 4011)!;
    expect(stopped).not.toBe(first);
    expect(stopped.owner).toMatchObject({ pid: 120, state: 'stopped' });
    expect(first.owner?.state).toBe('sleeping');

    proc.setSockets([
      { address: '127.0.0.1', port: 4011, inode: 720 },
      { address: '::', port: 4012, inode: 721 },
    ]);
    proc.addProcess({ pid: 121, comm: 'next-server', startTicks: 40, sockets: { 22: 721 } });
    const both = await table.scan();
    expect(both.map((l) => [l.port, l.owner?.pid])).toEqual([
      [4011, 120],
      [4012, 121],
    ]);
  });

  it('finds a holder whose /proc dir belongs to root while its socket belongs to a user (non-dumpable)', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 3001, uid: 1000, inode: 1100 }]);
    proc.addProcess({ pid: 600, comm: 'agent', sockets: { 9: 1100 } });
    const [l] = await new LinuxPortTable({ procRoot: proc.root }).scan();
    expect(l!.owner?.pid).toBe(600);
    expect(l!.socketUid).toBe(1000);
  });

  it('remembers unresolvable sockets until a fresh scan', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 3002, inode: 1200 }]);
    const table = new LinuxPortTable({ procRoot: proc.root });
    expect(on(await table.scan(), 3002)!.owner).toBeNull();
    proc.addProcess({ pid: 700, comm: 'late', sockets: { 3: 1200 } });
    expect(on(await table.scan(), 3002)!.owner).toBeNull();
    expect(on(await table.scan({ fresh: true }), 3002)!.owner?.pid).toBe(700);
  });

  it('lists listening sockets only, not connections on the same port', async () => {
    proc.setSockets([
      { address: '127.0.0.1', port: 3003, inode: 1300 },
      { address: '127.0.0.1', port: 3003, inode: 1301, state: 'established' },
    ]);
    const listeners = await new LinuxPortTable({ procRoot: proc.root }).scan();
    expect(listeners.map((l) => l.port)).toEqual([3003]);
  });

  it('get() and list() read processes; get() refuses non-PIDs', async () => {
    proc.addProcess({ pid: 10, comm: 'init-ish', ppid: 0 });
    proc.addProcess({ pid: 11, comm: 'child', ppid: 10 });
    const table = new LinuxPortTable({ procRoot: proc.root });
    expect((await table.get(11))?.ppid).toBe(10);
    expect(await table.get(12)).toBeNull();
    expect(await table.get(-1)).toBeNull();
    expect((await table.list()).map((p) => p.pid).sort()).toEqual([10, 11]);
  });
});

asAnotherUser().describe('LinuxPortTable over a fake /proc, scanned by another user', () => {
  const bundle = bundleForAnotherUser({
    source: `import { LinuxPortTable } from './main/core/scan/linux/linux-port-table';
      console.log(JSON.stringify(new LinuxPortTable({ procRoot: process.argv[2] }).scanSync()));`,
  });
  afterAll(async () => (await bundle).dispose());

  it('says "needs elevated rights" when the holder\'s fds cannot be read', async () => {
    proc.setSockets([{ address: '127.0.0.1', port: 3004, uid: 0, inode: 1400 }]);
    const dir = proc.addProcess({ pid: 800, comm: 'rootd', sockets: { 3: 1400 } });
    chmodSync(join(dir, 'fd'), 0o700);
    const run = await runNodeAsNobody((await bundle).file, [proc.root]);
    expect(run.stderr).toBe('');
    const [l] = JSON.parse(run.stdout) as Listener[];
    expect(l).toMatchObject({
      port: 3004,
      owner: null,
      holders: [],
      ownerUnavailable: NEEDS_ELEVATED_RIGHTS,
      ownerHidden: 'EPERM',
      socketUid: 0,
    });
  });
});
