import { processLabel } from '../../shared';
import { describeHolder, killIdentity } from '../kill';
import { isAlive } from '../process';
import type { ProcessInfo } from '../types';
import { isFromSpawn } from './judge';
import { decisiveLine, readLogTail } from './log-lines';
import type { RestartFailure } from './restart-result';
import type { Run } from './restart-run';
import type { SpawnedRecipe } from './spawn-recipe';

// The decisive line may sit above a long stack trace and a framework's shutdown chatter.
const LOG_SCAN_LINES = 400;

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function quoteLog(log: string | null): string {
  const line = log ? decisiveLine(readLogTail(log, LOG_SCAN_LINES)) : null;
  return line ? `: "${line.line}"` : '';
}

export async function currentOwner(run: Run): Promise<ProcessInfo | null> {
  return (await run.options.scanner.scan({ fresh: true })).find((l) => l.port === run.options.port)?.owner ?? null;
}

function ownerText(owner: ProcessInfo | null, port: number): string {
  return owner ? `port ${port} is owned by ${describeHolder(owner)}` : `nothing listens on port ${port}`;
}

export async function failExited(run: Run, spawned: SpawnedRecipe, startedAt: number): Promise<RestartFailure> {
  const exit = spawned.exit;
  const how = exit ? (exit.code !== null ? `with code ${exit.code}` : `on ${exit.signal}`) : '';
  const after = exit ? ` after ${seconds(exit.at - startedAt)}` : '';
  run.step('exited', `PID ${spawned.pid} exited ${how}${after}`);
  const owner = await currentOwner(run);
  const said = quoteLog(run.log) || ' without a word in its log';
  return run.fail(
    'wait-for-owner',
    'EXITED',
    `PID ${spawned.pid} exited ${how}${after}${said}; ${ownerText(owner, run.options.port)}`,
    owner
      ? `Something else holds the port: \`portwarden restart ${run.options.port}\` replaces it.`
      : 'Read the log, fix the error, and start again.',
    { owner },
  );
}

export async function failTimeout(run: Run, spawned: SpawnedRecipe, timeoutMs: number, other: ProcessInfo | null): Promise<RestartFailure> {
  const { scanner, port } = run.options;
  const all = await scanner.list();
  const elsewhere = (await scanner.scan())
    .filter((l) => l.port !== port && l.owner && isFromSpawn(l.owner, spawned.pid, all))
    .map((l) => l.port);
  const listens = elsewhere.length ? `; it listens on ${elsewhere.join(', ')} instead` : '';
  const reason = `PID ${spawned.pid} did not take port ${port} within ${seconds(timeoutMs)}${listens}; ${ownerText(other, port)}${quoteLog(run.log)}`;
  await stopSpawned(run, spawned.pid);
  return run.fail(
    'wait-for-owner',
    'TIMEOUT',
    reason,
    'Check that the command serves this port (PORT, --port), or raise restartTimeoutMs for a slow start.',
    {
      owner: other,
    },
  );
}

/** A failed start leaves nothing behind: every live process of the session Portwarden created. */
async function stopSpawned(run: Run, spawnedPid: number): Promise<void> {
  const { scanner } = run.options;
  const all = await scanner.list();
  const ours = all.filter((p) => isAlive(p) && isFromSpawn(p, spawnedPid, all));
  const pids = new Set(ours.map((p) => p.pid));
  const roots = ours.filter((p) => p.ppid === null || !pids.has(p.ppid));
  for (const root of roots) {
    const r = await killIdentity(root, { ...run.options.kill, scanner, graceMs: 1000, now: run.now });
    run.step(
      'stopped',
      r.ok ? `stopped what was started: ${r.killed.map(processLabel).join(', ')}` : `could not stop ${processLabel(root)}: ${r.message}`,
    );
  }
}
