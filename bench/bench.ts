// `npm run bench` (bundled to dist/bench.js): how fast Portwarden answers "who owns which port",
// against what a user would otherwise reach for. Results on stdout, progress on stderr.
import { killAllChildren } from './children';
import type { BenchContext } from './context';
import { runCliStartBench } from './cli-start';
import { describeMachine, formatMachine } from './machine';
import { runMainThreadBench } from './main-thread';
import { runScannerBench } from './scanner-bench';
import { runWatcherBench } from './watcher';

const USAGE = 'usage: npm run bench [-- --quick]   (--quick: 100 listeners only, fewer runs)';

function createContext(quick: boolean): BenchContext {
  const tty = process.stderr.isTTY === true;
  return {
    quick,
    machine: describeMachine(),
    progress: (message) => process.stderr.write(tty ? `\r\x1b[K${message}` : `${message}\n`),
    tick: (message) => {
      if (tty) process.stderr.write(`\r\x1b[K${message}`);
    },
    report: (title, lines) => {
      if (tty) process.stderr.write('\r\x1b[K');
      process.stdout.write(`\n${title}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    },
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--quick');
  if (unknown.length) {
    process.stderr.write(`bench: unknown option ${unknown[0]}\n${USAGE}\n`);
    process.exit(2);
  }
  if (process.platform !== 'linux') {
    process.stderr.write('bench: the scanner benchmark measures the Linux procfs scanner; run it on Linux.\n');
    process.exit(2);
  }
  const ctx = createContext(args.includes('--quick'));
  const started = Date.now();
  process.stdout.write(`Portwarden benchmark${ctx.quick ? ' (--quick)' : ''}\n${formatMachine(ctx.machine)}\n`);

  await runCliStartBench(ctx);
  await runScannerBench(ctx);
  // Further sections take the same context, one call each.
  await runWatcherBench(ctx);
  await runMainThreadBench(ctx);

  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stdout.write(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

main().then(
  () => {
    killAllChildren();
    process.exit(0);
  },
  (err: unknown) => {
    killAllChildren();
    process.stderr.write(`\nbench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
