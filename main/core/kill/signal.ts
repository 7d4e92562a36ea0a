import { processLabel } from '../../shared';
import { isAlive, sameIdentity, survivors } from '../process';
import type { Identity, PortTable, ProcessInfo, ProcessSource } from '../types';
import { waitUntil } from '../wait';
import { needsElevatedRights } from './guard';
import type { KilledProcess, KillRefusal } from './kill-result';
import { planKill } from './plan';
import { type PreparedKill, permitAll } from './prepare';
import { stillRunning, type Terminator } from './terminators';

const POLL_MS = 50;
// SIGKILL cannot be caught; a process that outlives it this long is in uninterruptible sleep.
const SIGKILL_WAIT_MS = 3000;
// An heir may itself fork one while it dies; a few rounds, then the release check names what is left.
const MAX_ROUNDS = 3;

export interface SignalContext {
  scanner: PortTable & ProcessSource;
  terminator: Terminator;
  graceMs: number;
  port: number | null;
  step: (name: string, detail: string) => void;
}

export type SignalOutcome =
  | { ok: true; killed: KilledProcess[]; raced: ProcessInfo[] }
  | { ok: false; refusal: KillRefusal; killed: KilledProcess[] };

const isStopped = (p: ProcessInfo) => p.state === 'stopped' || p.state === 'tracing-stop';

/**
 * The signal step: SIGTERM to the plan and the grace period, then SIGKILL to what still runs under
 * its identity, to what joined the tree's process groups meanwhile, and to any new holder of the
 * port's sockets (an heir forked during the grace) once the tree is gone.
 */
export async function signalTree(prep: PreparedKill, ctx: SignalContext): Promise<SignalOutcome> {
  const { scanner, terminator, step } = ctx;
  const signalled = new Map<number, KilledProcess>();
  const record = (procs: readonly ProcessInfo[], signal: KilledProcess['signal']) => {
    for (const p of procs) signalled.set(p.pid, { pid: p.pid, startTime: p.startTime, name: p.name, signal });
  };
  const killed = () => [...signalled.values()];
  const fail = (refusal: KillRefusal): SignalOutcome => ({ ok: false, refusal, killed: killed() });
  const ids: Identity[] = prep.plan.targets.map((t) => ({ pid: t.pid, startTime: t.startTime }));
  const raced: ProcessInfo[] = [];

  let graceMs = ctx.graceMs;
  if (graceMs > 0 && prep.plan.targets.every(isStopped)) {
    // A stopped process cannot run its SIGTERM handler until continued, and SIGCONT would let a
    // process someone paused (Ctrl-Z, a debugger) run again first: SIGKILL works on it as it is.
    step('no-grace', `no grace: stopped (${prep.plan.targets.map((t) => `${processLabel(t)} is ${t.state}`).join(', ')}): SIGKILL at once`);
    graceMs = 0;
  }
  if (graceMs > 0) {
    const r = await terminator.send(prep.plan, false);
    raced.push(...r.gone);
    if (r.denied) return fail(needsElevatedRights(r.denied));
    record(r.sent, 'SIGTERM');
    const next = terminator.forced === 'sigkill' ? 'SIGKILL' : terminator.forced;
    step(terminator.polite, withOutcome(`asked ${countProcesses(r.sent.length)} to stop; ${next} follows in ${graceMs} ms`, terminator));
    await waitUntil(async () => (await stillRunning(scanner, ids)).length === 0, graceMs, POLL_MS);
  }

  let first = true;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const all = await scanner.list();
    const left = survivors(all, ids);
    const joined = groupNewcomers(all, prep, ids);
    const heirs = left.length + joined.length === 0 ? await portHeirs(scanner, prep, ids) : [];
    const roots = [...left, ...joined, ...heirs];
    if (roots.length === 0) break;
    const escalation = planKill(all, roots);
    const refusal = permitAll(escalation.targets, prep.self, prep.target);
    if (refusal) return fail(refusal);
    const r = await terminator.send(escalation, true);
    if (first && graceMs === 0) raced.push(...r.gone);
    if (r.denied) return fail(needsElevatedRights(r.denied));
    record(r.sent, 'SIGKILL');
    ids.push(
      ...escalation.targets.filter((t) => !ids.some((i) => sameIdentity(i, t))).map((t) => ({ pid: t.pid, startTime: t.startTime })),
    );
    if (left.length)
      step(
        terminator.forced,
        withOutcome(
          `${left.map(processLabel).join(', ')} ${graceMs > 0 ? `still running after ${graceMs} ms: forced` : 'forced without a grace period'}`,
          terminator,
        ),
      );
    if (joined.length) step('regroup', `${joined.map(processLabel).join(', ')} joined the tree's process group during the grace: forced`);
    if (heirs.length)
      step('heir', `${heirs.map(processLabel).join(', ')} holds the port's socket, which it got from the tree during the grace: forced`);
    first = false;
    await waitUntil(async () => (await stillRunning(scanner, ids)).length === 0, SIGKILL_WAIT_MS, POLL_MS);
    const stuck = await stillRunning(scanner, ids);
    if (stuck.length > 0) {
      return fail({
        code: 'SURVIVED',
        message: `${stuck.map(processLabel).join(', ')} survived SIGKILL (state ${stuck.map((p) => p.state).join(', ')})`,
        hint: 'A process in uninterruptible sleep (state D) dies when its I/O returns: check disks and network mounts.',
      });
    }
  }
  return { ok: true, killed: killed(), raced };
}

/**
 * Live processes in one of the plan's process groups that were not planned: forked after the
 * snapshot, possibly reparented since. A group number goes to a stranger only once the group is
 * gone, and then as the PID of its new leader: a group led by anyone but our planned leader is not ours.
 */
function groupNewcomers(all: readonly ProcessInfo[], prep: PreparedKill, ids: readonly Identity[]): ProcessInfo[] {
  const ours = (p: ProcessInfo) => ids.some((i) => sameIdentity(i, p));
  const groups = new Set(prep.plan.groups.filter((g) => !all.some((p) => p.pid === g && isAlive(p) && !ours(p))));
  return all.filter((p) => p.pgid !== null && groups.has(p.pgid) && isAlive(p) && !ours(p));
}

/** New holders of the sockets the tree had: not shown as holders before the first signal, so born of the tree. */
async function portHeirs(scanner: PortTable, prep: PreparedKill, ids: readonly Identity[]): Promise<ProcessInfo[]> {
  if (prep.inodes.size === 0) return [];
  const listener = (await scanner.scan({ fresh: true })).find((l) => l.inodes?.some((i) => prep.inodes.has(i)));
  if (!listener) return [];
  const known = [...ids, ...prep.outside];
  return listener.holders.filter((h) => isAlive(h) && !known.some((k) => sameIdentity(k, h)));
}

export function countProcesses(n: number): string {
  return n === 1 ? '1 process' : `${n} processes`;
}

/** A taskkill step ends with the command and what it said; a signal prints nothing to add. */
function withOutcome(detail: string, terminator: Terminator): string {
  const said = terminator.lastOutcome();
  return said ? `${detail}; ${said}` : detail;
}
