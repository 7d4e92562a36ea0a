import { gatherRecipeFacts, tryRememberRecipe } from '../recipes';
import type { Settings } from '../settings/schema';
import type { ProcessInfo, ProcessSource } from '../types';

/**
 * The owner's observed recipe, read while its launch root is still there and saved before the
 * first signal, so Start can bring the server back once it is gone. Returns why it could not be
 * saved (said on the timeline; never a reason to fail the action), or null.
 */
export async function saveOwnerRecipe(owner: ProcessInfo, port: number, source: ProcessSource, settings: Settings, dataDir: string, now: number): Promise<string | null> {
  const facts = await gatherRecipeFacts({ port, settings, source, owner, dataDir });
  return facts.observed ? tryRememberRecipe(dataDir, port, facts.observed.recipe, now) : null;
}
