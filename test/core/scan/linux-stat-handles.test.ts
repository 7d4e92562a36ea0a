import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { identityKey } from '../../../main/core/identity-key';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { readBootTime, readProcess, UserNames } from '../../../main/core/scan/linux/proc-process';
import { StatHandles } from '../../../main/core/scan/linux/stat-handles';
import type { Listener, ProcessInfo } from '../../../main/core/types';
import { pidReuseSkipReason, spawnWithPid } from '../../helpers/pid-reuse';
import { linuxOnly } from '../../helpers/platform';
import { isAlive, killTracked, spawnTracked, startServer, waitFor } from '../../helpers/processes';

// The kept /proc/<pid>/stat fds of the warm scan, against real processes: an fd reads the
// process it was opened on, its state as it is now, and nothing once that process is gone.

afterEach(killTracked);

if (pidReuseSkipReason) console.log(`SKIP the re-used PID case: ${pidReuseSkipReason}`);

const boot = readBootTime('/proc');
const users = new UserNames();
const describeNow = (pid: number): ProcessInfo => readProcess('/proc', pid, boot, users)!;
/** This process's fds open on /proc/<pid>/stat (other threads of the test runner open files too). */
const statFdsOf = (pid: number) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === `/proc/${pid}/stat`;
    } catch {
      return false;
    }
  }).length;

async function reaped(child: ReturnType<typeof spawnTracked>): Promise<void> {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => !isAlive(child.pid!) || undefined, 5000, `PID ${child.pid} to be reaped`);
}

linuxOnly('reads the real /proc').describe('StatHandles', () => {
  it('reads the state as it is now through the kept fd, and null once the process is gone', async () => {
    const child = spawnTracked('sleep', ['30'], { stdio: 'ignore' });
    const known = describeNow(child.pid!);
    const handles = new StatHandles('/proc');
    expect(handles.refresh(known, boot)).toMatchObject({ pid: known.pid, startTime: known.startTime });
    expect(handles.size).toBe(1);
    expect(statFdsOf(known.pid)).toBe(1);

    process.kill(child.pid!, 'SIGSTOP');
    const stopped = await waitFor(() => {
      const now = handles.refresh(known, boot);
      return now?.state === 'stopped' ? now : undefined;
    });
    expect(stopped).toMatchObject({ pid: child.pid, startTime: known.startTime });
    process.kill(child.pid!, 'SIGCONT');

    await reaped(child);
    expect(handles.refresh(known, boot)).toBeNull();
    expect(handles.size).toBe(0);
    expect(statFdsOf(known.pid)).toBe(0);
  });

  it.skipIf(pidReuseSkipReason !== null)('never reads the process that took a dead holder’s PID', async () => {
    const first = spawnTracked('sleep', ['30'], { stdio: 'ignore' });
    const known = describeNow(first.pid!);
    const handles = new StatHandles('/proc');
    expect(handles.refresh(known, boot)).toMatchObject({ pid: known.pid, startTime: known.startTime });
    await reaped(first);
    // Start times count in 10 ms ticks: the newcomer must start in a later one to be told apart by path.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await spawnWithPid(known.pid, 'sleep', ['31'], { stdio: 'ignore' });
    expect(second.pid).toBe(known.pid);
    expect(describeNow(known.pid).startTime).toBeGreaterThan(known.startTime);
    expect(handles.refresh(known, boot), 'through the fd kept since before the exit').toBeNull();
    // By path too, once no fd is kept (or over the limit): the start time tells them apart.
    expect(new StatHandles('/proc', 0).refresh(known, boot), 'by path').toBeNull();
  });

  it('keeps at most its limit of fds (reading by path beyond it), and closes those of processes that left', async () => {
    const children = [0, 1, 2].map(() => spawnTracked('sleep', ['30'], { stdio: 'ignore' }));
    const infos = children.map((c) => describeNow(c.pid!));
    const handles = new StatHandles('/proc', 2);
    for (const info of infos) expect(handles.refresh(info, boot)).toMatchObject({ pid: info.pid, startTime: info.startTime });
    expect(handles.size).toBe(2);
    expect(infos.map((i) => statFdsOf(i.pid))).toEqual([1, 1, 0]);
    handles.retain(new Set([identityKey(infos[0]!)]));
    expect(handles.size).toBe(1);
    expect(infos.map((i) => statFdsOf(i.pid))).toEqual([1, 0, 0]);
    handles.retain(new Set());
    expect(statFdsOf(infos[0]!.pid)).toBe(0);
  });
});

linuxOnly('scans the real /proc').describe('LinuxPortTable warm scans', () => {
  it('see a server stopped and continued at the next scan, and keep one fd per holder, closed when it leaves', async () => {
    const server = await startServer({ hosts: ['127.0.0.1', '::1'] });
    const table = new LinuxPortTable();
    const owner = async () => (await table.scan()).find((l) => l.port === server.port)?.owner;
    // One fd per holding process on the machine (not per socket: this server holds two).
    const holders = (listeners: Listener[]) => new Set(listeners.flatMap((l) => l.holders.map((h) => `${h.pid}@${h.startTime}`)));
    expect((await owner())?.pid).toBe(server.pid);
    const warm = await table.scan(); // the first recheck opens the fds
    expect(table.keptStatFds).toBe(holders(warm).size);
    expect(holders(warm)).toContain(`${server.pid}@${warm.find((l) => l.port === server.port)?.owner?.startTime}`);

    process.kill(server.pid, 'SIGSTOP');
    await waitFor(async () => ((await owner())?.state === 'stopped' ? true : undefined), 5000, 'the stopped state');
    process.kill(server.pid, 'SIGCONT');
    await waitFor(async () => ((await owner())?.state !== 'stopped' ? true : undefined), 5000, 'the state after SIGCONT');

    process.kill(server.pid, 'SIGKILL');
    await waitFor(async () => ((await owner()) === undefined ? true : undefined), 5000, 'the port to be free');
    const after = await table.scan();
    expect([...holders(after)].some((k) => k.startsWith(`${server.pid}@`))).toBe(false);
    expect(table.keptStatFds).toBeLessThanOrEqual(holders(after).size);
  });
});
