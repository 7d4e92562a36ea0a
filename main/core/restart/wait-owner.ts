import type { Listener, ProcessInfo } from '../types';
import { sleep } from '../wait';
import { judgeOwner } from './judge';
import type { RestartFailure } from './restart-result';
import { interrupted, type Run } from './restart-run';

const POLL_MS = 100;

/** What the new owner must come from, and how a wait for it ends when it does not. */
export interface OwnerWait {
  /** The process whose descendants (or session members) may own the port: what was spawned, or a manager. */
  fromPid: number;
  /** Whether that process has exited (a manager never does while we wait). */
  exited(): boolean;
  deadline: number;
  onGone(): Promise<RestartFailure>;
  onTimeout(other: ProcessInfo | null): Promise<RestartFailure>;
}

export interface Owned {
  owner: ProcessInfo;
  listener: Listener;
}

/** Polls until the OS says the port belongs to `fromPid` or a descendant, under a new identity. */
export async function waitForOwner(run: Run, wait: OwnerWait): Promise<Owned | RestartFailure> {
  const { port, scanner } = run.options;
  for (;;) {
    const listener = (await scanner.scan()).find((l) => l.port === port);
    const all = await scanner.list();
    const j = judgeOwner({ listener, spawnedPid: wait.fromPid, exited: wait.exited(), all, old: run.old });
    if (j.kind === 'ours' && listener) return { owner: j.owner, listener };
    if (j.kind === 'gone') return wait.onGone();
    if (run.options.signal?.aborted) return interrupted(run, 'wait-for-owner');
    if (run.now() >= wait.deadline) return wait.onTimeout(j.kind === 'wait' ? j.other : null);
    await sleep(POLL_MS);
  }
}

/** Whether the owner (or what started it) is still there: a probe retry must not outwait a dead server. */
export async function stillFrom(run: Run, wait: OwnerWait): Promise<boolean> {
  const { port, scanner } = run.options;
  const still = (await scanner.scan()).find((l) => l.port === port);
  return (
    judgeOwner({ listener: still, spawnedPid: wait.fromPid, exited: wait.exited(), all: await scanner.list(), old: run.old }).kind !==
    'gone'
  );
}
