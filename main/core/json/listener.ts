import { identityId } from '../process';
import type { Listener, ProcessInfo, Verdict } from '../types';

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

export interface ListenerJson {
  port: number;
  protocol: 'tcp';
  addresses: string[];
  owner: ProcessJson | null;
  ownerUnavailable: string | null;
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

export function listenerToJson(l: Listener, verdicts: Verdict[] = []): ListenerJson {
  return {
    port: l.port,
    protocol: l.protocol,
    addresses: l.addresses,
    owner: l.owner ? processToJson(l.owner) : null,
    ownerUnavailable: l.ownerUnavailable,
    holders: l.holders.map(processToJson),
    verdicts,
  };
}
