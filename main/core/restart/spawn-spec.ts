import type { Recipe } from '../recipes';
import { cmdLineForArgv, envValue, needsCmd, whichWindows } from './windows-command';

/** What `child_process.spawn(file, args, options)` gets for a recipe (stdio is the caller's). */
export interface SpawnSpec {
  file: string;
  args: string[];
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** POSIX: a new session and process group (setsid). Windows: CREATE_NEW_PROCESS_GROUP (and no console of ours). */
    detached: true;
    /** Windows: no console window for the server. */
    windowsHide: true;
    /** Windows, through cmd.exe: the line is already quoted for cmd; Node must not quote it again. */
    windowsVerbatimArguments?: true;
  };
}

export interface SpawnFacts {
  platform: string;
  env: NodeJS.ProcessEnv;
  /** Windows: where cmd.exe would find argv[0]; by default PATH and PATHEXT on this disk. */
  which?: (name: string, cwd: string, env: NodeJS.ProcessEnv) => string | null;
}

/** `cmd.exe /d /s /c "<line>"`, verbatim: what Node itself runs for `shell: true` on Windows. */
function throughCmd(line: string, cwd: string, env: NodeJS.ProcessEnv): SpawnSpec {
  // /d: no AutoRun commands from the registry; /s: strip the outer quotes and keep the rest as is.
  const comspec = envValue(env, 'ComSpec') || 'cmd.exe';
  return {
    file: comspec,
    args: ['/d', '/s', '/c', `"${line}"`],
    options: { cwd, env, detached: true, windowsHide: true, windowsVerbatimArguments: true },
  };
}

/**
 * How to start a recipe on `platform`, as data: a shell line through `/bin/sh -c` or cmd.exe, an
 * argv directly, except on Windows a program that is not an .exe (npm.cmd, a .bat), which only
 * cmd.exe can run.
 */
export function spawnSpec(recipe: Pick<Recipe, 'command' | 'cwd'>, facts: SpawnFacts): SpawnSpec {
  const { cwd } = recipe;
  const { env } = facts;
  const direct = (file: string, args: string[]): SpawnSpec => ({ file, args, options: { cwd, env, detached: true, windowsHide: true } });
  if (facts.platform !== 'win32') {
    return typeof recipe.command === 'string'
      ? direct('/bin/sh', ['-c', recipe.command])
      : direct(recipe.command[0]!, recipe.command.slice(1));
  }
  if (typeof recipe.command === 'string') return throughCmd(recipe.command, cwd, env);
  const [program, ...args] = recipe.command as [string, ...string[]];
  const resolved = (facts.which ?? whichWindows)(program, cwd, env);
  if (resolved && needsCmd(resolved)) return throughCmd(cmdLineForArgv(resolved, args), cwd, env);
  return direct(resolved ?? program, args);
}
