// How long the app's thread is blocked while the service starts (its first, cold scan walks
// every process's fds synchronously), with the service on that thread and on a worker. Plain Node,
// the same split the app uses; a busy machine (processes with thousands of open files) makes the
// cold scan long enough to matter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPortwardenService, createWorkerService, type PortwardenService } from '../main/core/service';
import { defaultSettings } from '../main/core/settings/schema';
import { spawnBusyLoad, spawnListeners } from './children';
import type { BenchContext } from './context';
import { BUSY } from './scanner-bench';
import { formatMs, summarize } from './stats';

const TARGET_MS = 10;

/** The longest gap between 1 ms timer callbacks while `work` runs, less the 1 ms asked for. */
async function longestBlock(work: () => Promise<void>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  try {
    await work();
    await new Promise((r) => setTimeout(r, 5));
  } finally {
    clearInterval(timer);
  }
  return worst;
}

export async function runMainThreadBench(ctx: BenchContext): Promise<void> {
  const runs = ctx.quick ? 5 : 11;
  ctx.progress(`main thread: starting ${BUSY.sleepers} sleeping processes, ${BUSY.hogs} with ${BUSY.files} open files, 50 listeners…`);
  const load = await spawnBusyLoad(BUSY.sleepers, BUSY.hogs, BUSY.files);
  const listeners = await spawnListeners(50, 5);
  const home = mkdtempSync(join(tmpdir(), 'pw-bench-main-'));
  try {
    const options = {
      settings: { ...defaultSettings(), watchedPorts: [], httpPorts: [] },
      paths: { config: home, data: join(home, 'data'), logs: join(home, 'logs') },
    };
    const lines: string[] = [];
    for (const [label, create] of [
      ['in-process service', () => createPortwardenService(options)],
      ['worker-thread service', () => createWorkerService(options)],
    ] as [string, () => PortwardenService][]) {
      const blocks: number[] = [];
      for (let i = 0; i < runs; i++) {
        ctx.tick(`[main thread, ${label}] ${i + 1}/${runs}`);
        // A new service each run: its scanner has no cache, so start() is a cold scan.
        const service = create();
        blocks.push(await longestBlock(() => service.start()));
        await service.stop();
      }
      const s = summarize(blocks);
      lines.push(
        `${label}: longest block during start (cold scan) ${formatMs(s.median)} median, ${formatMs(Math.max(...blocks))} worst of ${runs}`,
      );
      // The median run: on two loaded cores a worst run also measures the OS scheduling the worker over us.
      if (label.startsWith('worker')) lines.push(`target < ${TARGET_MS} ms (median run): ${s.median < TARGET_MS ? 'met' : 'MISS'}`);
    }
    ctx.report('Main thread during a cold scan (busy machine, 1 ms timer lag probe)', lines);
  } finally {
    listeners.stop();
    load.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
