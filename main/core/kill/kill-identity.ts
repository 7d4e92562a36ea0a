import { processLabel } from '../../shared';
import type { Identity, PortTable, ProcessSource, TimelineStep } from '../types';
import type { KilledProcess, KillFailure, KillRefusal, KillResult, PortRelease } from './kill-result';
import { releaseFailure } from './port-release';
import { describePlan, prepareKill } from './prepare';
import { couldTakeBack } from './settle';
import { countProcesses, signalTree } from './signal';
import { posixTerminator, windowsTerminator } from './terminators';
import { type CommandRunner, execKillCommand } from './windows';
import { waitForRelease } from './verify';

export interface KillOptions {
  scanner: PortTable & ProcessSource;
  /** The port the target was shown on: its other socket holders die too, and its release is checked. */
  port?: number | null;
  /** SIGTERM -> SIGKILL delay (settings.killGraceMs); 0 sends SIGKILL at once. */
  graceMs?: number;
  /** How long the port may take to be released once the tree is dead. */
  releaseTimeoutMs?: number;
  /**
   * After the release, how long to watch for a supervisor taking the port back; spent only when
   * something above the target could (see couldTakeBack).
   */
  settleMs?: number;
  /** `--all-holders`: holders of the port outside the target's tree are killed too (after the same checks). */
  allHolders?: boolean;
  platform?: NodeJS.Platform;
  sendSignal?: (pid: number, signal: NodeJS.Signals) => void;
  runCommand?: CommandRunner;
  self?: { pid: number; uid: number | null };
  onStep?: (step: TimelineStep) => void;
  now?: () => number;
}

const DEFAULT_GRACE_MS = 3000;

/**
 * Kills the process the user was shown, never a bare PID, in three steps: plan (one snapshot,
 * identity and permission checks for every process before the first signal), signal (SIGTERM, the
 * grace, SIGKILL to what is left, heirs included), verify (the port released, not taken back).
 */
export async function killIdentity(identity: Identity, options: KillOptions): Promise<KillResult> {
  const now = options.now ?? Date.now;
  const steps: TimelineStep[] = [];
  const step = (name: string, detail: string) => {
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
  const prep = await prepareKill(identity, { scanner, port, allHolders: options.allHolders === true, self: options.self, now });
  if (!('plan' in prep)) return fail(prep);
  step('plan', describePlan(prep));

  const platform = options.platform ?? process.platform;
  const terminator =
    platform === 'win32'
      ? windowsTerminator(scanner, options.runCommand ?? execKillCommand)
      : posixTerminator(scanner, options.sendSignal ?? ((pid, sig) => process.kill(pid, sig)));
  const signalled = await signalTree(prep, { scanner, terminator, graceMs: options.graceMs ?? DEFAULT_GRACE_MS, port, step });
  if (!signalled.ok) return fail(signalled.refusal, signalled.killed);
  const { killed } = signalled;
  const targetRaced = signalled.raced.some((p) => p.pid === prep.target.pid) && !killed.some((k) => k.pid === prep.target.pid);
  if (targetRaced) step('race', `PID ${prep.target.pid} exited before the signal: another action or the process itself ended it`);
  step('exited', `${countProcesses(killed.length)} ended: ${killed.map(processLabel).join(', ') || 'none needed a signal'}`);
  const gone = targetRaced
    ? `${processLabel(prep.target)} had already exited (another action or the process itself ended it)`
    : `${processLabel(prep.target)} is gone`;
  if (port === null)
    return { ok: true, ...base, killed, message: targetRaced ? gone : `${processLabel(prep.target)} and its tree are gone` };

  const ids = [...prep.plan.targets, ...killed];
  const keeper = await couldTakeBack(scanner, prep.target, ids);
  const settleMs = keeper ? (options.settleMs ?? 1000) : 0;
  const release = await waitForRelease(scanner, port, ids, prep.outside, options.releaseTimeoutMs ?? 5000, settleMs);
  if (release.state !== 'released') return fail(releaseFailure(release, port), killed, release);
  step(
    'released',
    `port ${port} is free${keeper ? `; stayed free for ${settleMs} ms (${processLabel(keeper)} could have taken it back)` : '; no settle: nothing could take the port back'}`,
  );
  return { ok: true, ...base, killed, message: `${gone} and port ${port} is free` };
}
