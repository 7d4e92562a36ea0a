import { parentChain } from '../process';
import type { Settings } from '../settings/schema';
import type { ProcessInfo, ProcessSource } from '../types';
import { readEnviron } from './environ';
import { type ObservedLaunch, observeLaunch } from './launch-root';
import { readPackageJsonFacts, suggestFromPackageJson } from './package-json';
import { type Recipe, recipeFromSettings } from './recipe';
import { recallRecipe } from './remembered';

export interface RecipeFacts {
  port: number;
  settings: Pick<Settings, 'recipes'>;
  observed: ObservedLaunch | null;
  remembered: Recipe | null;
  packageJson: Recipe | null;
}

/** Every known way to start the port, best first: settings, observed, remembered, package.json. */
export function recipeCandidates(facts: RecipeFacts): Recipe[] {
  const configured = facts.settings.recipes[String(facts.port)];
  return [
    configured ? recipeFromSettings(facts.port, configured) : null,
    facts.observed?.recipe ?? null,
    facts.remembered,
    facts.packageJson,
  ].filter((r): r is Recipe => r !== null);
}

export function resolveRecipe(facts: RecipeFacts): Recipe | null {
  return recipeCandidates(facts)[0] ?? null;
}

export interface GatherOptions {
  port: number;
  settings: Pick<Settings, 'recipes'>;
  source: ProcessSource;
  /** The port's current owner, when something listens. */
  owner: ProcessInfo | null;
  dataDir: string;
  /** Where to look for package.json when no owner or remembered recipe names a directory. */
  fallbackCwd?: string | null;
}

/** Reads what the OS and the disk know (parent chain, environ, remembered file, package.json). */
export async function gatherRecipeFacts(options: GatherOptions): Promise<RecipeFacts> {
  const { port, owner } = options;
  const observed = owner ? observeLaunch(owner, await parentChain(options.source, owner), (pid) => readEnviron(pid)) : null;
  const remembered = recallRecipe(options.dataDir, port);
  const cwd = owner?.cwd ?? remembered?.cwd ?? options.fallbackCwd ?? null;
  const packageJson = cwd ? suggestFromPackageJson(readPackageJsonFacts(cwd), port) : null;
  return { port, settings: options.settings, observed, remembered, packageJson };
}
