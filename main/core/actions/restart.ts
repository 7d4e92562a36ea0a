import { commandText } from '../recipes';
import { killIdentity } from '../kill';
import { interrupted, launch, newRun, type RestartOptions, type RestartResult, type Run } from '../restart';
import { restartManaged } from './managed';
import { checkLaunch } from './preflight';
import { type LaunchPlan, prepareLaunch } from './prepare-launch';
import { afterRecipeFailed } from './recipe-fallback';

/**
 * Kill the port's owner tree, start its recipe, and call it restarted only when the OS says the
 * port belongs to what was started, under a new identity, and (for HTTP ports) it answers.
 */
export async function restartPort(options: RestartOptions): Promise<RestartResult> {
  const run = newRun('restart', options);
  const plan = await prepareLaunch(run);
  if ('ok' in plan) return plan;
  const { port, scanner } = options;
  if (options.signal?.aborted) return interrupted(run, 'resolve-recipe');
  // A process manager restarts its own child: its recipe is the manager's command, not ours to check.
  const site = plan.facts.site;
  if (site?.manager && !options.command?.length) return restartManaged(run, site);
  // Before the first signal: a recipe that cannot start must not cost the running server.
  const recipe = checkLaunch(run, plan);
  if ('ok' in recipe) return recipe;
  if (plan.killTarget) {
    sayWhatIsReplaced(run, plan);
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
  return afterRecipeFailed(run, await launch(run, recipe), plan.facts);
}

/** The launch root is replaced, not only the owner: the tool parent and any watch supervisor with it. */
function sayWhatIsReplaced(run: Run, plan: LaunchPlan): void {
  const site = plan.facts.site;
  if (!site || site.root.process.pid === site.owner.pid) return;
  const watch = site.supervisor ? `; the watch supervisor ${site.supervisor.label} goes with it and is re-run with the server` : '';
  run.step('launch-root', `replacing ${site.root.label}, which launched the owner${watch}: \`${commandText(plan.recipe.command)}\``);
}
