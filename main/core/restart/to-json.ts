import { recipeToJson } from '../recipes';
import type { Identity, ProcessInfo, TimelineStep } from '../types';
import type { RestartResult } from './restart-result';

// The `--json` shape of restart/start is a public contract (scripts parse it): add, never rename.

export interface IdentityJson {
  pid: number;
  startTime: string;
}

export function identityToJson(i: Identity): IdentityJson {
  return { pid: i.pid, startTime: new Date(i.startTime).toISOString() };
}

export function ownerToJson(p: ProcessInfo): IdentityJson & { name: string } {
  return { ...identityToJson(p), name: p.name };
}

export function timelineToJson(steps: readonly TimelineStep[]): Array<{ at: string; step: string; detail: string }> {
  return steps.map((s) => ({ at: new Date(s.at).toISOString(), step: s.step, detail: s.detail }));
}

/** One line per step, stamped with the seconds since the first: what the CLI prints as it happens. */
export function formatStep(step: TimelineStep, startedAt: number): string {
  const t = ((step.at - startedAt) / 1000).toFixed(1);
  return `  +${t}s  ${step.step.padEnd(9)}  ${step.detail}`;
}

export function restartResultToJson(r: RestartResult): Record<string, unknown> {
  const common = {
    port: r.port,
    old: r.old ? identityToJson(r.old) : null,
  };
  if (r.ok) {
    return {
      ok: true,
      ...common,
      new: identityToJson(r.new),
      recipe: recipeToJson(r.recipe),
      probe: r.probe,
      timeline: timelineToJson(r.timeline),
      log: r.log,
    };
  }
  return {
    ok: false,
    ...common,
    code: r.code,
    reason: r.reason,
    hint: r.hint,
    owner: r.owner ? ownerToJson(r.owner) : null,
    spawned: r.spawned ? identityToJson(r.spawned) : null,
    leftRunning: r.leftRunning,
    recipe: r.recipe ? recipeToJson(r.recipe) : null,
    timeline: timelineToJson(r.timeline),
    log: r.log,
    logTail: r.logTail,
  };
}
