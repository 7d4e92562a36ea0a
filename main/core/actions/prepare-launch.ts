import { isoTime, processLabel } from '../../shared';
import { describeHolder, needsElevatedRights } from '../kill';
import { sameIdentity } from '../process';
import { commandText, gatherRecipeFacts, type Recipe, type RecipeFacts, recipeFromCommandLine, resolveRecipe } from '../recipes';
import type { RestartFailure, Run } from '../restart';
import { managerRecipe } from './managed';
import type { ProcessInfo } from '../types';

export interface LaunchPlan {
  /** The port's owner now (restart only: a start refuses a busy port). */
  owner: ProcessInfo | null;
  /** What the kill aims at: the owner's launch root (npm, next dev, nodemon), which the recipe starts again. */
  killTarget: ProcessInfo | null;
  recipe: Recipe;
  /** What was known when the recipe was chosen: the launch site, and the next candidate should it fail. */
  facts: RecipeFacts;
}

/**
 * What restart and start share before anything is signalled or spawned: the port's owner checked
 * against the identity the user saw, and a recipe that can start. Nothing is remembered here: a
 * recipe is saved only once it produced a verified owner (see launch()).
 */
export async function prepareLaunch(run: Run): Promise<LaunchPlan | RestartFailure> {
  const o = run.options;
  const { port, scanner } = o;
  const listener = (await scanner.scan({ fresh: true })).find((l) => l.port === port);
  if (listener && !listener.owner) {
    if (listener.ownerHidden === 'EPERM') {
      const r = needsElevatedRights(null, port);
      return run.fail('resolve-recipe', 'EPERM', r.message, r.hint);
    }
    return run.fail(
      'resolve-recipe',
      'NOT_VISIBLE',
      `port ${port} is in use, but Portwarden cannot see by whom: ${listener.ownerUnavailable ?? 'owner not visible'}`,
      'It may belong to a container or another network namespace (`docker ps`).',
    );
  }
  const owner = listener?.owner ?? null;
  if (run.action === 'start' && owner) {
    return run.fail(
      'resolve-recipe',
      'PORT_BUSY',
      `port ${port} is already in use by ${describeHolder(owner)}`,
      `Use \`portwarden restart ${port}\` to replace it.`,
      { owner },
    );
  }
  if (owner && o.identity && !sameIdentity(owner, o.identity)) {
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
    return run.fail(
      'resolve-recipe',
      'NO_RECIPE',
      `no directory is known to run \`${o.command.join(' ')}\` in`,
      'Say where with --cwd DIR.',
    );
  }
  let recipe =
    o.command?.length && commandDir ? recipeFromCommandLine(o.command, commandDir) : (managerRecipe(facts.site) ?? resolveRecipe(facts));
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
  return { owner, killTarget: owner ? (facts.site?.root.process ?? owner) : null, recipe, facts };
}
