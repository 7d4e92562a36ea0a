import { killIdentity, type KillOptions, type KillResult } from '../kill';
import { sameIdentity } from '../process';
import { gatherRecipeFacts, type LaunchSite, tryRememberRecipe } from '../recipes';
import type { Settings } from '../settings/schema';
import type { Identity, ProcessInfo, TimelineStep } from '../types';
import { managedRefusal } from './managed';

export interface KillActionOptions extends Omit<KillOptions, 'graceMs' | 'onStep'> {
  settings: Settings;
  /** Where recipes are remembered (appPaths().data). */
  dataDir: string;
  /** `--force`: SIGKILL at once instead of after settings.killGraceMs, and kill a managed server anyway. */
  force?: boolean;
  onStep?: (step: TimelineStep) => void;
}

/**
 * The user's Kill, from the tray or the CLI alike. For a port: the owner's launch root is the
 * target (a tool parent or watch supervisor would otherwise start the server again), its observed
 * recipe is remembered first (so Start can bring it back), and a managed server is refused.
 */
export async function killTarget(identity: Identity, options: KillActionOptions): Promise<KillResult> {
  const { settings, dataDir, force, onStep, ...kill } = options;
  const now = kill.now ?? Date.now;
  const port = kill.port ?? null;
  const note = (detail: string) => onStep?.({ at: now(), step: 'note', detail });
  const owner = port === null ? null : await kill.scanner.get(identity.pid);
  let target: Identity = identity;
  let supervisor: string | null = null;
  if (port !== null && owner && sameIdentity(owner, identity)) {
    const facts = await gatherRecipeFacts({ port, settings, source: kill.scanner, owner, dataDir });
    const site = facts.site!;
    if (site.manager && !force) return refused(identity, port, site, now());
    if (site.manager) note(`${site.manager.manager} will likely start it again: \`${site.manager.command}\` is the way to restart it`);
    else if (facts.observed) {
      const problem = tryRememberRecipe(dataDir, port, facts.observed.recipe, now());
      if (problem) note(problem);
    }
    target = branchOf(site, note);
    supervisor = site.supervisor?.label ?? null;
  }
  const result = await killIdentity(target, { ...kill, graceMs: force ? 0 : settings.killGraceMs, ...(onStep ? { onStep } : {}) });
  return result.ok && supervisor
    ? { ...result, supervisor, message: `${result.message}; its watch supervisor ${supervisor} is gone too, so no save starts it again` }
    : result;
}

/** The launch root, named on the timeline when it is more than the owner. */
function branchOf(site: LaunchSite, note: (detail: string) => void): ProcessInfo {
  const root = site.root;
  if (root.process.pid === site.owner.pid) return site.owner;
  const why = site.supervisor
    ? `the watch supervisor ${site.supervisor.label} would restart it on the next save`
    : `${root.label} launched it`;
  note(`killing from ${root.label}: ${why}`);
  return root.process;
}

function refused(identity: Identity, port: number, site: LaunchSite, at: number): KillResult {
  const { message, hint } = managedRefusal(site.manager!, port, 'kill');
  return {
    ok: false,
    target: { pid: identity.pid, startTime: identity.startTime },
    port,
    killed: [],
    steps: [{ at, step: 'failed', detail: message }],
    code: 'MANAGED',
    message,
    hint,
  };
}
