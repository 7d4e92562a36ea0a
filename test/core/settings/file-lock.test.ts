import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockError, lockPathFor, withFileLock, withFileLockSync } from '../../../main/core/settings/file-lock';

let dir: string;
let target: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-lock-'));
  target = join(dir, 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const startTicks = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[19]!;
const plantLock = (holder: object, ageMs = 0) => {
  writeFileSync(lockPathFor(target), JSON.stringify({ nonce: 'planted', ...holder }));
  if (ageMs) utimesSync(lockPathFor(target), new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
};
const fast = { timeoutMs: 300, staleMs: 60_000 };

describe('withFileLock', () => {
  it('runs one holder at a time, and leaves nothing behind', async () => {
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 10));
      inside--;
    };
    await Promise.all(Array.from({ length: 8 }, () => withFileLock(target, work)));
    expect(most).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('releases the lock when the work throws', async () => {
    await expect(withFileLock(target, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lockPathFor(target))).toBe(false);
    expect(withFileLockSync(target, () => 42)).toBe(42);
  });

  it('gives up on a live, fresh holder with one line naming the lock file and the holder', async () => {
    plantLock({ pid: process.pid, start: startTicks(process.pid) });
    const started = Date.now();
    const err = await withFileLock(target, () => 'never', fast).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockError);
    expect((err as LockError).message).toBe(
      `timed out after 300 ms waiting for the lock ${lockPathFor(target)} (held by PID ${process.pid}); if no portwarden is running, delete that file`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // The holder's lock is still there: giving up never removes it.
    expect(JSON.parse(readFileSync(lockPathFor(target), 'utf8')).nonce).toBe('planted');
    expect(() => withFileLockSync(target, () => 'never', fast)).toThrow(/timed out after 300 ms waiting for the lock/);
  });

  it.runIf(process.platform === 'linux')('takes over a lock whose holder has exited', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const pid = Number(gone.stdout.trim());
    plantLock({ pid, start: '12345' });
    expect(await withFileLock(target, () => 'mine', fast)).toBe('mine');
    expect(existsSync(lockPathFor(target))).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'takes over a lock whose PID is alive but now belongs to another process (another start time)',
    async () => {
      // The test process stands in for the newcomer on a reused PID.
      plantLock({ pid: process.pid, start: String(Number(startTicks(process.pid)) - 1) });
      expect(withFileLockSync(target, () => 'mine', fast)).toBe('mine');
    },
  );

  it('takes over a lock older than the bound even when its holder looks alive (hung, or stopped)', async () => {
    plantLock({ pid: process.pid, start: null }, 10_000);
    expect(await withFileLock(target, () => 'mine', { timeoutMs: 300, staleMs: 5000 })).toBe('mine');
  });

  it('judges an unreadable lock by its age alone', async () => {
    writeFileSync(lockPathFor(target), 'not json');
    await expect(withFileLock(target, () => 'x', fast)).rejects.toThrow(LockError);
    utimesSync(lockPathFor(target), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    expect(await withFileLock(target, () => 'mine', fast)).toBe('mine');
  });

  it('names the folder when the lock cannot be created there', async () => {
    const err = await withFileLock(join(dir, 'missing', 'settings.json'), () => 'x').catch((e: unknown) => e);
    expect((err as LockError).message).toMatch(
      /^could not create the lock .*settings\.json\.lock \(ENOENT\); check that .*missing is writable$/,
    );
  });
});
