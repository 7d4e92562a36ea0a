import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs';
import { isAlive, spawnTracked } from './processes';

// PID reuse on demand: the kernel hands out the PID after the one written to ns_last_pid, so a
// process can be made to take a PID that a dead owner had. Writing it needs root (CAP_SYS_ADMIN
// in the PID namespace); anything else on the machine that forks in between takes the PID
// first, so each try checks what it got and tries again (under a loaded suite, hundreds of times).

const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';

function steeringProblem(): string | null {
  if (process.platform !== 'linux') return `PID reuse cannot be steered on ${process.platform} (no ${NS_LAST_PID})`;
  if (!existsSync(NS_LAST_PID)) return `${NS_LAST_PID} does not exist on this kernel`;
  try {
    accessSync(NS_LAST_PID, constants.W_OK);
  } catch (err) {
    return `${NS_LAST_PID} is not writable (${(err as NodeJS.ErrnoException).code}): steering PIDs needs root`;
  }
  return null;
}

/** Null where PIDs can be steered; otherwise the reason, for a skip line (`it.skipIf(pidReuseSkipReason)`). */
export const pidReuseSkipReason: string | null = steeringProblem();

/**
 * Spawns `command` so that it runs under `pid`, which must be free (its old owner dead and
 * reaped: a zombie still holds its PID). Tracked for killTracked(); throws after `tries` misses.
 */
export async function spawnWithPid(
  pid: number,
  command: string,
  args: string[],
  options: SpawnOptions = {},
  tries = 400,
): Promise<ChildProcess> {
  if (pidReuseSkipReason) throw new Error(pidReuseSkipReason);
  if (isAlive(pid)) throw new Error(`PID ${pid} is still in use; wait for its process to exit and be reaped`);
  for (let i = 0; i < tries; i++) {
    writeFileSync(NS_LAST_PID, String(pid - 1));
    const child = spawnTracked(command, args, options);
    if (child.pid === pid) return child;
    child.kill('SIGKILL');
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
  throw new Error(`could not get PID ${pid} in ${tries} tries: other processes kept forking in between`);
}
