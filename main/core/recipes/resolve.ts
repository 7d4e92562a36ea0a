import { readManagerFacts } from '../launch-tree';
import { parentChain } from '../process';
import { createProjectFs, type ProjectFs, projectOf } from '../project';
import type { Settings } from '../settings/schema';
import type { ProcessInfo, ProcessSource } from '../types';
import { readEnviron } from './environ';
import { type ObservedLaunch, recipeOfSite } from './launch-root';
import { type LaunchSite, launchSite } from './launch-site';
import { readPackageJsonFacts, suggestFromPackageJson } from './package-json';
import { commandText, type Recipe, recipeFromSettings } from './recipe';
import { recallRecipe } from './remembered';

export interface RecipeFacts {
  port: number;
  settings: Pick<Settings, 'recipes'>;
  /** How the owner was launched (null when nothing listens). */
  site?: LaunchSite | null;
  observed: ObservedLaunch | null;
  remembered: Recipe | null;
  packageJson: Recipe | null;
  /** The user's folder is another project than the remembered recipe's: its package.json wins. */
  packageJsonFirst?: boolean;
}

/** Every known way to start the port, best first: settings, observed, remembered, package.json. */
export function recipeCandidates(facts: RecipeFacts): Recipe[] {
  const configured = facts.settings.recipes[String(facts.port)];
  const stored = facts.packageJsonFirst ? [facts.packageJson, facts.remembered] : [facts.remembered, facts.packageJson];
  return [configured ? recipeFromSettings(facts.port, configured) : null, facts.observed?.recipe ?? null, ...stored].filter(
    (r): r is Recipe => r !== null,
  );
}

export function resolveRecipe(facts: RecipeFacts): Recipe | null {
  return recipeCandidates(facts)[0] ?? null;
}

/** The same command in the same folder: how a failed recipe is recognised among the candidates. */
export function sameRecipe(a: Recipe, b: Recipe): boolean {
  return commandText(a.command) === commandText(b.command) && a.cwd === b.cwd;
}

/** What `portwarden start` would try once `failed` is dropped and nothing runs: the next candidate, if any. */
export function nextCandidate(facts: RecipeFacts, failed: Recipe): Recipe | null {
  const after = recipeCandidates({ ...facts, observed: null });
  return after.find((r) => !sameRecipe(r, failed) && r.source !== 'settings') ?? null;
}

export interface GatherOptions {
  port: number;
  settings: Pick<Settings, 'recipes'>;
  source: ProcessSource;
  /** The port's current owner, when something listens. */
  owner: ProcessInfo | null;
  dataDir: string;
  /** Where to look for package.json when no owner names a directory: the user's folder (the CLI's cwd). */
  fallbackCwd?: string | null;
  projectFs?: ProjectFs;
  /** Test seams for /proc reads (environ, pm2's app name, cgroup). */
  readEnv?: (pid: number) => Record<string, string> | null;
  readFacts?: typeof readManagerFacts;
}

const defaultFs = createProjectFs();

/** Reads what the OS and the disk know (parent chain, environ, remembered file, package.json). */
export async function gatherRecipeFacts(options: GatherOptions): Promise<RecipeFacts> {
  const { port, owner } = options;
  const projectFs = options.projectFs ?? defaultFs;
  let site: LaunchSite | null = null;
  let observed: ObservedLaunch | null = null;
  if (owner) {
    site = launchSite(owner, await parentChain(options.source, owner), {
      projectFs,
      managerFacts: (options.readFacts ?? readManagerFacts)(owner.pid),
    });
    const recipe = recipeOfSite(site, options.readEnv ?? ((pid) => readEnviron(pid)));
    observed = recipe ? { root: site.root.process, recipe, site } : null;
  }
  const remembered = recallRecipe(options.dataDir, port);
  const user = !owner && options.fallbackCwd ? projectOf({ cwd: options.fallbackCwd, argv: [] }, projectFs) : null;
  const rememberedProject = remembered ? projectOf({ cwd: remembered.cwd, argv: [] }, projectFs) : null;
  // `start` inside a project prefers that project's own script over a recipe remembered elsewhere.
  const packageJsonFirst = user !== null && remembered !== null && rememberedProject?.root !== user.root;
  const cwd = packageJsonFirst ? user.root : (owner?.cwd ?? remembered?.cwd ?? user?.root ?? options.fallbackCwd ?? null);
  const packageJson = cwd ? suggestFromPackageJson(readPackageJsonFacts(cwd), port) : null;
  return {
    port,
    settings: options.settings,
    site,
    observed,
    remembered,
    packageJson,
    packageJsonFirst: packageJsonFirst && packageJson !== null,
  };
}
