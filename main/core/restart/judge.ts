import { ancestorPids, isAlive, sameIdentity } from '../process';
import type { ProbeResult } from '../evidence';
import type { Identity, Listener, ProcessInfo } from '../types';

// The restart as pure data: the phases it goes through (a failure names the one it failed in),
// and pure judgements of what each poll saw.

export type RestartPhase = 'resolve-recipe' | 'kill' | 'spawn' | 'wait-for-owner' | 'probe';

/**
 * Whether a process came from what Portwarden spawned: the process itself, a descendant, or a
 * member of the session it leads (a child that daemonized and was re-parented stays in it).
 */
export function isFromSpawn(p: ProcessInfo, spawnedPid: number, all: readonly ProcessInfo[]): boolean {
  return p.pid === spawnedPid || p.sid === spawnedPid || ancestorPids(all, p.pid).has(spawnedPid);
}

export interface OwnerFacts {
  listener: Listener | undefined;
  spawnedPid: number;
  /** The spawned process itself has exited. */
  exited: boolean;
  all: readonly ProcessInfo[];
  /** The owner before the restart: the new one must be another identity. */
  old: Identity | null;
}

export type OwnerJudgement =
  | { kind: 'ours'; owner: ProcessInfo }
  /** Not (yet) ours: nobody listens, or `other` does. */
  | { kind: 'wait'; other: ProcessInfo | null }
  /** The spawned process exited and nothing of its session lives on. */
  | { kind: 'gone' };

export function judgeOwner(f: OwnerFacts): OwnerJudgement {
  const owner = f.listener?.owner ?? null;
  const isOld = owner !== null && f.old !== null && sameIdentity(owner, f.old);
  if (owner && !isOld && isFromSpawn(owner, f.spawnedPid, f.all)) return { kind: 'ours', owner };
  if (f.exited && !f.all.some((p) => isAlive(p) && isFromSpawn(p, f.spawnedPid, f.all))) return { kind: 'gone' };
  return { kind: 'wait', other: owner };
}

export type ProbeJudgement =
  | { kind: 'pass'; status: number | null; detail: string }
  | { kind: 'retry'; detail: string }
  | { kind: 'fail'; status: number; detail: string };

/** 5xx answers this many times in a row fail the restart; one may be a dev server's first compile. */
const MAX_5XX = 3;

export function judgeProbe(r: ProbeResult, previous5xx: number): ProbeJudgement {
  if (r.outcome === 'skipped') return { kind: 'pass', status: null, detail: `not probed: ${r.detail ?? 'no loopback address'}` };
  if (r.outcome !== 'answered' || r.status === null)
    return { kind: 'retry', detail: `${r.url ?? 'probe'}: ${r.outcome}${r.detail ? ` (${r.detail})` : ''}` };
  const detail = `GET ${r.url} answered ${r.status}`;
  if (r.status < 500) return { kind: 'pass', status: r.status, detail };
  return previous5xx + 1 >= MAX_5XX ? { kind: 'fail', status: r.status, detail } : { kind: 'retry', detail };
}
