// `portwarden who <port>` as a whole process against `node -e 0`, in the same run: what a user
// waits for is Node's own start plus everything the CLI loads and scans, so the ratio is the
// CLI's own price. Runs are interleaved so load from elsewhere hits both alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnGroup, stopGroup } from './children';
import type { BenchContext } from './context';
import { formatMs, summarize } from './stats';

const TARGET_RATIO = 1.6;
const LISTENER_SCRIPT = `
const server = require('node:net').createServer();
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', () => process.exit(0)).resume();
`;

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited with ${run.status}: ${run.stderr.toString().trim()}`);
  return ms;
}

export async function runCliStartBench(ctx: BenchContext): Promise<void> {
  const cli = join(__dirname, '..', 'bin', 'portwarden.js');
  const runs = ctx.quick ? 15 : 31;
  const { child, line } = await spawnGroup(process.execPath, ['-e', LISTENER_SCRIPT], 'the CLI bench listener');
  const home = mkdtempSync(join(tmpdir(), 'pw-bench-cli-'));
  try {
    const lines: string[] = [];
    // Without a settings file nothing is validated; with one, the schema (and zod) is loaded.
    for (const [label, settings] of [
      ['no settings file', null],
      ['a settings file', '{ "pollIntervalMs": 1000 }\n'],
    ] as const) {
      if (settings) writeFileSync(join(home, 'settings.json'), settings);
      const env = { ...process.env, PORTWARDEN_HOME: home };
      const node: number[] = [];
      const who: number[] = [];
      wallMs(['-e', '0'], env);
      wallMs([cli, 'who', line.trim()], env);
      for (let i = 0; i < runs; i++) {
        ctx.tick(`[cli start, ${label}] ${i + 1}/${runs}`);
        node.push(wallMs(['-e', '0'], env));
        who.push(wallMs([cli, 'who', line.trim()], env));
      }
      const n = summarize(node).median;
      const w = summarize(who).median;
      const ratio = w / n;
      lines.push(
        `${label}: who ${formatMs(w)}, node -e 0 ${formatMs(n)} (medians of ${runs}): ${ratio.toFixed(2)}x, target < ${TARGET_RATIO}x: ${ratio < TARGET_RATIO ? 'met' : 'MISS'}`,
      );
    }
    ctx.report('CLI start: `portwarden who <port>` as a whole process', lines);
  } finally {
    stopGroup(child);
    rmSync(home, { recursive: true, force: true });
  }
}
