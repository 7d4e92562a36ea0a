import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import type { Listener } from '../../../main/core/types';
import { firstJsonLine, isAlive, killTracked, SERVER_SCRIPT, spawnTracked, startServer, track, waitFor } from '../../helpers/processes';
import { canRunAsNobody, startServerAsNobody } from '../../helpers/run-as-nobody';
import { linuxOnly } from '../../helpers/platform';

afterEach(killTracked);

const onPort = async (table: LinuxPortTable, port: number): Promise<Listener | undefined> =>
  (await table.scan()).find((l) => l.port === port);

function exited(pid: number): Promise<void> {
  return waitFor(() => !isAlive(pid) || undefined, 5000, `PID ${pid} to exit`).then(() => undefined);
}

linuxOnly('scans the real /proc').describe('LinuxPortTable with real processes', () => {
  it.each([
    ['IPv4 loopback', ['127.0.0.1'], false, ['127.0.0.1']],
    ['IPv4 wildcard', ['0.0.0.0'], false, ['0.0.0.0']],
    ['IPv6 loopback', ['::1'], false, ['::1']],
    ['IPv6 wildcard, IPv6 only', ['::'], true, ['::']],
    ['dual-stack wildcard', ['::'], false, ['::']],
    ['IPv4 and IPv6 loopback in one process', ['127.0.0.1', '::1'], false, ['127.0.0.1', '::1']],
  ])('%s: the address and the owner', async (_, hosts, ipv6Only, addresses) => {
    const before = Date.now();
    const server = await startServer({ hosts, ipv6Only });
    const l = await onPort(new LinuxPortTable(), server.port);
    expect(l?.addresses).toEqual(addresses);
    expect(l?.owner).toMatchObject({ pid: server.pid, ppid: process.pid, name: 'node', user: 'root', uid: 0, forwarder: null });
    // Caught at one instant: idle in epoll, or on a CPU when the machine is busy (GC, the other worker).
    expect(['sleeping', 'running']).toContain(l?.owner?.state);
    expect(l?.owner?.argv).toEqual([process.execPath, SERVER_SCRIPT, JSON.stringify({ hosts, ipv6Only })]);
    expect(l?.owner?.exe).toBe(realpathSync(process.execPath));
    expect(l?.holders.map((h) => h.pid)).toEqual([server.pid]);
    // btime has whole seconds, so the start time may read up to 1 s early; never later than now.
    expect(l!.owner!.startTime).toBeGreaterThanOrEqual(before - 1100);
    expect(l!.owner!.startTime).toBeLessThanOrEqual(Date.now());
  });

  it('reports several ports held by one process, each with the same owner', async () => {
    const script = `const net = require('node:net'); const ports = [];
      for (let i = 0; i < 3; i++) net.createServer().listen(0, '127.0.0.1', function () { ports.push(this.address().port); if (ports.length === 3) console.log(JSON.stringify(ports)); });`;
    const child = spawnTracked(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ports = await firstJsonLine<number[]>(child);
    const listeners = (await new LinuxPortTable().scan()).filter((l) => ports.includes(l.port));
    expect(listeners.map((l) => l.port).sort()).toEqual([...ports].sort());
    expect(new Set(listeners.map((l) => l.owner?.pid))).toEqual(new Set([child.pid]));
  });

  it('reports the cwd the server was started in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-cwd-'));
    try {
      const server = await startServer({}, { cwd: dir });
      expect((await onPort(new LinuxPortTable(), server.port))?.owner?.cwd).toBe(realpathSync(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws while listeners come and go mid-scan, cold or cached', async () => {
    const cached = new LinuxPortTable();
    let stop = false;
    let started = 0;
    const churn = (async () => {
      while (!stop) {
        const batch = Array.from({ length: 4 }, () => {
          const child = spawn(process.execPath, [SERVER_SCRIPT, JSON.stringify({ exitAfterMs: 5 + Math.floor(Math.random() * 40) })], {
            stdio: 'ignore',
          });
          track(child.pid);
          started++;
          return new Promise((resolve) => child.once('exit', resolve));
        });
        await Promise.all(batch);
      }
    })();
    let scans = 0;
    try {
      const deadline = Date.now() + 2000;
      while (Date.now() < deadline || started < 20) {
        for (const listeners of [cached.scanSync(), new LinuxPortTable().scanSync(), cached.scanSync({ fresh: true })]) {
          for (const l of listeners) expect(l.owner === null ? l.ownerUnavailable : l.owner.pid).toBeTruthy();
        }
        scans += 3;
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      stop = true;
      await churn;
    }
    expect(scans).toBeGreaterThan(0);
    expect(started).toBeGreaterThanOrEqual(20);
  });

  it('reports both holders of an inherited socket, the parent as owner; the child once the parent is killed', async () => {
    const server = await startServer({ shareWithChild: true });
    const table = new LinuxPortTable();
    const shared = await onPort(table, server.port);
    expect(shared?.holders.map((h) => h.pid).sort()).toEqual([server.pid, server.childPid].sort());
    expect(shared?.owner?.pid).toBe(server.pid);

    process.kill(server.pid, 'SIGKILL');
    await exited(server.pid);
    const after = await onPort(table, server.port);
    expect(after?.owner?.pid).toBe(server.childPid);
    expect(after?.holders.map((h) => h.pid)).toEqual([server.childPid]);
    expect((await onPort(new LinuxPortTable(), server.port))?.owner?.pid).toBe(server.childPid);
  });

  it('sees a new owner on the same port with a cached table (kill, then restart on that port)', async () => {
    const table = new LinuxPortTable();
    const first = await startServer();
    const before = await onPort(table, first.port);
    expect(before?.owner?.pid).toBe(first.pid);

    process.kill(first.pid, 'SIGKILL');
    await exited(first.pid);
    expect(await onPort(table, first.port)).toBeUndefined();
    const second = await startServer({ port: first.port });
    const after = await onPort(table, first.port);
    expect(after?.owner?.pid).toBe(second.pid);
    expect(after?.owner?.startTime).toBeGreaterThanOrEqual(before!.owner!.startTime);
  });

  it.runIf(canRunAsNobody)("shows another user's server with that user", async () => {
    const { pid, port } = await startServerAsNobody();
    const l = await onPort(new LinuxPortTable(), port);
    expect(l?.owner).toMatchObject({ pid, user: 'nobody', uid: 65534 });
    expect(l?.socketUid).toBe(65534);
  });
});

afterAll(killTracked);
