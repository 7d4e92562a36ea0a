import { isoTime, processLabel } from '../format';
import { describeProcess, killIdentity, needsElevatedRights } from '../kill';
import { commandText, gatherRecipeFacts, type Recipe, recipeFromCommandLine, resolveRecipe } from '../recipes';
import { launch } from './launch';
import type { RestartAction, RestartResult } from './restart-result';
import { interrupted, newRun, remember, type RestartOptions, type Run } from './restart-run';

export type { RestartOptions } from './restart-run';

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
    fallbackCwd: o.cwd ?? o.userDir ?? null,
  });
  const commandDir = o.cwd ?? owner?.cwd ?? facts.remembered?.cwd ?? o.userDir ?? null;
  if (o.command?.length && !commandDir) {
    return run.fail('resolve-recipe', 'NO_RECIPE', `no directory is known to run \`${o.command.join(' ')}\` in`, 'Say where with --cwd DIR.');
  }
  let recipe = o.command?.length && commandDir ? recipeFromCommandLine(o.command, commandDir) : resolveRecipe(facts);
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
