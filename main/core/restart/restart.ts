import { probePathFor } from '../evidence/gather';
import { type Probe, probeHttp } from '../evidence/probe';
import { isoTime, processLabel } from '../format';
import { describeProcess, killIdentity, type KillOptions, needsElevatedRights } from '../kill';
import { isAlive } from '../kill/plan';
import type { AppPaths } from '../paths';
import {
  commandText,
  gatherRecipeFacts,
  type Recipe,
  recipeFromCommandLine,
  rememberRecipe,
  resolveRecipe,
} from '../recipes';
import type { Settings } from '../settings/schema';
import type { Identity, Listener, PortTable, ProcessInfo, ProcessSource, TimelineStep } from '../types';
import { sleep } from '../wait';
import { isFromSpawn, judgeOwner, judgeProbe, type RestartPhase } from './judge';
import { decisiveLine, readLogTail } from './log-lines';
import type { RestartAction, RestartCode, RestartFailure, RestartResult } from './restart-result';
import { logPathFor, type SpawnedRecipe, spawnRecipe } from './spawn-recipe';

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
  onStep?: (step: TimelineStep) => void;
  now?: () => number;
  probe?: Probe;
  /** Stops waiting (Ctrl-C): the result is INTERRUPTED and whatever was started keeps running. */
  signal?: AbortSignal;
  kill?: Pick<KillOptions, 'settleMs' | 'releaseTimeoutMs' | 'sendSignal' | 'self' | 'platform' | 'runCommand'>;
}

const POLL_MS = 100;
const PROBE_RETRY_MS = 300;
const LOG_TAIL_LINES = 20;
// The decisive line may sit above a long stack trace and a framework's shutdown chatter.
const LOG_SCAN_LINES = 400;

interface Run {
  action: RestartAction;
  options: RestartOptions;
  now: () => number;
  timeline: TimelineStep[];
  old: Identity | null;
  recipe: Recipe | null;
  log: string | null;
  spawned: Identity | null;
  step(step: string, detail: string): void;
  fail(phase: RestartPhase, code: RestartCode, reason: string, hint: string, extra?: { owner?: ProcessInfo | null; leftRunning?: boolean }): RestartFailure;
}

function newRun(action: RestartAction, options: RestartOptions): Run {
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

/**
 * Kill the port's owner tree, start its recipe, and call it restarted only when the OS says the
 * port belongs to what was started, under a new identity, and (for HTTP ports) it answers.
 */
export function restartPort(options: RestartOptions): Promise<RestartResult> {
  return prepareAndLaunch(newRun('restart', options));
}

/** The same without the kill, for a free port with a known recipe (or a command). */
export function startPort(options: RestartOptions): Promise<RestartResult> {
  return prepareAndLaunch(newRun('start', options));
}

async function prepareAndLaunch(run: Run): Promise<RestartResult> {
  const o = run.options;
  const { port, scanner } = o;
  const listener = (await scanner.scan({ fresh: true })).find((l) => l.port === port);
  if (listener && !listener.owner) {
    if (listener.ownerUnavailable?.startsWith('needs elevated rights')) {
      const r = needsElevatedRights(null, port);
      return run.fail('resolve-recipe', 'EPERM', r.message, r.hint);
    }
    return run.fail('resolve-recipe', 'NOT_VISIBLE', `port ${port} is in use, but Portwarden cannot see by whom: ${listener.ownerUnavailable ?? 'owner not visible'}`, 'It may belong to a container or another network namespace (`docker ps`).');
  }
  const owner = listener?.owner ?? null;
  if (run.action === 'start' && owner) {
    return run.fail('resolve-recipe', 'PORT_BUSY', `port ${port} is already in use by ${describeProcess(owner)}`, `Use \`portwarden restart ${port}\` to replace it.`, { owner });
  }
  if (owner && o.identity && (owner.pid !== o.identity.pid || owner.startTime !== o.identity.startTime)) {
    return run.fail(
      'resolve-recipe',
      'STALE_IDENTITY',
      `port ${port} is now owned by ${processLabel(owner)} (started ${isoTime(owner.startTime)}), not by PID ${o.identity.pid} (started ${isoTime(o.identity.startTime)}) that you saw`,
      'The owner changed since you looked: look again before restarting.',
      { owner },
    );
  }
  run.old = owner ? { pid: owner.pid, startTime: owner.startTime } : null;

  const facts = await gatherRecipeFacts({
    port,
    settings: o.settings,
    source: scanner,
    owner,
    dataDir: o.paths.data,
    fallbackCwd: o.cwd ?? process.cwd(),
  });
  let recipe = o.command?.length
    ? recipeFromCommandLine(o.command, o.cwd ?? owner?.cwd ?? facts.remembered?.cwd ?? process.cwd())
    : resolveRecipe(facts);
  if (!recipe) {
    return run.fail(
      'resolve-recipe',
      'NO_RECIPE',
      `no recipe is known for port ${port}: nothing runs there, nothing was remembered, and no package.json with a dev or start script was found`,
      `Give the command: \`portwarden ${run.action} ${port} -- npm run dev\` (with --cwd DIR), or add recipes["${port}"] to the settings.`,
    );
  }
  if (o.cwd && !o.command?.length) recipe = { ...recipe, cwd: o.cwd };
  run.recipe = recipe;
  const text = commandText(recipe.command);
  run.step('recipe', `${recipe.source}: \`${text}\` in ${recipe.cwd}${recipe.origin.includes(text) ? '' : ` (${recipe.origin})`}`);
  // Remembered before the kill: should the start fail, `portwarden start` still knows the recipe.
  if (facts.observed) remember(run, facts.observed.recipe);

  if (o.signal?.aborted) return interrupted(run, 'resolve-recipe');
  if (owner) {
    // The launch root (npm, sh -c) goes too: the recipe starts it again.
    const target = facts.observed?.root ?? owner;
    const killed = await killIdentity(target, {
      ...o.kill,
      scanner,
      port,
      graceMs: o.settings.killGraceMs,
      now: run.now,
      // The kill's own 'failed' step becomes the restart's.
      onStep: (s) => s.step !== 'failed' && run.step(s.step, s.detail),
    });
    if (!killed.ok) {
      const by = killed.release && killed.release.state !== 'released' ? killed.release.by : null;
      return run.fail('kill', killed.code, killed.message, killed.hint, { owner: by });
    }
  } else if (run.action === 'restart') {
    run.step('kill', `nothing to kill: port ${port} is free`);
  }
  if (o.signal?.aborted) return interrupted(run, 'kill');
  return launch(run, recipe);
}

/**
 * Starts `recipe` and verifies it took `options.port`; exported for callers that did their own
 * kill (and for the incident's test: a start on a port that is still held).
 */
export function launchAndVerify(recipe: Recipe, options: RestartOptions, action: RestartAction = 'start'): Promise<RestartResult> {
  const run = newRun(action, options);
  run.recipe = recipe;
  return launch(run, recipe);
}

async function launch(run: Run, recipe: Recipe): Promise<RestartResult> {
  const o = run.options;
  const { port, scanner } = o;
  const startedAt = run.now();
  const log = logPathFor(o.paths.logs, port, startedAt);
  const outcome = await spawnRecipe(recipe, log, o.paths.logs, run.now);
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

  remember(run, recipe);
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

function interrupted(run: Run, phase: RestartPhase): RestartFailure {
  const running = run.spawned ? ` PID ${run.spawned.pid} was started and keeps running: check it with \`portwarden who ${run.options.port}\`.` : '';
  return run.fail(phase, 'INTERRUPTED', `interrupted before the outcome was verified.${running}`, running ? 'Kill it if you do not want it.' : 'Nothing was started.', {
    leftRunning: run.spawned !== null,
  });
}

/** Remembering is a convenience: a read-only data directory is noted, never a failed restart. */
function remember(run: Run, recipe: Recipe): void {
  try {
    rememberRecipe(run.options.paths.data, run.options.port, recipe, run.now());
  } catch (err) {
    run.step('note', `could not remember the recipe in ${run.options.paths.data}: ${(err as Error).message}`);
  }
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

