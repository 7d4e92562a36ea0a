// The data that flows OS -> scan -> evidence -> verdicts -> snapshot -> (tray | inspector | CLI).
// Plain data only: everything here must survive structured clone (IPC) and JSON (CLI).

/**
 * A process as the OS knows it. `startTime` (ms since the epoch) disambiguates PID reuse:
 * every action names an identity, never a bare PID.
 */
export interface Identity {
  pid: number;
  startTime: number;
}

export type ProcessState = 'running' | 'sleeping' | 'disk-sleep' | 'stopped' | 'tracing-stop' | 'zombie' | 'dead' | 'idle' | 'unknown';

/** Port forwarders that belong to Docker/WSL, so nobody kills them thinking it is their dev server. */
export type ForwarderKind = 'docker-proxy' | 'docker-desktop' | 'wsl-relay' | 'rootlesskit';

export interface ProcessInfo extends Identity {
  ppid: number | null;
  /** Process group and session where the OS has them (Linux, macOS). */
  pgid: number | null;
  sid: number | null;
  /** The kernel's short name (comm), which a server may have rewritten (e.g. `next-server (v15…)`). */
  name: string;
  argv: string[];
  exe: string | null;
  cwd: string | null;
  user: string | null;
  uid: number | null;
  state: ProcessState;
  forwarder: ForwarderKind | null;
}

/**
 * Why a listening socket's owner cannot be seen: EPERM when it is another user's process and
 * elevated rights would show it; NOT_VISIBLE otherwise (another namespace, exited mid-scan, the
 * kernel itself).
 */
export type OwnerHiddenCode = 'EPERM' | 'NOT_VISIBLE';

export interface Listener {
  port: number;
  protocol: 'tcp';
  /** Local addresses bound on this port: '0.0.0.0', '::', '127.0.0.1', '::1', … */
  addresses: string[];
  /** The primary owner: the holder whose parent is not itself a holder (the one that bound). */
  owner: ProcessInfo | null;
  /** Every process holding one of the listening sockets (a child may inherit and outlive its parent). */
  holders: ProcessInfo[];
  /** Why `owner` is null, in words for people, e.g. "needs elevated rights: …". */
  ownerUnavailable: string | null;
  /** Why `owner` is null, as a code to branch on (`ownerUnavailable` is its wording); null when the owner is known. */
  ownerHidden: OwnerHiddenCode | null;
  /** The uid the kernel records for the socket, known even when the owner is not visible. */
  socketUid: number | null;
  /** The sockets' inodes where the OS names them (Linux): a kill records them to recognise an heir. */
  inodes?: number[];
}

export interface ScanOptions {
  /** Ignore every cache and resolve all owners again (used before acting on a port). */
  fresh?: boolean;
}

/** One interface, one adapter per OS. */
export interface PortTable {
  readonly platform: string;
  scan(options?: ScanOptions): Promise<Listener[]>;
}

/** Process details beyond the port table: parents, children, liveness. */
export interface ProcessSource {
  get(pid: number): Promise<ProcessInfo | null>;
  /** Every process visible to this user (for trees and parent chains). */
  list(): Promise<ProcessInfo[]>;
}

export type VerdictKind = 'healthy' | 'orphaned' | 'zombie' | 'stopped' | 'stale-build' | 'not-answering' | '404-wall' | 'duplicate';

/** ok < info < warning < trouble; the tray icon shows the worst. */
export type Severity = 'ok' | 'info' | 'warning' | 'trouble';

export interface Verdict {
  kind: VerdictKind;
  severity: Severity;
  /** One line a human reads, naming the evidence ("`.next` rebuilt 31 min after this server started"). */
  explanation: string;
  /** The facts behind it, for the inspector's "why". JSON-safe. */
  evidence: Record<string, unknown>;
}

/** How a process in a port owner's launch tree is classed (see main/core/launch-tree). */
export type LaunchKind = 'launcher' | 'tool' | 'watch-supervisor' | 'process-manager' | 'parallel-runner' | 'server' | 'other';

/** One process of an owner's launch tree as people read it: `next dev (31652)`, never a rewritten title. */
export interface LaunchStep extends Identity {
  kind: LaunchKind;
  /** What a person would type (`next dev`, `npm run dev`); for a worker, what it serves. */
  command: string;
  /** `next dev (31652)`. */
  label: string;
}

/** The project a process belongs to: the folder with its package.json. */
export interface ProjectRef {
  name: string;
  root: string;
  /** Found from the process's cwd, or from a path in its command line (no cwd, or cwd `/`). */
  source: 'cwd' | 'argv';
}

/** One watched port or one listening port, as the tray, inspector and CLI show it. */
export interface PortStatus {
  port: number;
  /** In the user's watched ports (listed even when free). */
  watched: boolean;
  listener: Listener | null;
  verdicts: Verdict[];
  /** The worst severity among the verdicts ('ok' for healthy or free). */
  severity: Severity;
  /** The owner's project, when one was found. */
  project?: ProjectRef | null;
  /** The owner and its parents, nearest first, classified; empty when the owner is not visible. */
  launch?: LaunchStep[];
}

export interface Snapshot {
  /** When the scan behind it ran (ms since the epoch). */
  at: number;
  /** Every listening port, plus watched ports that are free; sorted by port. */
  ports: PortStatus[];
  paused: boolean;
}

export interface OwnerRef extends Identity {
  name: string;
}

/** What the watcher says changed between two snapshots. `at` is ms since the epoch. */
export type WatchEvent =
  | { type: 'appeared'; at: number; port: number; owner: OwnerRef | null }
  | { type: 'owner-changed'; at: number; port: number; from: OwnerRef; to: OwnerRef }
  | { type: 'owner-died'; at: number; port: number; owner: OwnerRef }
  | { type: 'released'; at: number; port: number; previous: OwnerRef | null }
  | { type: 'verdict-changed'; at: number; port: number; from: VerdictKind[]; to: Verdict[] };

/** One step of a kill, start or restart as it happened (`at`: ms since the epoch), for timelines. */
export interface TimelineStep {
  at: number;
  step: string;
  detail: string;
}
