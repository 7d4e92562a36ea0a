// `npm run bench` (bundled to dist/bench.js): how fast Portwarden answers "who owns which port",
// against what a user would otherwise reach for. Results on stdout, progress on stderr.
import { killAllChildren } from './children';
import type { BenchContext } from './context';
import { runCliStartBench } from './cli-start';
import { describeMachine, formatMachine } from './machine';
import { runMainThreadBench } from './main-thread';
import { runScannerBench } from './scanner-bench';
import { runWatcherBench } from './watcher';

// One entry per section, in the order a full run takes them; `--only <name>` runs one.
const SECTIONS = {
  'cli-start': runCliStartBench,
  scanner: runScannerBench,
  watcher: runWatcherBench,
  'main-thread': runMainThreadBench,
} as const satisfies Record<string, (ctx: BenchContext) => Promise<void>>;
type Section = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as Section[];

const USAGE = `usage: npm run bench [-- [--quick] [--only <section>]]   (--quick: 100 listeners only, fewer runs; sections: ${SECTION_NAMES.join(', ')})`;

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
  const parsed = parseBenchArgs(args);
  if ('error' in parsed) {
    process.stderr.write(`bench: ${parsed.error}\n${USAGE}\n`);
    process.exit(2);
  }
  if (process.platform !== 'linux') {
    process.stderr.write('bench: the scanner benchmark measures the Linux procfs scanner; run it on Linux.\n');
    process.exit(2);
  }
  const ctx = createContext(parsed.quick);
  const started = Date.now();
  const flags = [ctx.quick ? '--quick' : '', parsed.only ? `--only ${parsed.only}` : ''].filter(Boolean).join(' ');
  process.stdout.write(`Portwarden benchmark${flags ? ` (${flags})` : ''}\n${formatMachine(ctx.machine)}\n`);

  for (const name of parsed.only ? [parsed.only] : SECTION_NAMES) await SECTIONS[name](ctx);

  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stdout.write(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

function parseBenchArgs(args: string[]): { quick: boolean; only: Section | null } | { error: string } {
  let quick = false;
  let only: Section | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const name = arg === '--only' ? args[++i] : arg.slice('--only='.length);
      if (!name || !SECTION_NAMES.includes(name as Section)) return { error: `--only takes a section name, not ${name ?? 'nothing'}` };
      only = name as Section;
    } else return { error: `unknown option ${arg}` };
  }
  return { quick, only };
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
