import { formatArgv } from '../../shared';
import type { ProcessInfo } from '../types';
import type { Recipe } from './recipe';

const LAUNCHERS = new Set(['npm', 'npx', 'pnpm', 'pnpx', 'yarn', 'yarnpkg', 'bun', 'bunx', 'corepack']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh']);
const LAUNCHER_SCRIPT = /(?:^|[\\/])(?:npm-cli|npx-cli|pnpm|pnpx|yarn|yarnpkg|corepack)(?:\.c?js)?$/;

function base(path: string): string {
  return (path.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.(exe|cmd)$/, '');
}

/**
 * The argv as the process was started. A process that rewrote its title (npm does) shows one
 * string with spaces and no NULs: split it for recognition only.
 */
function words(p: ProcessInfo): string[] {
  if (p.argv.length === 1 && /\s/.test(p.argv[0]!)) return p.argv[0]!.split(/\s+/);
  return p.argv.length ? p.argv : [p.name];
}

/** npm, npx, pnpm, yarn, bun, `sh -c …`, `cmd /c …`, or node running npm's or yarn's CLI script. */
export function isLauncher(p: ProcessInfo): boolean {
  const argv = words(p);
  const first = base(argv[0] ?? '');
  if (LAUNCHERS.has(first) || LAUNCHERS.has(base(p.name.split(' ')[0] ?? ''))) return true;
  if (SHELLS.has(first)) return argv.slice(1).some((a) => /^-\w*c\w*$/.test(a));
  if (first === 'cmd') return argv.slice(1).some((a) => /^\/c$/i.test(a));
  if (first === 'node' || first === 'nodejs') return LAUNCHER_SCRIPT.test(argv.slice(1).find((a) => !a.startsWith('-')) ?? '');
  return false;
}

/**
 * Walks up from the port's owner while the parents are launchers in the same directory: for
 * `npm run dev` that is npm, whose argv starts the whole tree again. `chain` is nearest parent first.
 */
export function findLaunchRoot(owner: ProcessInfo, chain: readonly ProcessInfo[]): ProcessInfo {
  let root = owner;
  for (const parent of chain) {
    if (!isLauncher(parent) || parent.cwd === null || parent.cwd !== root.cwd) break;
    root = parent;
  }
  return root;
}

export interface ObservedLaunch {
  /** The process whose tree a restart replaces. */
  root: ProcessInfo;
  recipe: Recipe;
}

/** The recipe seen in the running tree: the launch root's argv, cwd and (where readable) environment. */
export function observeLaunch(
  owner: ProcessInfo,
  chain: readonly ProcessInfo[],
  readEnv: (pid: number) => Record<string, string> | null = () => null,
): ObservedLaunch | null {
  const root = findLaunchRoot(owner, chain);
  if (!root.cwd || root.argv.length === 0) return null;
  const env = readEnv(root.pid);
  // A rewritten title is not an argv any more; the shell splits it as the user typed it.
  const command = root.argv.length === 1 && /\s/.test(root.argv[0]!) ? root.argv[0]! : [...root.argv];
  const via = root.pid === owner.pid ? 'started as' : 'launched as';
  return {
    root,
    recipe: {
      command,
      cwd: root.cwd,
      ...(env ? { env, envMode: 'replace' as const } : {}),
      source: 'observed',
      origin: `${via} \`${typeof command === 'string' ? command : formatArgv(command)}\` by PID ${root.pid}`,
    },
  };
}
