import type { Identity, ProcessInfo, TimelineStep } from '../types';

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
