import { probePathFor } from '../evidence';
import { probeHttp } from '../evidence';
import { processLabel } from '../../shared';
import { describeProcess, killIdentity } from '../kill';
import { isAlive } from '../process';
import { commandText, type Recipe } from '../recipes';
import type { Listener, ProcessInfo } from '../types';
import { sleep } from '../wait';
import { isFromSpawn, judgeOwner, judgeProbe } from './judge';
import { decisiveLine, readLogTail } from './log-lines';
import type { RestartAction, RestartFailure, RestartResult } from './restart-result';
import { interrupted, newRun, type RestartOptions, type Run, saveRunRecipe } from './restart-run';
import { logPathFor, type SpawnedRecipe, spawnRecipe } from './spawn-recipe';

const POLL_MS = 100;
const PROBE_RETRY_MS = 300;
// The decisive line may sit above a long stack trace and a framework's shutdown chatter.
const LOG_SCAN_LINES = 400;

/**
 * Spawns the recipe and waits for the OS to say the port belongs to it (or a descendant) under a
 * new identity, then for the HTTP probe; anything else ends as a failure that quotes the log.
 */
export async function launch(run: Run, recipe: Recipe): Promise<RestartResult> {
  const o = run.options;
  const { port, scanner } = o;
  const startedAt = run.now();
  const log = logPathFor(o.paths.logs, port, startedAt);
  const outcome = await spawnRecipe(recipe, log, o.paths.logs, run.now, run.runAs ?? null);
  if (!outcome.ok) return run.fail('spawn', 'SPAWN_FAILED', outcome.error, 'Check the command and the directory, or give one: `-- <command…>`.');
  run.log = log;
  const spawned = outcome.spawned;
  const info = await scanner.get(spawned.pid);
  run.spawned = { pid: spawned.pid, startTime: info?.startTime ?? startedAt };
  run.step('spawn', `started PID ${spawned.pid}: \`${commandText(recipe.command)}\` in ${recipe.cwd}; log ${log}`);

  const timeoutMs = recipe.timeoutMs ?? o.settings.restartTimeoutMs;
  const deadline = startedAt + timeoutMs;
  let owner: ProcessInfo;
  let listener: Listener | undefined;
  for (;;) {
    listener = (await scanner.scan()).find((l) => l.port === port);
    const all = await scanner.list();
    const j = judgeOwner({ listener, spawnedPid: spawned.pid, exited: spawned.exit !== null, all, old: run.old });
    if (j.kind === 'ours') {
      owner = j.owner;
      break;
    }
    if (j.kind === 'gone') return failExited(run, spawned, startedAt);
    if (o.signal?.aborted) return interrupted(run, 'wait-for-owner');
    if (run.now() >= deadline) return failTimeout(run, spawned, timeoutMs, j.other);
    await sleep(POLL_MS);
  }
  const relation = owner.pid === spawned.pid ? 'the started process' : `a descendant of PID ${spawned.pid}`;
  run.step('listening', `port ${port} is owned by ${processLabel(owner)}, ${relation}`);

  let probe: { status: number } | null = null;
  const path = recipe.probePath !== undefined ? recipe.probePath : probePathFor(port, o.settings);
  if (path === null) {
    run.step('probe', `not probed: port ${port} is not known to speak HTTP (settings: httpPorts)`);
  } else {
    const send = o.probe ?? probeHttp;
    let fivexx = 0;
    let last = 'no answer';
    for (;;) {
      const r = await send({ port, addresses: listener!.addresses, path, timeoutMs: o.settings.probeTimeoutMs });
      const j = judgeProbe(r, fivexx);
      if (j.kind === 'pass') {
        probe = j.status === null ? null : { status: j.status };
        run.step('probe', j.detail);
        break;
      }
      if (j.kind === 'fail') {
        return run.fail('probe', 'PROBE_FAILED', `${processLabel(owner)} owns port ${port} but ${j.detail}${quote(run.log)}`, 'It is still running: read its log, fix the error, and restart.', {
          owner,
          leftRunning: true,
        });
      }
      fivexx = r.status !== null && r.status >= 500 ? fivexx + 1 : 0;
      last = j.detail;
      const still = (await scanner.scan()).find((l) => l.port === port);
      const k = judgeOwner({ listener: still, spawnedPid: spawned.pid, exited: spawned.exit !== null, all: await scanner.list(), old: run.old });
      if (k.kind === 'gone') return failExited(run, spawned, startedAt);
      if (o.signal?.aborted) return interrupted(run, 'probe');
      if (run.now() >= deadline) {
        return run.fail('probe', 'PROBE_FAILED', `${processLabel(owner)} owns port ${port} but did not answer within ${seconds(timeoutMs)}: ${last}`, 'It is still running: it may need longer (restartTimeoutMs), or another probePath.', {
          owner,
          leftRunning: true,
        });
      }
      await sleep(PROBE_RETRY_MS);
    }
  }

  saveRunRecipe(run, recipe);
  const change = run.old ? `PID ${run.old.pid} → ${owner.pid}` : `PID ${owner.pid}`;
  run.step('verified', `port ${port}: ${change}${probe ? `, answers ${probe.status}` : ''}`);
  return {
    ok: true,
    action: run.action,
    port,
    old: run.old,
    new: owner,
    spawned: run.spawned,
    recipe,
    probe,
    timeline: run.timeline,
    log,
  };
}
async function currentOwner(run: Run): Promise<ProcessInfo | null> {
  return (await run.options.scanner.scan({ fresh: true })).find((l) => l.port === run.options.port)?.owner ?? null;
}

function ownerText(owner: ProcessInfo | null, port: number): string {
  return owner ? `port ${port} is owned by ${describeProcess(owner)}` : `nothing listens on port ${port}`;
}

function quote(log: string | null): string {
  const line = log ? decisiveLine(readLogTail(log, LOG_SCAN_LINES)) : null;
  return line ? `: "${line.line}"` : '';
}

async function failExited(run: Run, spawned: SpawnedRecipe, startedAt: number): Promise<RestartFailure> {
  const exit = spawned.exit;
  const how = exit ? (exit.code !== null ? `with code ${exit.code}` : `on ${exit.signal}`) : '';
  const after = exit ? ` after ${seconds(exit.at - startedAt)}` : '';
  run.step('exited', `PID ${spawned.pid} exited ${how}${after}`);
  const owner = await currentOwner(run);
  const said = quote(run.log) || ' without a word in its log';
  return run.fail(
    'wait-for-owner',
    'EXITED',
    `PID ${spawned.pid} exited ${how}${after}${said}; ${ownerText(owner, run.options.port)}`,
    owner ? `Something else holds the port: \`portwarden restart ${run.options.port}\` replaces it.` : 'Read the log, fix the error, and start again.',
    { owner },
  );
}

async function failTimeout(run: Run, spawned: SpawnedRecipe, timeoutMs: number, other: ProcessInfo | null): Promise<RestartFailure> {
  const { scanner, port } = run.options;
  const all = await scanner.list();
  const elsewhere = (await scanner.scan())
    .filter((l) => l.port !== port && l.owner && isFromSpawn(l.owner, spawned.pid, all))
    .map((l) => l.port);
  const listens = elsewhere.length ? `; it listens on ${elsewhere.join(', ')} instead` : '';
  const reason = `PID ${spawned.pid} did not take port ${port} within ${seconds(timeoutMs)}${listens}; ${ownerText(other, port)}${quote(run.log)}`;
  await stopSpawned(run, spawned.pid);
  return run.fail('wait-for-owner', 'TIMEOUT', reason, 'Check that the command serves this port (PORT, --port), or raise restartTimeoutMs for a slow start.', {
    owner: other,
  });
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
    run.step('stopped', r.ok ? `stopped what was started: ${r.killed.map(processLabel).join(', ')}` : `could not stop ${processLabel(root)}: ${r.message}`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * Starts `recipe` and verifies it took `options.port`; for callers that did their own kill (and
 * for the incident's test: a start on a port that is still held).
 */
export function launchAndVerify(recipe: Recipe, options: RestartOptions, action: RestartAction = 'start'): Promise<RestartResult> {
  const run = newRun(action, options);
  run.recipe = recipe;
  return launch(run, recipe);
}
