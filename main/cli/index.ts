import { cliScanner } from '../core/scan';
import { runCli } from './run';

const chosen = cliScanner(process.argv[2], process.env);
if ('error' in chosen) {
  process.stderr.write(`${chosen.error}\n`);
  process.exit(2);
}

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

runCli(process.argv.slice(2), {
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
