import { formatArgv } from '../../shared';
import type { ProcessInfo } from '../types';
import { isRunnable, type LaunchSite, launchSite, type SiteOptions } from './launch-site';
import type { Recipe } from './recipe';

export interface ObservedLaunch {
  /** The process whose tree a restart replaces: the site's launch root. */
  root: ProcessInfo;
  recipe: Recipe;
  site: LaunchSite;
}

/**
 * The recipe seen in the running tree: the launch root's argv, cwd and (where readable)
 * environment; null when the root's argv is a rewritten title, which is never a command.
 */
export function recipeOfSite(site: LaunchSite, readEnv: (pid: number) => Record<string, string> | null = () => null): Recipe | null {
  const root = site.root.process;
  if (!root.cwd || !isRunnable(site.root)) return null;
  const env = readEnv(root.pid);
  // npm's rewritten title is its command line: the shell splits it as the user typed it.
  const command = root.argv.length === 1 && /\s/.test(root.argv[0]!) ? root.argv[0]! : [...root.argv];
  const via = root.pid === site.owner.pid ? 'started as' : 'launched as';
  return {
    command,
    cwd: root.cwd,
    ...(env ? { env, envMode: 'replace' as const } : {}),
    source: 'observed',
    origin: `${via} \`${typeof command === 'string' ? command : formatArgv(command)}\` by PID ${root.pid}`,
  };
}

/** The owner's launch site and, when its root can be run again, the observed recipe. `chain` is nearest parent first. */
export function observeLaunch(
  owner: ProcessInfo,
  chain: readonly ProcessInfo[],
  readEnv: (pid: number) => Record<string, string> | null = () => null,
  options: SiteOptions = {},
): ObservedLaunch | null {
  const site = launchSite(owner, chain, options);
  const recipe = recipeOfSite(site, readEnv);
  return recipe ? { root: site.root.process, recipe, site } : null;
}
