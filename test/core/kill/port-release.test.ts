import { describe, expect, it } from 'vitest';
import { classifyRelease, releaseFailure } from '../../../main/core/kill/port-release';
import { listener, proc } from './process-fixtures';

const old = proc({ pid: 10 });

describe('classifyRelease', () => {
  it('is released when nothing listens', () => {
    expect(classifyRelease(undefined, [old])).toEqual({ state: 'released' });
  });

  it('is still held when a killed identity still holds the socket', () => {
    expect(classifyRelease(listener(3000, [old]), [old])).toEqual({ state: 'held', by: old });
  });

  it('is taken when another process listens, even under the old PID with a new start time', () => {
    const reused = proc({ pid: 10, startTime: 99 });
    expect(classifyRelease(listener(3000, [reused]), [old])).toMatchObject({ state: 'taken', by: reused });
  });
});

describe('releaseFailure', () => {
  it('names the new owner and its parent, the respawning supervisor', () => {
    const child = proc({ pid: 21, ppid: 20, argv: ['node', 'server.js'] });
    const parent = proc({ pid: 20, argv: ['node', '/usr/lib/node_modules/pm2/bin/pm2', 'start'] });
    const r = releaseFailure({ state: 'taken', by: child, parent, socketUid: 1000 }, 3000);
    expect(r.code).toBe('TAKEN');
    expect(r.message).toBe(
      'port 3000 was taken by another process: node (PID 21): `node server.js`, whose parent is node (PID 20): `node /usr/lib/node_modules/pm2/bin/pm2 start`',
    );
    expect(r.hint).toContain('supervisor');
  });

  it('says what it knows when the new owner is invisible', () => {
    expect(releaseFailure({ state: 'taken', by: null, parent: null, socketUid: 0 }, 80).message).toBe(
      'port 80 was taken by another process of uid 0 that Portwarden cannot see',
    );
  });
});
