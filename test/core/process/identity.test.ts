import { describe, expect, it } from 'vitest';
import { identityId, isAlive, parseIdentityId, sameIdentity } from '../../../main/core/process';

describe('identity', () => {
  it('round-trips through its string id', () => {
    const id = { pid: 4242, startTime: Date.parse('2026-12-02T10:02:03.123Z') };
    expect(identityId(id)).toBe('4242@2026-12-02T10:02:03.123Z');
    expect(parseIdentityId('4242@2026-12-02T10:02:03.123Z')).toEqual(id);
    expect(sameIdentity(parseIdentityId(identityId(id))!, id)).toBe(true);
  });

  it.each(['4242', '4242@', '@2026-12-02T10:02:03.123Z', '0@2026-12-02T10:02:03.123Z', '12@yesterday', '-3@2026-12-02T10:02:03Z'])(
    'refuses %j',
    (text) => expect(parseIdentityId(text)).toBeNull(),
  );

  it('tells PID reuse apart', () => {
    expect(sameIdentity({ pid: 1, startTime: 5 }, { pid: 1, startTime: 6 })).toBe(false);
  });
});

describe('isAlive', () => {
  it('counts a zombie as dead, in a snapshot and now', () => {
    expect(isAlive({ pid: process.pid, state: 'zombie' })).toBe(false);
    expect(isAlive({ pid: process.pid, state: 'zombie' }, 'now')).toBe(false);
    expect(isAlive({ pid: process.pid, state: 'running' }, 'now')).toBe(true);
    expect(isAlive(null)).toBe(false);
  });

  it('asks the OS when told to: a PID nobody has is dead', () => {
    // pid_max is at most 2^22 on Linux: this PID cannot exist.
    expect(isAlive({ pid: 2 ** 22 + 7, state: 'running' }, 'now')).toBe(false);
    expect(isAlive({ pid: 2 ** 22 + 7, state: 'running' })).toBe(true);
  });
});
