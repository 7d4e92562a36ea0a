import { runCli } from '../../main/cli/run';
import type { Scanner } from '../../main/core/scan';
import { LinuxPortTable } from '../../main/core/scan/linux/linux-port-table';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs one CLI invocation in-process, as bin/portwarden.js would, capturing its output. */
export async function runInProcess(argv: string[], scanner: Scanner = new LinuxPortTable(), now = Date.now): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    scanner,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    now,
    isTTY: false,
    env: {},
    interrupted: new Promise(() => {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
