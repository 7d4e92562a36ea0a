import { closeSync, openSync } from 'node:fs';
import { identityKey } from '../../identity-key';
import type { ProcessInfo } from '../../types';
import { readStatAt, refreshState, withStat } from './proc-process';

// An open /proc/<pid>/stat is bound to that process, not to its number: once it exits, reads
// fail with ESRCH, even after the PID is re-used. So a kept fd is an identity check and a state
// read in one pread, where reading by path costs an open, a read and a close each poll (three
// quarters of a warm scan that watches 50 servers).

/** Kept fds are released when their table is collected; a CLI process just exits. */
const release = new FinalizationRegistry<Map<string, number>>((fds) => {
  for (const fd of fds.values()) closeQuietly(fd);
});

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/** Bounded, so a machine with thousands of listening processes does not run Portwarden out of fds. */
export const MAX_KEPT_STAT_FDS = 256;

/** One open /proc/<pid>/stat per known holder, read again each scan. */
export class StatHandles {
  private readonly fds = new Map<string, number>();

  constructor(
    private readonly procRoot: string,
    private readonly limit = MAX_KEPT_STAT_FDS,
  ) {
    release.register(this, this.fds);
  }

  /** How many fds are kept open now. */
  get size(): number {
    return this.fds.size;
  }

  /** `known` as it is now (see withStat); null once that process is gone, whoever has its PID now. */
  refresh(known: ProcessInfo, bootTime: number): ProcessInfo | null {
    const key = identityKey(known);
    let fd = this.fds.get(key);
    if (fd === undefined) {
      if (this.fds.size >= this.limit) return refreshState(this.procRoot, known, bootTime);
      try {
        fd = openSync(`${this.procRoot}/${known.pid}/stat`, 'r');
      } catch {
        return null;
      }
      this.fds.set(key, fd);
    }
    // Opened by path just now, the PID may already have been someone else's: withStat checks the start time.
    const now = withStat(known, readStatAt(fd), bootTime);
    if (!now) this.drop(key);
    return now;
  }

  /** Closes the fds of processes that are no longer among `holders` (identityKey of each). */
  retain(holders: ReadonlySet<string>): void {
    for (const key of this.fds.keys()) if (!holders.has(key)) this.drop(key);
  }

  private drop(key: string): void {
    const fd = this.fds.get(key);
    if (fd === undefined) return;
    this.fds.delete(key);
    closeQuietly(fd);
  }
}
