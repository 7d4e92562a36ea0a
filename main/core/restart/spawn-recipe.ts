import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Recipe } from '../recipes';
import { spawnSpec } from './spawn-spec';
import { type RunAs, spawnCredentials } from './run-as';

export interface SpawnedRecipe {
  pid: number;
  child: ChildProcess;
  /** Set once the spawned process (the session leader) has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | null;
}

export type SpawnOutcome = { ok: true; spawned: SpawnedRecipe } | { ok: false; error: string };

/** `port-3000-2030-01-02T03-04-05-678Z.log`: one file per start, sortable, legal on Windows. */
export function logFileName(port: number, at: number): string {
  return `port-${port}-${new Date(at).toISOString().replace(/[:.]/g, '-')}.log`;
}

export function logPathFor(logsDir: string, port: number, at: number): string {
  return join(logsDir, logFileName(port, at));
}

/** The environment the recipe runs with; an observed one replaces Portwarden's own entirely. */
export function recipeEnv(recipe: Recipe, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!recipe.env) return { ...base };
  if (recipe.envMode === 'replace') {
    // The shell kept PWD in step with the directory; the copy we kept is the old process's.
    return { ...recipe.env, PATH: recipe.env.PATH ?? base.PATH, PWD: recipe.cwd };
  }
  return { ...base, ...recipe.env };
}

/**
 * Starts the recipe detached (its own session and process group, so it outlives Portwarden and
 * can be killed as one group; on Windows a new process group without a window, see spawn-spec.ts),
 * stdout and stderr appended to `logPath`.
 */
export function spawnRecipe(
  recipe: Recipe,
  logPath: string,
  logsDir: string,
  now: () => number = Date.now,
  runAs: RunAs | null = null,
): Promise<SpawnOutcome> {
  if (!existsSync(recipe.cwd)) return Promise.resolve({ ok: false, error: `the directory ${recipe.cwd} does not exist` });
  let fd: number;
  try {
    mkdirSync(logsDir, { recursive: true, mode: 0o700 });
    fd = openSync(logPath, 'a', 0o600);
  } catch (err) {
    // After a restart's kill a throw would leave nothing running and no timeline saying why.
    return Promise.resolve({ ok: false, error: `could not create the log ${logPath}: ${(err as Error).message}` });
  }
  let child: ChildProcess;
  try {
    const spec = spawnSpec(recipe, { platform: process.platform, env: recipeEnv(recipe) });
    child = spawn(spec.file, spec.args, { ...spec.options, stdio: ['ignore', fd, fd], ...spawnCredentials(runAs) });
  } catch (err) {
    closeSync(fd);
    return Promise.resolve({ ok: false, error: (err as Error).message });
  }
  return new Promise((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      closeSync(fd);
      resolve({ ok: false, error: spawnError(err, recipe) });
    });
    child.once('spawn', () => {
      closeSync(fd);
      const spawned: SpawnedRecipe = { pid: child.pid!, child, exit: null };
      child.once('exit', (code, signal) => {
        spawned.exit = { code, signal, at: now() };
      });
      // The server is the user's, not ours: Portwarden (the CLI) may exit while it runs.
      child.unref();
      resolve({ ok: true, spawned });
    });
  });
}

function spawnError(err: NodeJS.ErrnoException, recipe: Recipe): string {
  const program = typeof recipe.command === 'string' ? 'the shell' : `\`${recipe.command[0]}\``;
  if (err.code === 'ENOENT') return `could not start ${program}: not found on PATH`;
  if (err.code === 'EACCES') return `could not start ${program}: permission denied`;
  return `could not start ${program}: ${err.message}`;
}
