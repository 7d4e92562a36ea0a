import { LinuxPortTable } from '../main/core/scan/linux/linux-port-table';
import { renderTable } from '../main/cli/table';
import { spawnBusyLoad, spawnListeners, type Holders } from './children';
import { contenders } from './contenders';
import type { BenchContext } from './context';
import { processCount } from './machine';
import { formatMs, measure, type Samples } from './stats';

const HOLDER_PROCESSES = 5;
export const BUSY = { sleepers: 500, hogs: 2, files: 4000 };

interface Row {
  scenario: string;
  listeners: number;
  contender: string;
  samples: Samples | null;
  unavailable: string | null;
}

/** Every listener of the holders must be seen with its owner, or the timings mean nothing. */
function checkScanSeesAll(holders: Holders, expected: number): void {
  const pids = new Set(holders.pids);
  const seen = new LinuxPortTable().scanSync().filter((l) => l.owner && pids.has(l.owner.pid)).length;
  if (seen !== expected) throw new Error(`the scanner saw ${seen} of the ${expected} benchmark listeners: not measuring a broken scan`);
}

async function measureSize(ctx: BenchContext, scenario: string, size: number): Promise<Row[]> {
  const holders = await spawnListeners(size, HOLDER_PROCESSES);
  try {
    checkScanSeesAll(holders, size);
    const rows: Row[] = [];
    for (const c of contenders(ctx.quick)) {
      const label = `[${scenario}, ${size} listeners] ${c.name}`;
      if (c.unavailable) {
        rows.push({ scenario, listeners: size, contender: c.name, samples: null, unavailable: c.unavailable });
        continue;
      }
      ctx.progress(`${label}…`);
      const samples = await measure(c.scan, { ...c.options, onProgress: (n) => ctx.tick(`${label}: ${n} runs`) });
      rows.push({ scenario, listeners: size, contender: c.name, samples, unavailable: null });
    }
    return rows;
  } finally {
    holders.stop();
  }
}

function ratio(a: Samples | null, b: Samples | undefined | null): string {
  if (!a || !b) return '-';
  const r = a.median / b.median;
  return r >= 100 ? `${r.toFixed(0)}×` : `${r.toFixed(1)}×`;
}

function renderRows(rows: Row[]): string[] {
  const find = (name: string) => rows.find((r) => r.contender === name)?.samples;
  const cold = find('Portwarden cold');
  const warm = find('Portwarden warm');
  return renderTable(
    ['method', 'runs', 'median', 'p95', 'vs PW cold', 'vs PW warm'],
    rows.map((r) =>
      r.samples
        ? [
            r.contender,
            String(r.samples.ms.length),
            formatMs(r.samples.median),
            formatMs(r.samples.p95),
            ratio(r.samples, cold),
            ratio(r.samples, warm),
          ]
        : [r.contender, '-', r.unavailable ?? '-', '', '', ''],
    ),
  ).split('\n');
}

function targets(rows: Row[]): string[] {
  const median = (scenario: string, size: number, name: string) =>
    rows.find((r) => r.scenario === scenario && r.listeners === size && r.contender === name)?.samples?.median;
  const lines: string[] = [];
  const check = (label: string, ok: boolean | undefined, measured: string) =>
    lines.push(`${ok === undefined ? 'n/a ' : ok ? 'PASS' : 'MISS'}  ${label}: ${measured}`);

  const warm100 = median('idle', 100, 'Portwarden warm');
  check('warm scan < 1 ms median at 100 listeners (idle)', warm100 === undefined ? undefined : warm100 < 1, formatMs(warm100 ?? NaN));
  const warmBusy = median('busy', 100, 'Portwarden warm');
  if (warmBusy !== undefined) check('warm scan < 1 ms median at 100 listeners (busy)', warmBusy < 1, formatMs(warmBusy));
  for (const scenario of ['idle', 'busy']) {
    for (const size of [...new Set(rows.map((r) => r.listeners))]) {
      const warm = median(scenario, size, 'Portwarden warm');
      const floor = median(scenario, size, 'procfs floor');
      if (warm !== undefined && floor !== undefined)
        check(`warm scan ≥ 3× under the procfs floor (${scenario}, ${size} listeners)`, floor / warm >= 3, `${(floor / warm).toFixed(1)}×`);
    }
  }
  for (const size of [...new Set(rows.map((r) => r.listeners))]) {
    const found = median('busy', size, 'Portwarden new sockets');
    const full = median('busy', size, 'Portwarden new sockets, full walk');
    if (found !== undefined && full !== undefined)
      lines.push(
        `      new sockets' owners, busy, ${size} listeners: ${formatMs(found)} looking where the socket can be, ${formatMs(full)} walking every process of its uid (${(full / found).toFixed(1)}×)`,
      );
  }

  for (const size of [...new Set(rows.map((r) => r.listeners))]) {
    const cold = median('idle', size, 'Portwarden cold');
    if (cold !== undefined) check(`cold scan < 15 ms median at ${size} listeners (idle)`, cold < 15, formatMs(cold));
  }
  for (const scenario of ['idle', 'busy']) {
    for (const size of [...new Set(rows.map((r) => r.listeners))]) {
      const siMedian = median(scenario, size, 'systeminformation');
      const cold = median(scenario, size, 'Portwarden cold');
      const warm = median(scenario, size, 'Portwarden warm');
      if (siMedian === undefined || cold === undefined || warm === undefined) continue;
      check(
        `≥ 20× faster than systeminformation, warm scan (${scenario}, ${size} listeners)`,
        siMedian / warm >= 20,
        `${(siMedian / warm).toFixed(0)}×`,
      );
      check(
        `≥ 20× faster than systeminformation, cold scan (${scenario}, ${size} listeners)`,
        siMedian / cold >= 20,
        `${(siMedian / cold).toFixed(0)}×`,
      );
    }
  }
  return lines;
}

/** Portwarden's scanner against systeminformation, ss and lsof, idle and busy, at several sizes. */
export async function runScannerBench(ctx: BenchContext): Promise<void> {
  const sizes = ctx.quick ? [100] : [10, 100, 500];
  const all: Row[] = [];
  for (const scenario of ['idle', 'busy'] as const) {
    let load: Holders | null = null;
    if (scenario === 'busy') {
      ctx.progress(`starting ${BUSY.sleepers} sleeping processes and ${BUSY.hogs} with ${BUSY.files} open files each…`);
      load = await spawnBusyLoad(BUSY.sleepers, BUSY.hogs, BUSY.files);
    }
    try {
      const procs = processCount();
      for (const size of sizes) {
        const rows = await measureSize(ctx, scenario, size);
        all.push(...rows);
        ctx.report(
          `${scenario} machine (${procs} processes${load ? `, ${BUSY.hogs} of them with ${BUSY.files} open files` : ''}), ${size} listeners in ${Math.min(HOLDER_PROCESSES, size)} processes`,
          renderRows(rows),
        );
      }
    } finally {
      load?.stop();
    }
  }
  const notes = contenders(ctx.quick)
    .filter((c) => c.note)
    .map((c) => `${c.name}: ${c.note}`);
  const source = new LinuxPortTable();
  ctx.report('targets (Linux)', [`listeners from: ${source.source} (${source.sourceReason})`, ...targets(all), '', ...notes]);
}
