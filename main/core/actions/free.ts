import { gatherLaunch, projectEvidence } from '../evidence';
import { type KillFailure, type KillSuccess, needsElevatedRights } from '../kill';
import { createProjectFs, projectOf } from '../project';
import type { ProcessInfo, ProjectRef } from '../types';
import { type KillActionOptions, killTarget } from './kill';

// `portwarden free 3000` in a package.json `predev` script: the safe `npx kill-port 3000`. It
// frees only what this project left behind, through the same identity-checked kill as `kill`.

export interface FreeOptions extends Omit<KillActionOptions, 'port' | 'force'> {
  /** The folder the command runs in: its project is the one whose servers may be freed. */
  cwd: string;
  /** Free a port held by another project (or by no project) too. */
  force?: boolean;
}

export type FreeCode = 'OTHER_PROJECT' | 'NO_PROJECT' | 'NOT_VISIBLE' | 'EPERM';

/** Why an owner counts as this project's: its folder, or a copy of it elsewhere (same package name). */
export type FreeReason = 'this project' | 'a copy of this project' | 'forced';

export type FreeOutcome =
  | { port: number; outcome: 'already-free' }
  | {
      port: number;
      outcome: 'freed';
      owner: ProcessInfo;
      command: string;
      project: ProjectRef | null;
      reason: FreeReason;
      kill: KillSuccess;
    }
  | {
      port: number;
      outcome: 'refused';
      code: FreeCode;
      message: string;
      hint: string;
      owner: ProcessInfo | null;
      project: ProjectRef | null;
    }
  | { port: number; outcome: 'failed'; owner: ProcessInfo; command: string; project: ProjectRef | null; kill: KillFailure };

const folderFs = createProjectFs();

/** The project of the folder the command runs in, or null outside any (no package.json up from it). */
export function projectOfFolder(cwd: string): ProjectRef | null {
  const found = projectOf({ cwd, argv: [] }, folderFs);
  return found ? { name: found.name, root: found.root, source: found.source } : null;
}

function belongs(owner: ProjectRef | null, here: ProjectRef | null): FreeReason | null {
  if (!owner || !here) return null;
  if (owner.root === here.root) return 'this project';
  // A git worktree or an older checkout of the same package: a stale copy of this project.
  return owner.name === here.name ? 'a copy of this project' : null;
}

function refusal(port: number, owner: ProcessInfo, command: string, project: ProjectRef | null, here: ProjectRef | null): FreeOutcome {
  const hint = `Use --force to free it anyway${here ? '' : ', or run free from your project folder'}.`;
  if (!project) {
    return {
      port,
      outcome: 'refused',
      code: 'NO_PROJECT',
      message: `port ${port} is held by \`${command}\` (PID ${owner.pid}), which belongs to no project${owner.cwd ? ` (in ${owner.cwd})` : ''}`,
      hint,
      owner,
      project,
    };
  }
  const mine = here ? '' : ' and this folder is in no project (no package.json up from it)';
  return {
    port,
    outcome: 'refused',
    code: 'OTHER_PROJECT',
    message: `port ${port} is held by \`${project.name}\` (${command}, PID ${owner.pid}) in ${project.root}${mine}`,
    hint,
    owner,
    project,
  };
}

/** Frees one port if what holds it is this project's (or `force`); a free port is a success that says nothing. */
export async function freePort(port: number, options: FreeOptions): Promise<FreeOutcome> {
  const { cwd, force, ...kill } = options;
  const listener = (await kill.scanner.scan({ fresh: true })).find((l) => l.port === port);
  if (!listener) return { port, outcome: 'already-free' };
  const owner = listener.owner;
  if (!owner) {
    const elevated = listener.ownerHidden === 'EPERM';
    const hint = elevated
      ? needsElevatedRights(null, port).hint
      : 'It may belong to a container or another network namespace (`docker ps`).';
    return {
      port,
      outcome: 'refused',
      code: elevated ? 'EPERM' : 'NOT_VISIBLE',
      message: `port ${port} is in use, but its owner is not visible: ${listener.ownerUnavailable ?? 'unknown'}`,
      hint,
      owner: null,
      project: null,
    };
  }
  const here = projectOfFolder(cwd);
  const project = projectEvidence(owner);
  const command = (await gatherLaunch(owner, kill.scanner)).nodes[0]?.command.replace(/ worker$/, '') ?? owner.name;
  const reason = belongs(project, here) ?? (force ? 'forced' : null);
  if (!reason) return refusal(port, owner, command, project, here);
  const result = await killTarget(owner, { ...kill, port });
  return result.ok
    ? { port, outcome: 'freed', owner, command, project, reason, kill: result }
    : { port, outcome: 'failed', owner, command, project, kill: result };
}

/** Each port in turn: a kill may free (or a supervisor take back) the next one. */
export async function freePorts(ports: readonly number[], options: FreeOptions): Promise<FreeOutcome[]> {
  const out: FreeOutcome[] = [];
  for (const port of ports) out.push(await freePort(port, options));
  return out;
}
