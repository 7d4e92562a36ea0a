import { identityId } from '../process';
import type { LaunchKind, LaunchStep, Listener, OwnerHiddenCode, ProcessInfo, ProjectRef, Verdict } from '../types';

// The `--json` shape is a public contract (scripts parse it): add fields, never rename or remove.

export interface ProcessJson {
  /** `"<pid>@<ISO start time>"`: what `portwarden kill <id>` acts on, refused once the PID is reused. */
  id: string;
  pid: number;
  startTime: string;
  ppid: number | null;
  pgid: number | null;
  sid: number | null;
  name: string;
  argv: string[];
  exe: string | null;
  cwd: string | null;
  user: string | null;
  uid: number | null;
  state: string;
  forwarder: string | null;
}

export interface LaunchStepJson {
  kind: LaunchKind;
  /** `next dev (31652)`: what a person would type, never a rewritten title. */
  label: string;
  command: string;
  pid: number;
  startTime: string;
}

/** The owner, with its project and its classified launch tree (itself first, then its parents). */
export interface OwnerJson extends ProcessJson {
  project: ProjectRef | null;
  launch: LaunchStepJson[];
}

/** What the evidence adds to an owner beyond the scan. */
export interface OwnerExtras {
  project?: ProjectRef | null;
  launch?: readonly LaunchStep[];
}

export interface ListenerJson {
  port: number;
  protocol: 'tcp';
  addresses: string[];
  owner: OwnerJson | null;
  ownerUnavailable: string | null;
  /** EPERM: another user's process, elevated rights would show it; NOT_VISIBLE otherwise; null: the owner is known. */
  ownerHidden: OwnerHiddenCode | null;
  holders: ProcessJson[];
  verdicts: Verdict[];
}

export function processToJson(p: ProcessInfo): ProcessJson {
  return {
    id: identityId(p),
    pid: p.pid,
    startTime: new Date(p.startTime).toISOString(),
    ppid: p.ppid,
    pgid: p.pgid,
    sid: p.sid,
    name: p.name,
    argv: p.argv,
    exe: p.exe,
    cwd: p.cwd,
    user: p.user,
    uid: p.uid,
    state: p.state,
    forwarder: p.forwarder,
  };
}

export function launchStepToJson(n: LaunchStep): LaunchStepJson {
  return { kind: n.kind, label: n.label, command: n.command, pid: n.pid, startTime: new Date(n.startTime).toISOString() };
}

export function listenerToJson(l: Listener, verdicts: Verdict[] = [], extras: OwnerExtras = {}): ListenerJson {
  return {
    port: l.port,
    protocol: l.protocol,
    addresses: l.addresses,
    owner: l.owner
      ? { ...processToJson(l.owner), project: extras.project ?? null, launch: (extras.launch ?? []).map(launchStepToJson) }
      : null,
    ownerUnavailable: l.ownerUnavailable,
    ownerHidden: l.ownerHidden,
    holders: l.holders.map(processToJson),
    verdicts,
  };
}
