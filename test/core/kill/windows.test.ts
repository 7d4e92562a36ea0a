import { describe, expect, it } from 'vitest';
import { killIdentity } from '../../../main/core/kill';
import { describeTaskkill, taskkillCommand, type CommandSpec } from '../../../main/core/kill/windows';
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
    // taskkill's English wording, verdict line then `Reason:` line, CRLF as the console writes it.
    if (!spec.args.includes('/F')) {
      return {
        code: 1,
        stdout: '',
        stderr:
          'ERROR: The process with PID 4242 (child process of PID 900) could not be terminated.\r\nReason: This process can only be terminated forcefully (with /F option).\r\n',
      };
    }
    alive = alive.filter((p) => !spec.args.includes(String(p.pid)) && !spec.args.includes(String(p.ppid)));
    return { code: 0, stdout: 'SUCCESS: The process with PID 4242 (child process of PID 900) has been terminated.\r\n', stderr: '' };
  };
  return { scanner, runCommand, ran };
}

describe('describeTaskkill', () => {
  it('keeps the command, the exit code, and the first and last lines taskkill printed', () => {
    const spec = taskkillCommand([17], true);
    expect(describeTaskkill(spec, { code: 128, stdout: '', stderr: 'ERROR: The process "17" not found.\r\n' })).toBe(
      '`taskkill /PID 17 /T /F` exit 128: ERROR: The process "17" not found.',
    );
    expect(describeTaskkill(spec, { code: 0, stdout: '', stderr: '' })).toBe('`taskkill /PID 17 /T /F` exit 0: no output');
  });
});

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
    // Each taskkill step says what ran, its exit code and what taskkill answered.
    const detail = (name: string) => result.steps.find((s) => s.step === name)!.detail;
    expect(detail('taskkill')).toBe(
      'asked 1 process to stop; taskkill /F follows in 20 ms; `taskkill /PID 4242 /T` exit 1: ' +
        'ERROR: The process with PID 4242 (child process of PID 900) could not be terminated. Reason: This process can only be terminated forcefully (with /F option).',
    );
    expect(detail('taskkill /F')).toMatch(
      / still running after 20 ms: forced; `taskkill \/PID 4242 \/T \/F` exit 0: SUCCESS: The process with PID 4242 \(child process of PID 900\) has been terminated\.$/,
    );
  });

  it('reports "needs elevated rights" when taskkill is denied', async () => {
    const server = proc({ pid: 4242, pgid: null, name: 'node.exe', uid: null });
    const scanner = { ...fakeWindows([server], 3000).scanner };
    const result = await killIdentity(server, {
      scanner,
      platform: 'win32',
      runCommand: async () => ({
        code: 1,
        stdout: '',
        stderr: 'ERROR: The process with PID 4242 could not be terminated.\nReason: Access is denied.',
      }),
      self: { pid: 1, uid: null },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('EPERM');
    expect(!result.ok && result.message).toContain('needs elevated rights');
  });
});
