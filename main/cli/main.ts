import { cliScanner } from '../core/scan';
import type { CliContext } from './context';

// Commands that read the listener table once: one procfs read (3–10 ms) is cheaper than loading
// koffi for netlink (12–17 ms before its 0.1 ms dump). Commands that poll or wait keep netlink.
const ONE_SCAN = new Set(['who', 'ls']);

/** Runs one CLI invocation as this process: real stdout/stderr, Ctrl-C, and the exit code. */
export function main(run: (argv: string[], ctx: CliContext) => Promise<number>): void {
  const command = process.argv[2];
  const chosen = cliScanner(command, process.env, ONE_SCAN.has(command ?? '') ? { netlink: false } : {});
  if ('error' in chosen) {
    process.stderr.write(`${chosen.error}\n`);
    process.exit(2);
  }

  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

  run(process.argv.slice(2), {
    scanner: chosen.scanner,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    now: Date.now,
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    interrupted,
  }).then(
    (code) => {
      process.exitCode = code;
      // Commands that wait (watch) resolve on interrupt; anything left (timers, sockets) must not hold us.
      setImmediate(() => process.exit(code));
    },
    (err: unknown) => {
      process.stderr.write(`portwarden: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
