import { interrupted, launch, newRun, type RestartOptions, type RestartResult } from '../restart';
import { checkLaunch } from './preflight';
import { prepareLaunch } from './prepare-launch';
import { afterRecipeFailed } from './recipe-fallback';

/** A restart without the kill, for a free port with a known recipe (or a command). */
export async function startPort(options: RestartOptions): Promise<RestartResult> {
  const run = newRun('start', options);
  const plan = await prepareLaunch(run);
  if ('ok' in plan) return plan;
  const recipe = checkLaunch(run, plan);
  if ('ok' in recipe) return recipe;
  if (options.signal?.aborted) return interrupted(run, 'resolve-recipe');
  return afterRecipeFailed(run, await launch(run, recipe), plan.facts);
}
