import type { Identity, PortTable, ProcessInfo, ProcessSource, TimelineStep } from '../types';
import { processLabel } from '../../shared';
import { waitUntil } from '../wait';
import { ancestorPids, survivors } from '../process';
import { checkIdentity, checkPermitted, needsElevatedRights, type SelfFacts } from './guard';
import type { KilledProcess, KillFailure, KillRefusal, KillResult, PortRelease } from './kill-result';
import { type KillPlan, killRoots, planKill } from './plan';
import { classifyRelease, releaseFailure } from './port-release';
import { type CommandRunner, runCommand, type Terminator, windowsTerminator } from './windows';

export interface KillOptions {
  scanner: PortTable & ProcessSource;
  /** The port the target was shown on: its other socket holders die too, and its release is checked. */
  port?: number | null;
  /** SIGTERM -> SIGKILL delay (settings.killGraceMs); 0 sends SIGKILL at once. */
  graceMs?: number;
  /** How long the port may take to be released once the tree is dead. */
  releaseTimeoutMs?: number;
  /** After the release, how long to watch for a supervisor taking the port back. */
  settleMs?: number;
  platform?: NodeJS.Platform;
  sendSignal?: (pid: number, signal: NodeJS.Signals) => void;
  runCommand?: CommandRunner;
  self?: { pid: number; uid: number | null };
  onStep?: (step: TimelineStep) => void;
  now?: () => number;
}

const DEFAULT_GRACE_MS = 3000;
const POLL_MS = 50;
// SIGKILL cannot be caught; a process that outlives it this long is in uninterruptible sleep.
const SIGKILL_WAIT_MS = 3000;

type Step = (step: string, detail: string) => void;

/**
 * Kills the process the user was shown, never a bare PID: one snapshot, identity and permission
 * checks for every process of the plan before the first signal, SIGTERM, a grace period, SIGKILL
 * to what still runs under the same identity, then the port-release check.
 */
export async function killIdentity(identity: Identity, options: KillOptions): Promise<KillResult> {
  const now = options.now ?? Date.now;
  const steps: TimelineStep[] = [];
  const step: Step = (name, detail) => {
    const entry = { at: now(), step: name, detail };
    steps.push(entry);
    options.onStep?.(entry);
  };
  const port = options.port ?? null;
  const base = { target: { pid: identity.pid, startTime: identity.startTime }, port, steps };
  const fail = (refusal: KillRefusal, killed: KilledProcess[] = [], release?: PortRelease): KillFailure => {
    step('failed', refusal.message);
    return { ok: false, ...base, ...refusal, killed, ...(release ? { release } : {}) };
  };

  const { scanner } = options;
  const all = await scanner.list();
  const current = all.find((p) => p.pid === identity.pid) ?? null;
  const stale = checkIdentity(identity, current);
  if (stale) return fail(stale);
  const target = current!;

  let holders: ProcessInfo[] = [];
  if (port !== null) {
    const listener = (await scanner.scan({ fresh: true })).find((l) => l.port === port);
    holders = listener?.holders ?? [];
  }
  const plan = planKill(all, killRoots(all, target, holders));
  const selfPid = options.self?.pid ?? process.pid;
  const self: SelfFacts = {
    pid: selfPid,
    ancestors: ancestorPids(all, selfPid),
    uid: options.self ? options.self.uid : (process.getuid?.() ?? null),
  };
  for (const p of plan.targets) {
    const refusal = checkPermitted(p, self);
    if (refusal) return fail(p.pid === target.pid ? refusal : { ...refusal, message: `${refusal.message} (it belongs to the tree of ${processLabel(target)})` });
  }
  step('plan', describePlan(plan, target));

  const platform = options.platform ?? process.platform;
  const terminator =
    platform === 'win32'
      ? windowsTerminator(options.runCommand ?? runCommand, (targets) => stillRunning(scanner, targets))
      : posixTerminator(scanner, options.sendSignal ?? ((pid, sig) => process.kill(pid, sig)));
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const forced = new Set<number>();
  const ids = plan.targets.map((t) => ({ pid: t.pid, startTime: t.startTime }));
  const killedList = () =>
    plan.targets.map((t): KilledProcess => ({ pid: t.pid, startTime: t.startTime, name: t.name, signal: forced.has(t.pid) ? 'SIGKILL' : 'SIGTERM' }));

  if (graceMs > 0) {
    const denied = await terminator.send(plan, false);
    if (denied) return fail(needsElevatedRights(denied));
    step(terminator.polite, withOutcome(`asked ${countProcesses(plan.targets.length)} to stop; ${terminator.forced === 'sigkill' ? 'SIGKILL' : terminator.forced} follows in ${graceMs} ms`, terminator));
    await waitUntil(async () => (await stillRunning(scanner, ids)).length === 0, graceMs, POLL_MS);
  }
  const all2 = await scanner.list();
  let left = survivors(all2, ids);
  if (left.length > 0) {
    // Re-planned from a new snapshot: children forked during the grace period die too.
    const escalation = planKill(all2, left);
    for (const p of escalation.targets) forced.add(p.pid);
    const denied = await terminator.send(escalation, true);
    if (denied) return fail(needsElevatedRights(denied), killedList());
    step(terminator.forced, withOutcome(`${left.map(processLabel).join(', ')} ${graceMs > 0 ? `still running after ${graceMs} ms: forced` : 'forced without a grace period'}`, terminator));
    await waitUntil(async () => (await stillRunning(scanner, ids)).length === 0, SIGKILL_WAIT_MS, POLL_MS);
    left = await stillRunning(scanner, ids);
    if (left.length > 0) {
      return fail(
        {
          code: 'SURVIVED',
          message: `${left.map(processLabel).join(', ')} survived SIGKILL (state ${left.map((p) => p.state).join(', ')})`,
          hint: 'A process in uninterruptible sleep (state D) dies when its I/O returns: check disks and network mounts.',
        },
        killedList(),
      );
    }
  }
  step('exited', `${countProcesses(plan.targets.length)} ended: ${plan.targets.map(processLabel).join(', ')}`);
  const killed = killedList();
  if (port === null) return { ok: true, ...base, killed, message: `${processLabel(target)} and its tree are gone` };

  const release = await waitForRelease(scanner, port, ids, options.releaseTimeoutMs ?? 5000, options.settleMs ?? 1000);
  if (release.state !== 'released') return fail(releaseFailure(release, port), killed, release);
  step('released', `port ${port} is free`);
  return { ok: true, ...base, killed, message: `${processLabel(target)} is gone and port ${port} is free` };
}

/** The targets still running under their identity: a few cheap per-PID reads instead of a full listing per poll. */
async function stillRunning(source: ProcessSource, ids: readonly Identity[]): Promise<ProcessInfo[]> {
  const now = await Promise.all(ids.map((id) => source.get(id.pid)));
  return survivors(now.filter((p): p is ProcessInfo => p !== null), ids);
}

/** The port after the tree died: released (and still free after `settleMs`), still held, or taken. */
async function waitForRelease(
  scanner: PortTable & ProcessSource,
  port: number,
  killed: Identity[],
  timeoutMs: number,
  settleMs: number,
): Promise<PortRelease> {
  const find = async (fresh: boolean) => (await scanner.scan({ fresh })).find((l) => l.port === port);
  let release: PortRelease = { state: 'released' };
  await waitUntil(async () => {
    release = classifyRelease(await find(false), killed);
    // A socket with no visible holder right after its owner died is most likely still closing
    // (its owner is mid-exit under load), not taken: keep waiting rather than blame a stranger.
    return release.state === 'released' || (release.state === 'taken' && release.by !== null);
  }, timeoutMs, POLL_MS);
  // A supervisor restarts its child within moments: watch a little longer before calling it free.
  if (release.state === 'released') {
    await waitUntil(async () => (await find(false)) !== undefined, settleMs, POLL_MS);
  }
  release = classifyRelease(await find(true), killed);
  if (release.state === 'taken' && release.by?.ppid) {
    release = { ...release, parent: await scanner.get(release.by.ppid) };
  }
  return release;
}

function posixTerminator(source: ProcessSource, sendSignal: (pid: number, signal: NodeJS.Signals) => void): Terminator {
  return {
    polite: 'sigterm',
    forced: 'sigkill',
    lastOutcome: () => null,
    async send(plan, force) {
      const signal = force ? 'SIGKILL' : 'SIGTERM';
      const attempt = (target: number): 'ok' | 'denied' => {
        try {
          sendSignal(target, signal);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EPERM') return 'denied';
          if (code !== 'ESRCH') throw err;
        }
        return 'ok';
      };
      for (const pgid of plan.groups) {
        const members = plan.targets.filter((t) => t.pgid === pgid);
        // The kernel never hands out a PID that names a live process group, so -pgid is still the
        // group we planned for as long as one of its members runs in it under the same identity.
        // Once all have exited, the number may already name a stranger's group: leave it.
        const live = await stillRunning(source, members);
        if (!live.some((m) => m.pgid === pgid)) continue;
        if (attempt(-pgid) === 'denied') return members[0] ?? null;
      }
      for (const p of plan.singles) {
        // Exited ones are skipped: their PID may already be someone else's.
        if ((await stillRunning(source, [p])).length === 0) continue;
        if (attempt(p.pid) === 'denied') return p;
      }
      return null;
    },
  };
}

/** The step's text and, on Windows, what taskkill answered (its exit code and its line). */
function withOutcome(detail: string, terminator: Terminator): string {
  const outcome = terminator.lastOutcome();
  return outcome ? `${detail}; ${outcome}` : detail;
}

function describePlan(plan: KillPlan, target: ProcessInfo): string {
  const others = plan.targets.filter((t) => t.pid !== target.pid);
  const groups = plan.groups.length ? `; process group${plan.groups.length > 1 ? 's' : ''} ${plan.groups.join(', ')}` : '';
  return others.length ? `${processLabel(target)} and ${others.map(processLabel).join(', ')}${groups}` : `${processLabel(target)}${groups}`;
}

function countProcesses(n: number): string {
  return n === 1 ? '1 process' : `${n} processes`;
}
