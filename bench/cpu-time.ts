import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time this process has run, in ms, from the scheduler's own count (the first field of each
 * thread's /proc/self/task/<tid>/schedstat, in ns). process.cpuUsage() is no use for fractions of
 * a percent where the kernel samples CPU time at each tick (CONFIG_TICK_CPU_ACCOUNTING, 4 ms at
 * HZ=250): a process that runs half a millisecond a second is charged 0 or 4 ms, at random.
 */
export function cpuMs(): number {
  let ns = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      ns += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      // the thread ended
    }
  }
  return ns / 1e6;
}

/** CPU time of the calling thread alone (the main thread: where the watcher polls), in ms. */
export function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
}
