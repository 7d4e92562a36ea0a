import { commandText, forgetRecipe, nextCandidate, type Recipe, type RecipeFacts, sameRecipe } from '../recipes';
import type { RestartFailure, RestartResult, Run } from '../restart';

// The codes that say the recipe itself did not bring a server up (a probe failure leaves one running).
const RECIPE_FAILED = new Set(['SPAWN_FAILED', 'EXITED', 'TIMEOUT']);

function whereFrom(r: Recipe): string {
  return r.source === 'package.json' ? `from package.json in ${r.cwd}` : `(${r.source}) in ${r.cwd}`;
}

/**
 * When an observed or remembered recipe failed to start a server: drop it if it was the remembered
 * one, and say what `portwarden start` would try next, so the user is not sent round the same loop.
 */
export function afterRecipeFailed(run: Run, result: RestartResult, facts: RecipeFacts): RestartResult {
  if (result.ok || !RECIPE_FAILED.has(result.code) || !result.recipe) return result;
  const failed = result.recipe;
  if (failed.source !== 'observed' && failed.source !== 'remembered') return result;
  if (facts.remembered && sameRecipe(facts.remembered, failed)) {
    const problem = forgetRecipe(run.options.paths.data, run.options.port, failed);
    run.step('note', problem ?? `dropped the remembered recipe \`${commandText(failed.command)}\`: it failed`);
  }
  const next = nextCandidate(facts, failed);
  const port = run.options.port;
  const reason = `the ${failed.source} recipe \`${commandText(failed.command)}\` failed (${result.reason})`;
  const hint = next ? `next: \`${commandText(next.command)}\` ${whereFrom(next)} — run \`portwarden start ${port}\`` : result.hint;
  const out: RestartFailure = { ...result, reason, hint, next };
  return out;
}
