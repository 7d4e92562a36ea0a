import type { AncestryEvidence, PortEvidence } from '../evidence';
import type { Verdict } from '../types';
import { clockTime, describeProcess, quoteCommand } from './wording';

/** Where the process runs, for explanations of processes whose title hides what they are. */
function whereItRuns(e: PortEvidence): string {
  return e.owner.titleRewritten && e.owner.cwd ? ` (${quoteCommand(e.owner.command, 40)} in ${e.owner.cwd})` : '';
}

function exitedWhen(launcher: NonNullable<AncestryEvidence['launcher']>): string {
  return launcher.exitedAt !== null ? `, which exited at ${clockTime(launcher.exitedAt)}` : ', which is gone';
}

function adopterOf(a: AncestryEvidence): string {
  if (a.adoptedBy === 'init') return 'PID 1';
  const subreaper = a.adopter ?? (a.wrapper ? null : a.parent);
  return subreaper ? `the subreaper ${describeProcess(subreaper)}` : 'a subreaper';
}

function leaderGone(a: AncestryEvidence): string {
  return a.sessionLeaderAlive === false ? `session leader (PID ${a.sid})` : `process-group leader (PID ${a.pgid})`;
}

/** The owner itself was adopted: it outlived its parent (the incident: a wrapper SIGKILLed). */
function ownerAdopted(a: AncestryEvidence): string {
  const cause = a.launcher ? `started by ${describeProcess(a.launcher)}${exitedWhen(a.launcher)}` : `its ${leaderGone(a)} is gone`;
  return `${cause}; now adopted by ${adopterOf(a)}, it outlived whatever started it`;
}

/**
 * An ancestor further up was adopted while the owner's own parent lives (`sh -c` whose npm died,
 * or a test runner's `bash -c` whose terminal closed): what outlived its start is the tree, not
 * the server outliving its parent.
 */
function treeAdopted(a: AncestryEvidence, wrapper: NonNullable<AncestryEvidence['wrapper']>): string {
  const isParent = a.parent?.pid === wrapper.pid;
  const who = `${isParent ? 'its parent' : 'its launcher'} ${describeProcess(wrapper)}`;
  // A session leader is what a terminal starts (the shell); a group leader alone is a job's launcher.
  const outlived =
    a.sessionLeaderAlive === false
      ? 'this process tree outlived the terminal that started it'
      : 'this process tree outlived what started it';
  const parentAlive = !isParent && a.parent ? `; its own parent ${describeProcess(a.parent)} is alive` : '';
  const adopted = `${who} was adopted by ${adopterOf(a)}`;
  if (a.launcher) return `started by ${describeProcess(a.launcher)}${exitedWhen(a.launcher)}; ${adopted}: ${outlived}${parentAlive}`;
  return `${adopted} after its ${leaderGone(a)} exited: ${outlived}${parentAlive}`;
}

/** Windows never re-parents: the parent PID is dead, or reused by a newer process that is not its parent. */
function parentExited(a: AncestryEvidence, lost: NonNullable<AncestryEvidence['parentExited']>): string {
  const reused = lost.reusedBy ? `PID ${lost.ppid} now belongs to ${quoteCommand(lost.reusedBy.command)}, started after it` : null;
  const cause = a.launcher
    ? `started by ${describeProcess(a.launcher)}${exitedWhen(a.launcher)}${reused ? ` (${reused})` : ''}`
    : reused
      ? `its parent (PID ${lost.ppid}) has exited: ${reused}, so it is not its parent`
      : `its parent (PID ${lost.ppid}) has exited`;
  return `${cause}; Windows does not re-parent, so it outlived whatever started it`;
}

export function orphaned(e: PortEvidence): Verdict | null {
  const a = e.ancestry;
  // A daemon leads its own session and group on purpose (setsid), a Windows service runs without
  // its launcher by design: running on without a parent is how they work.
  if (!a || a.daemon) return null;
  let why: string;
  if (a.parentExited) why = parentExited(a, a.parentExited);
  else {
    if (!a.adoptedBy) return null;
    if (a.sessionLeaderAlive !== false && a.groupLeaderAlive !== false && !a.launcher) return null;
    why = a.wrapper ? treeAdopted(a, a.wrapper) : ownerAdopted(a);
  }
  return { kind: 'orphaned', severity: 'warning', explanation: `orphaned${whereItRuns(e)}: ${why}`, evidence: { ancestry: a } };
}
