import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseStat } from '../scan';
import { sleep } from '../wait';

// A lock file next to the file it guards, so every load-modify-save of that file (the CLI's
// `config set`, the app's save, a remembered recipe) runs one at a time across processes.
// The lock names its holder by (pid, start time): a crashed holder's PID may already belong to
// another process, so a live PID alone does not prove the lock is still held.

export interface LockOptions {
  /** How long to wait for a lock someone else holds before giving up. */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its holder looks alive (hung, or stopped with Ctrl-Z). */
  staleMs?: number;
  /** Where to read process start times (a fake /proc in tests). */
  procRoot?: string;
}

export const LOCK_TIMEOUT_MS = 8000;
export const LOCK_STALE_MS = 5000;
const RETRY_MS = 15;

interface Holder {
  pid: number;
  /** Linux: clock ticks after boot from /proc/<pid>/stat; null where the OS does not say cheaply. */
  start: string | null;
  nonce: string;
}

/** The lock could not be taken: the wait timed out, or the folder refused the lock file. */
export class LockError extends Error {
  constructor(
    message: string,
    readonly lockPath: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function lockPathFor(target: string): string {
  return `${target}.lock`;
}

function startOf(pid: number, procRoot: string): string | null {
  try {
    const stat = parseStat(readFileSync(`${procRoot}/${pid}/stat`, 'latin1'));
    return stat ? String(stat.startTicks) : null;
  } catch {
    return null;
  }
}

function readHolder(path: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.nonce !== 'string') return null;
    return {
      pid: parsed.pid,
      start: typeof parsed.start === 'string' ? parsed.start : null,
      nonce: parsed.nonce,
    };
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the lock can be taken over, or null while its holder still counts. */
function staleReason(holder: Holder | null, ageMs: number, options: Required<LockOptions>): string | null {
  if (ageMs > options.staleMs) return `older than ${options.staleMs} ms`;
  // Written in one step (link), so no content means a lock from another writer: judged by age alone.
  if (!holder) return null;
  if (!pidAlive(holder.pid)) return `holder PID ${holder.pid} is gone`;
  if (holder.start !== null) {
    const now = startOf(holder.pid, options.procRoot);
    if (now !== null && now !== holder.start) return `PID ${holder.pid} now belongs to another process`;
  }
  return null;
}

export interface HeldLock {
  path: string;
  release(): void;
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/**
 * Creates the lock in one step: the holder is written to a private file first and hard-linked
 * into place, so nobody ever reads a half-written lock, and link fails if the lock exists.
 */
function create(path: string, holder: Holder): boolean {
  const text = `${JSON.stringify({ ...holder, at: new Date().toISOString() })}\n`;
  const tmp = `${path}.${holder.nonce}`;
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(tmp, path);
      return true;
    } catch (err) {
      if (errno(err) === 'EEXIST') return false;
      // Some filesystems (FAT, some network mounts) have no hard links: exclusive create instead.
      if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(errno(err))) throw err;
      try {
        writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
        return true;
      } catch (inner) {
        if (errno(inner) === 'EEXIST') return false;
        throw inner;
      }
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already gone
    }
  }
}

/**
 * Removes a stale lock, but only the one that was judged: it is renamed away first and checked,
 * so a fresh lock another process created in the meantime is put back rather than deleted.
 */
function takeOver(path: string, judged: Holder | null, nonce: string): void {
  const aside = `${path}.stale-${nonce}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else removed it first
  }
  const moved = readHolder(aside);
  const same = judged === null ? moved === null : moved?.nonce === judged.nonce;
  if (!same) {
    try {
      linkSync(aside, path);
    } catch {
      // A third process locked in between; the holder we moved will find its lock gone at release.
    }
  }
  unlinkSync(aside);
}

/** One attempt: the lock, or null while a live holder has it. Stale locks are taken over on the way. */
function tryLock(path: string, self: Holder, options: Required<LockOptions>): HeldLock | null {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, self)) {
      return {
        path,
        release() {
          // Only our own: had we been taken over as stale, the lock now belongs to someone else.
          if (readHolder(path)?.nonce === self.nonce) unlinkSync(path);
        },
      };
    }
    let ageMs: number;
    try {
      ageMs = Date.now() - statSync(path).mtimeMs;
    } catch {
      continue; // released between our attempt and the look
    }
    const holder = readHolder(path);
    if (staleReason(holder, ageMs, options) === null) return null;
    takeOver(path, holder, self.nonce);
  }
  return null;
}

function withDefaults(options: LockOptions): Required<LockOptions> {
  return {
    timeoutMs: options.timeoutMs ?? LOCK_TIMEOUT_MS,
    staleMs: options.staleMs ?? LOCK_STALE_MS,
    procRoot: options.procRoot ?? '/proc',
  };
}

interface Waiter {
  path: string;
  self: Holder;
  options: Required<LockOptions>;
  deadline: number;
}

function waiter(target: string, options: LockOptions): Waiter {
  const opts = withDefaults(options);
  const self = {
    pid: process.pid,
    start: startOf(process.pid, opts.procRoot),
    // Required here: loading node:crypto is a cost `who` and `ls`, which never lock, should not pay.
    nonce: (require('node:crypto') as typeof import('node:crypto')).randomBytes(8).toString('hex'),
  };
  return {
    path: lockPathFor(target),
    self,
    options: opts,
    deadline: Date.now() + opts.timeoutMs,
  };
}

/** The lock, or null to wait and try again; a LockError once the wait is over or the folder refuses. */
function attempt(w: Waiter): HeldLock | null {
  let lock: HeldLock | null;
  try {
    lock = tryLock(w.path, w.self, w.options);
  } catch (err) {
    const code = errno(err);
    throw new LockError(`could not create the lock ${w.path} (${code}); check that ${dirname(w.path)} is writable`, w.path, code);
  }
  if (lock || Date.now() < w.deadline) return lock;
  const holder = readHolder(w.path);
  const who = holder ? `held by PID ${holder.pid}` : 'held by another process';
  const message = `timed out after ${w.options.timeoutMs} ms waiting for the lock ${w.path} (${who}); if no portwarden is running, delete that file`;
  throw new LockError(message, w.path, 'ETIMEDOUT');
}

// Jittered, so processes that collided once do not collide again in lockstep.
const retryMs = () => RETRY_MS + Math.random() * RETRY_MS;

/** Runs `fn` holding the lock for `target` (at `target.lock`); waits without blocking the event loop. */
export async function withFileLock<T>(target: string, fn: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const w = waiter(target, options);
  for (;;) {
    const lock = attempt(w);
    if (!lock) {
      await sleep(retryMs());
      continue;
    }
    try {
      return await fn();
    } finally {
      lock.release();
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** The same for synchronous callers; the wait blocks the thread, so keep `fn` short. */
export function withFileLockSync<T>(target: string, fn: () => T, options: LockOptions = {}): T {
  const w = waiter(target, options);
  for (;;) {
    const lock = attempt(w);
    if (!lock) {
      Atomics.wait(pause, 0, 0, retryMs());
      continue;
    }
    try {
      return fn();
    } finally {
      lock.release();
    }
  }
}
