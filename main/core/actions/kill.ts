import { killIdentity, type KillOptions, type KillResult } from '../kill';
import { sameIdentity } from '../process';
import type { Settings } from '../settings/schema';
import type { Identity, TimelineStep } from '../types';
import { saveOwnerRecipe } from './remember-owner';

export interface KillActionOptions extends Omit<KillOptions, 'graceMs' | 'onStep'> {
  settings: Settings;
  /** Where recipes are remembered (appPaths().data). */
  dataDir: string;
  /** `--force`: SIGKILL at once instead of after settings.killGraceMs. */
  force?: boolean;
  onStep?: (step: TimelineStep) => void;
}

/**
 * The user's Kill, from the tray or the CLI alike: the owner's recipe is remembered first (so
 * Start can bring the server back), then the identity-checked kill of its tree.
 */
export async function killTarget(identity: Identity, options: KillActionOptions): Promise<KillResult> {
  const { settings, dataDir, force, onStep, ...kill } = options;
  const now = kill.now ?? Date.now;
  const port = kill.port ?? null;
  const owner = port === null ? null : await kill.scanner.get(identity.pid);
  if (port !== null && owner && sameIdentity(owner, identity)) {
    const problem = await saveOwnerRecipe(owner, port, kill.scanner, settings, dataDir, now());
    if (problem) onStep?.({ at: now(), step: 'note', detail: problem });
  }
  return killIdentity(identity, { ...kill, graceMs: force ? 0 : settings.killGraceMs, ...(onStep ? { onStep } : {}) });
}
