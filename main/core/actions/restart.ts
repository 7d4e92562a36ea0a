import { killIdentity } from '../kill';
import { interrupted, launch, newRun, type RestartOptions, type RestartResult } from '../restart';
import { checkLaunch } from './preflight';
import { prepareLaunch } from './prepare-launch';

/**
 * Kill the port's owner tree, start its recipe, and call it restarted only when the OS says the
 * port belongs to what was started, under a new identity, and (for HTTP ports) it answers.
 */
export async function restartPort(options: RestartOptions): Promise<RestartResult> {
  const run = newRun('restart', options);
  const plan = await prepareLaunch(run);
  if ('ok' in plan) return plan;
  // Before the first signal: a recipe that cannot start must not cost the running server.
  const recipe = checkLaunch(run, plan);
  if ('ok' in recipe) return recipe;
  const { port, scanner } = options;
  if (options.signal?.aborted) return interrupted(run, 'resolve-recipe');
  if (plan.killTarget) {
    const killed = await killIdentity(plan.killTarget, {
      ...options.kill,
      scanner,
      port,
      graceMs: options.settings.killGraceMs,
      now: run.now,
      // The kill's own 'failed' step becomes the restart's.
      onStep: (s) => s.step !== 'failed' && run.step(s.step, s.detail),
    });
    if (!killed.ok) {
      const by = killed.release && killed.release.state !== 'released' ? killed.release.by : null;
      return run.fail('kill', killed.code, killed.message, killed.hint, { owner: by });
    }
  } else {
    run.step('kill', `nothing to kill: port ${port} is free`);
  }
  if (options.signal?.aborted) return interrupted(run, 'kill');
  return launch(run, recipe);
}
