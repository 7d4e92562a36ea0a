import { processLabel } from '../../shared';
import { ancestorPids } from '../process';
import type { Identity, PortTable, ProcessInfo, ProcessSource } from '../types';
import { checkIdentity, checkPermitted, type SelfFacts } from './guard';
import type { KillRefusal } from './kill-result';
import { type KillPlan, killRoots, outsideHolders, planKill } from './plan';

/** Everything decided before the first signal, from one snapshot. */
export interface PreparedKill {
  target: ProcessInfo;
  plan: KillPlan;
  self: SelfFacts;
  /** When the snapshot was taken: a process started after it cannot be a holder we were shown. */
  at: number;
  /**
   * The port's socket inodes before the first signal (Linux): a process holding one after the
   * tree is gone, that was not a holder before, got it from the tree (an heir forked in the grace).
   */
  inodes: ReadonlySet<number>;
  /** Holders outside the target's lineage, left alone (unless every holder was asked for). */
  outside: ProcessInfo[];
}

export interface PrepareOptions {
  scanner: PortTable & ProcessSource;
  port: number | null;
  allHolders: boolean;
  self?: { pid: number; uid: number | null };
  now: () => number;
}

/** The plan step: identity and permission checks for every process of the plan, nothing signalled. */
export async function prepareKill(identity: Identity, o: PrepareOptions): Promise<PreparedKill | KillRefusal> {
  const at = o.now();
  const all = await o.scanner.list();
  const current = all.find((p) => p.pid === identity.pid) ?? null;
  const stale = checkIdentity(identity, current);
  if (stale) return stale;
  const target = current!;

  let holders: ProcessInfo[] = [];
  let inodes: number[] = [];
  if (o.port !== null) {
    const listener = (await o.scanner.scan({ fresh: true })).find((l) => l.port === o.port);
    holders = listener?.holders ?? [];
    inodes = listener?.inodes ?? [];
  }
  const plan = planKill(all, killRoots(all, target, holders, o.allHolders));
  const selfPid = o.self?.pid ?? process.pid;
  const self: SelfFacts = { pid: selfPid, ancestors: ancestorPids(all, selfPid), uid: o.self ? o.self.uid : (process.getuid?.() ?? null) };
  const refusal = permitAll(plan.targets, self, target);
  if (refusal) return refusal;
  const planned = new Set(plan.targets.map((t) => t.pid));
  const outside = o.allHolders ? [] : outsideHolders(all, target, holders).filter((h) => !planned.has(h.pid));
  return { target, plan, self, at, inodes: new Set(inodes), outside };
}

/** The first process Portwarden may not signal, as a refusal naming whose tree it is in. */
export function permitAll(procs: readonly ProcessInfo[], self: SelfFacts, target: ProcessInfo): KillRefusal | null {
  for (const p of procs) {
    const refusal = checkPermitted(p, self);
    if (refusal)
      return p.pid === target.pid
        ? refusal
        : { ...refusal, message: `${refusal.message} (it belongs to the tree of ${processLabel(target)})` };
  }
  return null;
}

export function describePlan(prep: PreparedKill): string {
  const { plan, target } = prep;
  const others = plan.targets.filter((t) => t.pid !== target.pid);
  const groups = plan.groups.length ? `; process group${plan.groups.length > 1 ? 's' : ''} ${plan.groups.join(', ')}` : '';
  const head = others.length
    ? `${processLabel(target)} and ${others.map(processLabel).join(', ')}${groups}`
    : `${processLabel(target)}${groups}`;
  const left = prep.outside.length
    ? `; left alone (outside its tree): ${prep.outside.map((h) => `${processLabel(h)} of user ${h.user ?? h.uid ?? '?'}`).join(', ')}`
    : '';
  return head + left;
}
