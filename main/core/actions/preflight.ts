import { type Stats, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Recipe } from '../recipes';
import { recipeEnv, type RestartFailure, type RunAs, type Run } from '../restart';
import type { LaunchPlan } from './prepare-launch';
import { decidePrivilege } from './run-as-owner';

// Words a shell runs itself: the first word of a line may be one, and then there is no file to find.
const SHELL_WORDS = new Set([
  'cd',
  'exec',
  'export',
  'set',
  'unset',
  '.',
  'source',
  'eval',
  'if',
  'for',
  'while',
  'until',
  'case',
  '{',
  '(',
  '!',
  'true',
  'false',
  'test',
  '[',
  'echo',
  'printf',
  'ulimit',
  'umask',
  'command',
  'trap',
  'wait',
  'time',
  'nohup',
  'exit',
]);
const PLAIN_WORD = /^[\w./+@-]+$/;

/**
 * Checks, before the first signal, that the recipe can start as the user it will run as: its
 * folder, its program, the rights on both. A restart that cannot start must not kill: the port
 * would be left empty. Returns the recipe as it will really run (environment; the user is set on
 * the run), or the failure.
 */
export function checkLaunch(run: Run, plan: LaunchPlan, platform: NodeJS.Platform = process.platform): Recipe | RestartFailure {
  const o = run.options;
  const nothing = run.action === 'restart' ? 'nothing was killed' : 'nothing was started';
  const privilege = decidePrivilege(plan.recipe, {
    owner: plan.killTarget ?? plan.owner,
    selfUid: process.getuid?.() ?? null,
    action: run.action,
    port: o.port,
  });
  if (!privilege.ok) return run.fail('resolve-recipe', privilege.code, privilege.reason, privilege.hint, { owner: plan.owner });
  const { recipe, runAs } = privilege;
  const problem = launchProblem(recipe, runAs, o.cwd === recipe.cwd ? '--cwd' : "the recipe's folder", platform);
  if (problem) {
    return run.fail(
      'resolve-recipe',
      'BAD_RECIPE',
      `${problem}; ${nothing}`,
      'Fix the recipe (--cwd DIR, `-- <command…>`, or settings.recipes), then run it again.',
      { owner: plan.owner },
    );
  }
  run.step('environment', privilege.note ?? envNote(recipe));
  run.recipe = recipe;
  run.runAs = runAs;
  return recipe;
}

function envNote(recipe: Recipe): string {
  const keys = Object.keys(recipe.env ?? {}).sort();
  if (recipe.envMode === 'replace') return `runs as you, with the old server's environment (${keys.length} variables)`;
  return keys.length ? `runs as you, with Portwarden's environment plus ${keys.join(', ')}` : "runs as you, with Portwarden's environment";
}

/** Why the recipe cannot start, or null. Pure over the file system; exported for tests. */
export function launchProblem(
  recipe: Recipe,
  runAs: RunAs | null,
  where: string,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const dir = statOf(recipe.cwd);
  if (!dir) return `${where} ${recipe.cwd} does not exist`;
  if (!dir.isDirectory()) return `${where} ${recipe.cwd} is not a directory`;
  if (runAs && !permits(dir, runAs, 0o1)) return `${where} ${recipe.cwd} cannot be entered by user ${runAs.user}`;
  // Windows finds programs through PATHEXT and App Paths: spawning is the only faithful check there.
  if (platform === 'win32') return null;
  const env = recipeEnv(recipe);
  const path = env.PATH ?? '';
  if (typeof recipe.command === 'string') {
    if (!statOf('/bin/sh')) return 'the shell /bin/sh does not exist';
    const first = recipe.command.trim().split(/\s+/)[0] ?? '';
    if (!PLAIN_WORD.test(first) || first.includes('=') || SHELL_WORDS.has(first)) return null;
    return programProblem(first, path, recipe.cwd, runAs, `the command \`${recipe.command}\``);
  }
  return programProblem(recipe.command[0] ?? '', path, recipe.cwd, runAs, `\`${recipe.command[0]}\``);
}

function programProblem(program: string, path: string, cwd: string, runAs: RunAs | null, what: string): string | null {
  if (program === '') return 'the command is empty';
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(cwd, program)]
    : path
        .split(':')
        .filter(Boolean)
        .map((d) => join(resolve(cwd, d), program));
  const found = candidates.map((file) => ({ file, st: statOf(file) })).filter((c) => c.st?.isFile());
  if (found.length === 0)
    return program.includes('/') ? `${what}: ${candidates[0]} does not exist` : `${what}: ${program} is not on PATH (${path || 'empty'})`;
  if (!found.some((c) => permits(c.st!, runAs, 0o1)))
    return `${what}: ${found[0]!.file} is not executable${runAs ? ` by user ${runAs.user}` : ''}`;
  return null;
}

function statOf(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * The mode bits `bit` (0o1: execute/search) for `runAs` as the kernel will judge it: owner, then
 * primary group (supplementary groups are dropped on the switch), then others. Without a switch,
 * the caller's own rights; root may execute a file only if some execute bit is set.
 */
function permits(st: Stats, runAs: RunAs | null, bit: number): boolean {
  if (!runAs) {
    const uid = process.getuid?.();
    if (uid === undefined) return true;
    if (uid === 0) return st.isDirectory() || (st.mode & 0o111) !== 0;
    const gids = new Set([...(process.getgroups?.() ?? []), process.getegid?.()]);
    const shift = st.uid === uid ? 6 : gids.has(st.gid) ? 3 : 0;
    return ((st.mode >> shift) & bit) !== 0;
  }
  const shift = st.uid === runAs.uid ? 6 : st.gid === runAs.gid ? 3 : 0;
  return ((st.mode >> shift) & bit) !== 0;
}
