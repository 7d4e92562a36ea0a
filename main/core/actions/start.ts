import { interrupted, launch, newRun, type RestartOptions, type RestartResult } from '../restart';
import { prepareLaunch } from './prepare-launch';
import { afterRecipeFailed } from './recipe-fallback';

/** A restart without the kill, for a free port with a known recipe (or a command). */
export async function startPort(options: RestartOptions): Promise<RestartResult> {
  const run = newRun('start', options);
  const plan = await prepareLaunch(run);
  if ('ok' in plan) return plan;
  if (options.signal?.aborted) return interrupted(run, 'resolve-recipe');
  return afterRecipeFailed(run, await launch(run, plan.recipe), plan.facts);
}
