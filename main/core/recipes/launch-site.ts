import {
  classifyChain,
  type LaunchNode,
  launchRoot,
  type ManagerFacts,
  type ManagerHint,
  managerHint,
  type SameProject,
} from '../launch-tree';
import { createProjectFs, type ProjectFs, projectOf } from '../project';
import type { ProcessInfo } from '../types';

/** How a port's owner was launched, as kill and restart act on it. */
export interface LaunchSite {
  owner: ProcessInfo;
  /** Owner first, then its parents nearest first, classified. */
  nodes: LaunchNode[];
  /** What a restart kills and re-runs: launch-tree's launch root (never a runner or a manager). */
  root: LaunchNode;
  /** A watch supervisor between the owner and the root (nodemon): it would restart a lone owner. */
  supervisor: LaunchNode | null;
  /** The process manager above the owner and how to restart through it: not to be fought. */
  manager: (ManagerHint & { node: LaunchNode }) | null;
}

const defaultFs = createProjectFs();

/**
 * Same project = same project root (package.json folder, from cwd or argv), so `npm` in the repo
 * and `next` started in a sub-folder belong together; without a project on either side, equal cwd.
 */
export function sameProjectBy(fs: ProjectFs = defaultFs): SameProject {
  return (a, b) => {
    const pa = projectOf(a, fs);
    const pb = projectOf(b, fs);
    if (pa && pb) return pa.root === pb.root;
    return a.cwd === null || b.cwd === null || a.cwd === b.cwd;
  };
}

export interface SiteOptions {
  projectFs?: ProjectFs;
  /** Facts about the owner beyond argv (pm2's app name, cgroup): readManagerFacts on Linux. */
  managerFacts?: ManagerFacts;
}

export function launchSite(owner: ProcessInfo, chain: readonly ProcessInfo[], options: SiteOptions = {}): LaunchSite {
  const nodes = classifyChain(owner, chain);
  const root = launchRoot(nodes, sameProjectBy(options.projectFs));
  const upTo = nodes.indexOf(root);
  const supervisor = nodes.slice(1, upTo + 1).find((n) => n.kind === 'watch-supervisor') ?? null;
  const hint = managerHint(nodes, options.managerFacts ?? {});
  const above = nodes[upTo + 1] ?? null;
  const manager = hint && managedHere(hint, above) ? { ...hint, node: above ?? root } : null;
  return { owner, nodes, root, supervisor, manager };
}

// Terminals that run as user services (older gnome-terminal-server.service) put every shell's
// children in their cgroup: that unit started the terminal, not the server.
const TERMINAL_UNIT = /terminal|konsole|kitty|alacritty|wezterm|tmux|screen|code|vte/i;

/**
 * A cgroup-based hint (systemd, docker) counts only when the launch root hangs right below a
 * process manager or below nothing visible (a container's init seen from the host): a server
 * started from a shell inside some unit's cgroup is that shell's, not the unit's.
 */
function managedHere(hint: ManagerHint, above: LaunchNode | null): boolean {
  if (hint.manager === 'pm2' || hint.manager === 'forever') return true;
  if (hint.manager === 'systemd' && TERMINAL_UNIT.test(hint.command)) return false;
  return above === null || above.kind === 'process-manager';
}

/**
 * Whether the root's argv is a command that can be run again. A title written over argv is not
 * (`next-server (v16.4.6)`), except a launcher's: npm writes its own command line there.
 */
export function isRunnable(root: LaunchNode): boolean {
  const argv = root.process.argv;
  if (argv.length === 0) return false;
  const retitled = argv.length === 1 && /\s/.test(argv[0]!);
  return !retitled || root.kind === 'launcher';
}

/** The stop command that goes with a manager's restart command (`pm2 stop api`, `docker stop …`). */
export function stopCommand(manager: ManagerHint): string {
  return manager.command.replace(/\brestart\b/, 'stop');
}
