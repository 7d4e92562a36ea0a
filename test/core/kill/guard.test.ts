import { describe, expect, it } from 'vitest';
import { checkIdentity, checkPermitted, type SelfFacts } from '../../../main/core/kill/guard';
import { ancestorPids } from '../../../main/core/process';
import { proc } from './process-fixtures';

const self: SelfFacts = { pid: 500, ancestors: new Set([400, 300]), uid: 1000 };

describe('checkIdentity', () => {
  it('allows the very process that was shown', () => {
    const p = proc({ pid: 42 });
    expect(checkIdentity({ pid: 42, startTime: p.startTime }, p)).toBeNull();
  });

  it('refuses a PID that now has another start time (PID reuse)', () => {
    const now = proc({ pid: 42, name: 'bash', startTime: Date.UTC(2030, 0, 1) });
    const r = checkIdentity({ pid: 42, startTime: Date.UTC(2029, 0, 1) }, now);
    expect(r?.code).toBe('STALE_IDENTITY');
    expect(r?.message).toContain('PID 42 now belongs to another process: bash');
    expect(r?.message).toContain('2029-01-01T00:00:00.000Z');
  });

  it('refuses a PID that runs nothing, or only a zombie', () => {
    expect(checkIdentity({ pid: 42, startTime: 1 }, null)?.code).toBe('NOT_FOUND');
    const zombie = proc({ pid: 42, state: 'zombie' });
    const r = checkIdentity({ pid: 42, startTime: zombie.startTime }, zombie);
    expect(r?.code).toBe('NOT_FOUND');
    expect(r?.message).toContain('zombie');
  });
});

describe('checkPermitted', () => {
  it.each([
    ['init', proc({ pid: 1, name: 'systemd' }), 'init system'],
    ['Portwarden itself', proc({ pid: 500 }), 'Portwarden itself'],
    ['an ancestor of Portwarden', proc({ pid: 300, name: 'bash' }), 'ancestors'],
    ['a Docker forwarder', proc({ pid: 77, name: 'docker-proxy', forwarder: 'docker-proxy' }), 'Docker'],
  ])('protects %s', (_what, p, text) => {
    const r = checkPermitted(p, self);
    expect(r?.code).toBe('PROTECTED');
    expect(r?.message).toContain(text);
  });

  it('refuses another user\'s process with "needs elevated rights" when not root', () => {
    const r = checkPermitted(proc({ pid: 77, uid: 0, user: 'root' }), self);
    expect(r?.code).toBe('EPERM');
    expect(r?.message).toBe('node (PID 77) belongs to user root: needs elevated rights to kill it');
  });

  it('lets root act on other users and everyone act on their own processes', () => {
    expect(checkPermitted(proc({ pid: 77, uid: 65534 }), { ...self, uid: 0 })).toBeNull();
    expect(checkPermitted(proc({ pid: 77, uid: 1000 }), self)).toBeNull();
    // Windows has no uids: the OS answers "access denied" instead.
    expect(checkPermitted(proc({ pid: 77, uid: null }), { ...self, uid: null })).toBeNull();
  });
});

describe('ancestorPids', () => {
  it('walks the parent chain inside one snapshot and stops at a loop or a missing parent', () => {
    const all = [proc({ pid: 500, ppid: 400 }), proc({ pid: 400, ppid: 300 }), proc({ pid: 300, ppid: 1 }), proc({ pid: 1, ppid: 0 })];
    expect([...ancestorPids(all, 500)]).toEqual([400, 300, 1]);
    expect([...ancestorPids([proc({ pid: 9, ppid: 8 }), proc({ pid: 8, ppid: 9 })], 9)]).toEqual([8, 9]);
  });
});
