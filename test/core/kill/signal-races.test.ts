import { describe, expect, it } from 'vitest';
import { killIdentity } from '../../../main/core/kill';
import type { CommandSpec } from '../../../main/core/kill/windows';
import type { Listener, ProcessInfo } from '../../../main/core/types';
import { proc } from './process-fixtures';

// The target exits between the snapshot the plan is made from and the signal, and its PID goes to
// a stranger at once. These races cannot be arranged with real processes on demand, so the
// machine is data: `list()` is the snapshot, `get()` is the moment the signal would be sent.

function raceMachine(snapshot: ProcessInfo[], now: ProcessInfo[]) {
  let listed = false;
  return {
    platform: 'linux',
    async list() {
      const all = listed ? now : snapshot;
      listed = true;
      return all;
    },
    async get(pid: number) {
      return now.find((p) => p.pid === pid) ?? null;
    },
    async scan(): Promise<Listener[]> {
      return [];
    },
  };
}

const self = { pid: 99_999, uid: 0 };

describe('killIdentity when the PID changes hands mid-kill', () => {
  it('sends no kill(-pgid) to a group whose planned members have all exited', async () => {
    const target = proc({ pid: 500, pgid: 500, sid: 400 });
    // Same PID, same number as its own group: a stranger that started after the target died.
    const stranger = proc({ pid: 500, pgid: 500, sid: 500, startTime: target.startTime + 5_000, name: 'postgres' });
    const sent: Array<[number, string]> = [];
    const result = await killIdentity(target, {
      scanner: raceMachine([target], [stranger]),
      sendSignal: (pid, sig) => void sent.push([pid, sig]),
      self,
      graceMs: 50,
    });
    expect(sent).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('signals a group while one of its planned members still runs in it', async () => {
    const leader = proc({ pid: 600, pgid: 600 });
    const child = proc({ pid: 601, ppid: 600, pgid: 600 });
    const sent: Array<[number, string]> = [];
    let alive = [leader, child];
    const machine = raceMachine([leader, child], []);
    machine.list = async () => alive;
    machine.get = async (pid: number) => alive.find((p) => p.pid === pid) ?? null;
    const result = await killIdentity(leader, {
      scanner: machine,
      sendSignal: (pid, sig) => {
        sent.push([pid, sig]);
        alive = [];
      },
      self,
      graceMs: 50,
    });
    expect(sent).toEqual([[-600, 'SIGTERM']]);
    expect(result.ok).toBe(true);
  });

  it('names no exited root to taskkill on Windows', async () => {
    const target = proc({ pid: 4242, pgid: null, sid: null, uid: null, name: 'node.exe' });
    const stranger = { ...target, startTime: target.startTime + 5_000, name: 'svchost.exe' };
    const ran: CommandSpec[] = [];
    const result = await killIdentity(target, {
      scanner: raceMachine([target], [stranger]),
      platform: 'win32',
      runCommand: async (spec) => {
        ran.push(spec);
        return { code: 0, stdout: 'SUCCESS', stderr: '' };
      },
      self: { pid: 1, uid: null },
      graceMs: 50,
    });
    expect(ran).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
