// The watcher's price and speed: CPU over a steady window at a 1 s poll with 50 listening HTTP
// servers (each its own process, so evidence is gathered per owner), and how long after an
// owner is killed the event arrives.
import { LinuxPortTable } from '../main/core/scan/linux/linux-port-table';
import { defaultSettings, type Settings } from '../main/core/settings/schema';
import type { WatchEvent } from '../main/core/types';
import { type Probe, probeHttp } from '../main/core/evidence';
import type { Scanner } from '../main/core/scan';
import { createWatcher } from '../main/core/watcher';
import type { ChildProcess } from 'node:child_process';
import { spawnGroup, stopGroup } from './children';
import { cpuMs, threadCpuMs } from './cpu-time';
import type { BenchContext } from './context';
import { formatMs, measure, summarize } from './stats';

const LISTENERS = 50;
const INTERVAL_MS = 1000;
const CPU_TARGET_PERCENT = 0.2;
const LATENCY_SLACK_MS = 100;

// A dev server stand-in that answers the watcher's probe; it exits when the benchmark's pipe closes.
const HTTP_SCRIPT = `
const server = require('node:http').createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', () => process.exit(0)).resume();
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  child: ChildProcess;
  port: number;
}

/** One watcher over the servers, reading the whole port table every poll. */
async function measureWatcher(ctx: BenchContext, servers: Server[], kills: Server[]): Promise<void> {
  const windowMs = ctx.quick ? 10_000 : 30_000;
  const ports = servers.map((s) => s.port);
  // Watched and probed like dev ports: the realistic worst case for a watcher. The polling is
  // measured again with the probes off: the target is the poll's; a probe's cost is the price of
  // one HTTP request, which only a longer probe interval lowers.
  const settings: Settings = { ...defaultSettings(), pollIntervalMs: INTERVAL_MS, watchedPorts: ports, httpPorts: ports };
  let probes = 0;
  const probe: Probe = (target) => {
    probes++;
    return probeHttp(target);
  };
  // The scanner's share is measured apart: it is the floor any poll pays, the rest is the
  // watcher's own. A scan is synchronous, so its wall time is its CPU time on a quiet machine.
  const table = new LinuxPortTable();
  let scanMs = 0;
  const scanner: Scanner = {
    platform: table.platform,
    scan: async (options) => {
      const before = performance.now();
      const listeners = table.scanSync(options);
      scanMs += performance.now() - before;
      return listeners;
    },
    get: (pid) => table.get(pid),
    list: () => table.list(),
  };
  const label = '[watcher]';
  const watcher = createWatcher({ scanner, settings, probe });
  // The whole process's CPU includes the benchmark's own (50 child processes to mind, this
  // loop): the main thread's, where the watcher polls, is given beside it.
  const cpuWindow = async (what: string) => {
    ctx.progress(`${label} CPU over ${windowMs / 1000} s at a ${INTERVAL_MS} ms poll, ${what}…`);
    const cpu0 = cpuMs();
    const main0 = threadCpuMs();
    const wall0 = performance.now();
    scanMs = 0;
    probes = 0;
    for (let s = 0; s < windowMs; s += 1000) {
      ctx.tick(`${label} CPU window (${what}): ${s / 1000}/${windowMs / 1000} s`);
      await sleep(1000);
    }
    const wall = performance.now() - wall0;
    return {
      wall,
      percent: ((cpuMs() - cpu0) / wall) * 100,
      mainPercent: ((threadCpuMs() - main0) / wall) * 100,
      scanPercent: (scanMs / wall) * 100,
      probes,
    };
  };
  try {
    const t0 = performance.now();
    const first = await watcher.tick();
    const coldMs = performance.now() - t0;
    await watcher.idle();
    const seen = first.ports.filter((p) => ports.includes(p.port) && p.listener?.owner).length;
    if (seen !== servers.length)
      throw new Error(`the watcher saw ${seen} of the ${servers.length} benchmark servers: not measuring a broken watcher`);

    ctx.progress(`${label} ticks where nothing changed…`);
    const warm = await measure(() => watcher.tick(), { warmup: 3, minIterations: 30, maxIterations: 200, budgetMs: 1000 });

    // Steady state as the app runs it: its own timer, probes at probeIntervalMs, evidence every 10 s.
    let ticks = 0;
    const offSnapshot = watcher.onDidChangeSnapshot(() => ticks++);
    watcher.start();
    // The polling first, with the probes off (the poll after new settings gathers evidence again:
    // let it settle), then with them on.
    watcher.updateSettings({ ...settings, httpPorts: [] });
    await sleep(2 * INTERVAL_MS);
    await watcher.idle();
    const polling = await cpuWindow('no HTTP probes');
    watcher.updateSettings(settings);
    await sleep(INTERVAL_MS);
    const probed = await cpuWindow(`${ports.length} ports probed every ${settings.probeIntervalMs / 1000} s`);
    offSnapshot();
    const probeMicros = probed.probes > 0 ? (((probed.percent - polling.percent) / 100) * probed.wall * 1000) / probed.probes : NaN;

    ctx.progress(`${label} detection latency over ${kills.length} kills…`);
    const latencies: number[] = [];
    for (const [i, victim] of kills.entries()) {
      // A random phase against the poll, so the worst case (just after a tick) shows up too.
      await sleep(Math.random() * INTERVAL_MS);
      const detected = new Promise<number>((resolve) => {
        const off = watcher.onDidEmitEvent((e: WatchEvent) => {
          if (e.port === victim.port && (e.type === 'owner-died' || e.type === 'released')) {
            off();
            resolve(performance.now());
          }
        });
      });
      const killedAt = performance.now();
      stopGroup(victim.child);
      const at = await Promise.race([detected, sleep(10 * INTERVAL_MS).then(() => NaN)]);
      latencies.push(at - killedAt);
      ctx.tick(`${label} kill ${i + 1}/${kills.length}: ${formatMs(at - killedAt)}`);
    }
    const latency = summarize(latencies.filter(Number.isFinite));
    const missed = latencies.filter((l) => !Number.isFinite(l)).length;
    const worst = missed ? Infinity : Math.max(...latencies);
    const latencyTarget = INTERVAL_MS + LATENCY_SLACK_MS;

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    ctx.report(
      `Watcher: ${servers.length} HTTP listeners (one process each), poll ${INTERVAL_MS} ms (the whole table every poll), probes every ${settings.probeIntervalMs / 1000} s, listeners from ${table.source}`,
      [
        `first tick (${servers.length} new owners: parent chains, evidence): ${formatMs(coldMs)}`,
        `full tick (tick()) with nothing changed: median ${formatMs(warm.median)}, p95 ${formatMs(warm.p95)} (${warm.ms.length} ticks)`,
        `${verdict(polling.percent < CPU_TARGET_PERCENT)}  CPU of the polling over ${(polling.wall / 1000).toFixed(0)} s: ${polling.percent.toFixed(3)}% of one core (target < ${CPU_TARGET_PERCENT}%), the main thread ${polling.mainPercent.toFixed(3)}%: scanner ${polling.scanPercent.toFixed(3)}%, the rest ${(polling.mainPercent - polling.scanPercent).toFixed(3)}%`,
        `      with the ${ports.length} ports also probed every ${settings.probeIntervalMs / 1000} s: ${probed.percent.toFixed(3)}% (${probed.probes} probes, ≈ ${Number.isFinite(probeMicros) ? probeMicros.toFixed(0) : '-'} µs of CPU each); ${ticks} snapshot changes in both windows`,
        `${verdict(worst <= latencyTarget)}  kill → event: median ${formatMs(latency.median)}, worst ${missed ? `${missed} never detected` : formatMs(worst)} over ${kills.length} kills (target ≤ ${latencyTarget} ms)`,
      ],
    );
  } finally {
    watcher.stop();
  }
}

/** The watcher as the app runs it: 50 servers, each its own process, watched and probed. */
export async function runWatcherBench(ctx: BenchContext): Promise<void> {
  const kills = ctx.quick ? 3 : 8;
  ctx.progress(`[watcher] starting ${LISTENERS} HTTP servers…`);
  const servers = await Promise.all(
    Array.from({ length: LISTENERS }, async (): Promise<Server> => {
      const { child, line } = await spawnGroup(process.execPath, ['-e', HTTP_SCRIPT], 'an HTTP server');
      return { child, port: Number(line) };
    }),
  );
  try {
    // The CPU window comes before the kills: it sees all 50 listeners.
    await measureWatcher(ctx, servers, servers.slice(0, kills));
  } finally {
    servers.forEach((s) => stopGroup(s.child));
  }
}
