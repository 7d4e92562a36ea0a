import { describe, expect, it } from 'vitest';
import { killRoots, planKill } from '../../../main/core/kill/plan';
import { survivors } from '../../../main/core/process';
import { proc } from './process-fixtures';

// npm (group 100) -> sh -c -> node server, which forked a worker that inherited the socket.
const shell = proc({ pid: 90, ppid: 1, pgid: 90, name: 'bash' });
const npm = proc({ pid: 100, ppid: 90, pgid: 100, name: 'npm' });
const sh = proc({ pid: 101, ppid: 100, pgid: 100, name: 'sh' });
const server = proc({ pid: 102, ppid: 101, pgid: 100 });
const worker = proc({ pid: 103, ppid: 102, pgid: 100 });
const all = [shell, npm, sh, server, worker];

describe('killRoots', () => {
  it('adds every holder of the socket when the target holds it, even one that is not its descendant', () => {
    const orphanHolder = proc({ pid: 200, ppid: 1, pgid: 100 });
    expect(killRoots([...all, orphanHolder], server, [server, orphanHolder]).map((p) => p.pid)).toEqual([102, 200]);
  });

  it('adds the holders when the target is the launcher whose descendant holds the port', () => {
    expect(killRoots(all, npm, [server, worker]).map((p) => p.pid)).toEqual([100, 102, 103]);
  });

  it('leaves holders alone that are unrelated to the target (someone else took the port)', () => {
    const stranger = proc({ pid: 300 });
    expect(killRoots([...all, stranger], server, [stranger]).map((p) => p.pid)).toEqual([102]);
  });
});

describe('planKill', () => {
  it('signals a process group when the group holds nothing but the tree', () => {
    const plan = planKill(all, [npm]);
    expect(plan.targets.map((p) => p.pid)).toEqual([100, 101, 102, 103]);
    expect(plan.groups).toEqual([100]);
    expect(plan.singles).toEqual([]);
  });

  it('signals one by one when the group also holds processes outside the tree', () => {
    const plan = planKill(all, [server]);
    expect(plan.targets.map((p) => p.pid)).toEqual([102, 103]);
    expect(plan.groups).toEqual([]);
    expect(plan.singles.map((p) => p.pid)).toEqual([102, 103]);
  });

  it('never signals group 0 or 1, or a process with no group', () => {
    const a = proc({ pid: 10, pgid: 1 });
    const b = proc({ pid: 11, pgid: null });
    const plan = planKill([a, b], [a, b]);
    expect(plan.groups).toEqual([]);
    expect(plan.singles.map((p) => p.pid)).toEqual([10, 11]);
  });
});

describe('survivors', () => {
  it('keeps only processes still running under the same identity; zombies and reused PIDs are dead', () => {
    const now = [
      proc({ pid: 102 }),
      proc({ pid: 103, state: 'zombie' }),
      proc({ pid: 101, startTime: 5 }), // reused PID
    ];
    expect(survivors(now, [server, worker, sh, npm]).map((p) => p.pid)).toEqual([102]);
  });
});
