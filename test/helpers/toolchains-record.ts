import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStat } from '../../main/core/scan/linux/proc-process';
import type { ProcessInfo } from '../../main/core/types';

export const LAUNCH_TREES = join(__dirname, '..', 'fixtures', 'launch-trees');
const REPO = join(__dirname, '..', '..');
/** Where the repository sat when a fixture was recorded, written in its place. */
export const RECORDED_REPO = '/home/dev/portwarden';

export interface LaunchTreeFixture {
  tool: string;
  /** `live`: the wrapper shell still runs; `orphaned`: it was SIGKILLed. */
  phase: 'live' | 'orphaned';
  command: string;
  port: number;
  owner: ProcessInfo;
  /** Nearest parent first. */
  chain: ProcessInfo[];
}

function scrub(p: ProcessInfo): ProcessInfo {
  const fix = (s: string) => s.split(REPO).join(RECORDED_REPO);
  return { ...p, argv: p.argv.map(fix), exe: p.exe && fix(p.exe), cwd: p.cwd && fix(p.cwd), name: fix(p.name) };
}

/** The test runner and everything above it (PID 1 included): no part of a launch tree, and machine-specific. */
function runnerAncestry(): Set<number> {
  const out = new Set<number>([1]);
  for (let pid = process.pid; pid > 1 && !out.has(pid); ) {
    out.add(pid);
    const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
    if (!stat) break;
    pid = stat.ppid;
  }
  return out;
}

/** With PORTWARDEN_RECORD=1 the conformance run writes what it saw, for the table-driven tests. */
export function recordLaunchTree(fixture: LaunchTreeFixture): void {
  if (process.env.PORTWARDEN_RECORD !== '1') return;
  const runner = runnerAncestry();
  const chain = fixture.chain.filter((p) => !runner.has(p.pid)).map(scrub);
  const out = { ...fixture, owner: scrub(fixture.owner), chain };
  writeFileSync(join(LAUNCH_TREES, `${fixture.tool}.${fixture.phase}.json`), `${JSON.stringify(out, null, 2)}\n`);
}
