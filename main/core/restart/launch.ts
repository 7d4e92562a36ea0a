import { processLabel } from '../../shared';
import { commandText, type Recipe } from '../recipes';
import type { ProcessInfo } from '../types';
import { failExited, failTimeout } from './launch-failures';
import type { RestartAction, RestartResult } from './restart-result';
import { newRun, type RestartOptions, type Run, saveRunRecipe } from './restart-run';
import { logPathFor, spawnRecipe } from './spawn-recipe';
import { type OwnerWait, waitForOwner } from './wait-owner';
import { probePathOf, waitForProbe } from './wait-probe';

/**
 * Spawns the recipe and waits for the OS to say the port belongs to it (or a descendant) under a
 * new identity, then for the HTTP probe; anything else ends as a failure that quotes the log.
 * The recipe is remembered only once it produced that verified owner.
 */
export async function launch(run: Run, recipe: Recipe): Promise<RestartResult> {
  const o = run.options;
  const { port, scanner } = o;
  const startedAt = run.now();
  const log = logPathFor(o.paths.logs, port, startedAt);
  const outcome = await spawnRecipe(recipe, log, o.paths.logs, run.now, run.runAs ?? null);
  if (!outcome.ok)
    return run.fail('spawn', 'SPAWN_FAILED', outcome.error, 'Check the command and the directory, or give one: `-- <command…>`.');
  run.log = log;
  const spawned = outcome.spawned;
  const info = await scanner.get(spawned.pid);
  run.spawned = { pid: spawned.pid, startTime: info?.startTime ?? startedAt };
  run.step('spawn', `started PID ${spawned.pid}: \`${commandText(recipe.command)}\` in ${recipe.cwd}; log ${log}`);

  const timeoutMs = recipe.timeoutMs ?? o.settings.restartTimeoutMs;
  const wait: OwnerWait = {
    fromPid: spawned.pid,
    exited: () => spawned.exit !== null,
    deadline: startedAt + timeoutMs,
    onGone: () => failExited(run, spawned, startedAt),
    onTimeout: (other) => failTimeout(run, spawned, timeoutMs, other),
  };
  const owned = await waitForOwner(run, wait);
  if ('ok' in owned) return owned;
  const relation = owned.owner.pid === spawned.pid ? 'the started process' : `a descendant of PID ${spawned.pid}`;
  run.step('listening', `port ${port} is owned by ${processLabel(owned.owner)}, ${relation}`);
  const probe = await waitForProbe(run, owned, probePathOf(run, recipe.probePath), wait, timeoutMs);
  if (probe !== null && 'ok' in probe) return probe;

  saveRunRecipe(run, recipe);
  return verified(run, owned.owner, probe, { recipe, log, spawned: run.spawned });
}

/** The success result, once owner and probe are verified (also for a restart delegated to a manager). */
export function verified(
  run: Run,
  owner: ProcessInfo,
  probe: { status: number } | null,
  made: { recipe: Recipe; log: string; spawned: NonNullable<Run['spawned']> },
): RestartResult {
  const change = run.old ? `PID ${run.old.pid} → ${owner.pid}` : `PID ${owner.pid}`;
  run.step('verified', `port ${run.options.port}: ${change}${probe ? `, answers ${probe.status}` : ''}`);
  return { ok: true, action: run.action, port: run.options.port, old: run.old, new: owner, probe, timeline: run.timeline, ...made };
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
