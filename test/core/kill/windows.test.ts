import { describe, expect, it } from 'vitest';
import { killIdentity } from '../../../main/core/kill';
import { taskkillCommand, type CommandSpec } from '../../../main/core/kill/windows';
import type { Listener, ProcessInfo } from '../../../main/core/types';
import { listener, proc } from './process-fixtures';

describe('taskkillCommand', () => {
  it('asks the tree to close first, then forces it', () => {
    expect(taskkillCommand([4242], false)).toEqual({ command: 'taskkill', args: ['/PID', '4242', '/T'] });
    expect(taskkillCommand([4242, 17], true)).toEqual({ command: 'taskkill', args: ['/PID', '4242', '/PID', '17', '/T', '/F'] });
  });
});

/** A Windows machine as data: taskkill /F ends the processes it names; plain taskkill is ignored by node. */
function fakeWindows(processes: ProcessInfo[], port: number) {
  let alive = [...processes];
  const ran: CommandSpec[] = [];
  const scanner = {
    platform: 'win32',
    async list() {
      return alive;
    },
    async get(pid: number) {
      return alive.find((p) => p.pid === pid) ?? null;
    },
    async scan(): Promise<Listener[]> {
      const holders = alive.filter((p) => p.name === 'node.exe');
      return holders.length ? [listener(port, holders, null)] : [];
    },
  };
  const runCommand = async (spec: CommandSpec) => {
    ran.push(spec);
    if (!spec.args.includes('/F')) return { code: 1, stdout: '', stderr: 'ERROR: The process with PID 4242 could not be terminated. This process can only be terminated forcefully (with /F option).' };
    alive = alive.filter((p) => !spec.args.includes(String(p.pid)) && !spec.args.includes(String(p.ppid)));
    return { code: 0, stdout: 'SUCCESS', stderr: '' };
  };
  return { scanner, runCommand, ran };
}

describe('killIdentity on Windows', () => {
  it('runs taskkill /T, then /T /F for what still runs, then sees the port released', async () => {
    const server = proc({ pid: 4242, ppid: 900, pgid: null, sid: null, name: 'node.exe', uid: null });
    const shell = proc({ pid: 900, ppid: 1, pgid: null, sid: null, name: 'cmd.exe', uid: null });
    const win = fakeWindows([shell, server], 3000);
    const result = await killIdentity(server, {
      scanner: win.scanner,
      port: 3000,
      platform: 'win32',
      runCommand: win.runCommand,
      graceMs: 20,
      settleMs: 0,
      self: { pid: 1, uid: null },
    });
    expect(win.ran).toEqual([taskkillCommand([4242], false), taskkillCommand([4242], true)]);
    expect(result.ok).toBe(true);
    expect(result.killed).toEqual([{ pid: 4242, startTime: server.startTime, name: 'node.exe', signal: 'SIGKILL' }]);
    expect(result.steps.map((s) => s.step)).toEqual(['plan', 'taskkill', 'taskkill /F', 'exited', 'released']);
  });

  it('reports "needs elevated rights" when taskkill is denied', async () => {
    const server = proc({ pid: 4242, pgid: null, name: 'node.exe', uid: null });
    const scanner = { ...fakeWindows([server], 3000).scanner };
    const result = await killIdentity(server, {
      scanner,
      platform: 'win32',
      runCommand: async () => ({ code: 1, stdout: '', stderr: 'ERROR: The process with PID 4242 could not be terminated.\nReason: Access is denied.' }),
      self: { pid: 1, uid: null },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('EPERM');
    expect(!result.ok && result.message).toContain('needs elevated rights');
  });
});
