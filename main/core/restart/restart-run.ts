import type { Probe } from '../evidence';
import type { KillOptions } from '../kill';
import type { AppPaths } from '../paths';
import { type Recipe, tryRememberRecipe } from '../recipes';
import type { Settings } from '../settings/schema';
import type { Identity, PortTable, ProcessInfo, ProcessSource, TimelineStep } from '../types';
import type { RestartPhase } from './judge';
import { readLogTail } from './log-lines';
import type { RestartAction, RestartCode, RestartFailure } from './restart-result';
import type { RunAs } from './run-as';

export interface RestartOptions {
  port: number;
  scanner: PortTable & ProcessSource;
  settings: Settings;
  paths: Pick<AppPaths, 'data' | 'logs'>;
  /** restart: the owner the user was shown; the action is refused if the port's owner is another identity. */
  identity?: Identity | null;
  /** `-- command…`: overrides every recipe. */
  command?: readonly string[] | null;
  /** Where to run; by default the recipe's directory (for a command: the old owner's). */
  cwd?: string | null;
  /**
   * The directory the user is in (the CLI's working directory): where a `-- command` runs when
   * nothing else says, and whose package.json may be suggested for a free port. The app has no
   * such directory and leaves it unset, so its own cwd never becomes a recipe.
   */
  userDir?: string | null;
  onStep?: (step: TimelineStep) => void;
  now?: () => number;
  probe?: Probe;
  /** Stops waiting (Ctrl-C): the result is INTERRUPTED and whatever was started keeps running. */
  signal?: AbortSignal;
  kill?: Pick<KillOptions, 'settleMs' | 'releaseTimeoutMs' | 'sendSignal' | 'self' | 'platform' | 'runCommand'>;
}

const LOG_TAIL_LINES = 20;

/** One restart or start in progress: what is known so far, its timeline, and how it ends in failure. */
export interface Run {
  action: RestartAction;
  options: RestartOptions;
  now: () => number;
  timeline: TimelineStep[];
  old: Identity | null;
  recipe: Recipe | null;
  log: string | null;
  spawned: Identity | null;
  /** Set by the preflight when the server runs as its owner, not as Portwarden (root). */
  runAs?: RunAs | null;
  step(step: string, detail: string): void;
  fail(
    phase: RestartPhase,
    code: RestartCode,
    reason: string,
    hint: string,
    extra?: { owner?: ProcessInfo | null; leftRunning?: boolean },
  ): RestartFailure;
}

export function newRun(action: RestartAction, options: RestartOptions): Run {
  const now = options.now ?? Date.now;
  const run: Run = {
    action,
    options,
    now,
    timeline: [],
    old: null,
    recipe: null,
    log: null,
    spawned: null,
    step(step, detail) {
      const entry = { at: now(), step, detail };
      run.timeline.push(entry);
      options.onStep?.(entry);
    },
    fail(phase, code, reason, hint, extra = {}) {
      run.step('failed', reason);
      return {
        ok: false,
        action,
        port: options.port,
        code,
        phase,
        reason,
        hint,
        old: run.old,
        recipe: run.recipe,
        timeline: run.timeline,
        log: run.log,
        logTail: run.log ? readLogTail(run.log, LOG_TAIL_LINES) : [],
        spawned: run.spawned,
        owner: extra.owner ?? null,
        leftRunning: extra.leftRunning ?? false,
      };
    },
  };
  return run;
}
export function interrupted(run: Run, phase: RestartPhase): RestartFailure {
  const running = run.spawned
    ? ` PID ${run.spawned.pid} was started and keeps running: check it with \`portwarden who ${run.options.port}\`.`
    : '';
  return run.fail(
    phase,
    'INTERRUPTED',
    `interrupted before the outcome was verified.${running}`,
    running ? 'Kill it if you do not want it.' : 'Nothing was started.',
    {
      leftRunning: run.spawned !== null,
    },
  );
}

/** A read-only data directory is noted on the timeline, never a failed restart. */
export function saveRunRecipe(run: Run, recipe: Recipe): void {
  const problem = tryRememberRecipe(run.options.paths.data, run.options.port, recipe, run.now());
  if (problem) run.step('note', problem);
}
