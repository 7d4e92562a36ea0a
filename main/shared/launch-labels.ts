import type { LaunchStep, PortStatus, ProjectRef } from '../core/types';

// How the CLI, the tray and the inspector name a port's owner and what launched it: the launch
// tree's labels (`next dev (31652) ← npm run dev (31611)`), never `node (31652)` or a rewritten title.

/** The parents, nearest first: `next dev (31652) ← npm run dev (31611)`. */
export function parentsLine(launch: readonly LaunchStep[]): string {
  return launch
    .slice(1)
    .map((n) => n.label)
    .join(' ← ');
}

/** The owner and its parents in one line: `next dev worker (31700) ← next dev (31652) ← …`. */
export function launchLine(launch: readonly LaunchStep[]): string {
  return launch.map((n) => n.label).join(' ← ');
}

/**
 * What the server is, in a word or two: `next dev`, `vite`, `node server.js`. A tool's worker is
 * named for the command it serves, since that is what the person typed.
 */
export function serverCommand(status: Pick<PortStatus, 'launch'>): string | null {
  const owner = status.launch?.[0];
  return owner ? owner.command.replace(/ worker$/, '') : null;
}

/** `shop`, or `shop (~/src/shop)` where the folder says more than the name. */
export function projectLabel(project: ProjectRef | null | undefined, withRoot = false): string | null {
  if (!project) return null;
  return withRoot ? `${project.name} (${project.root})` : project.name;
}
