import type { Identity, ProcessInfo, TimelineStep } from '../types';

// Results are values: an expected failure (a stale identity, another user's process, a port a
// supervisor took back) is data the CLI and the UI show, never a thrown error.

export type KillCode =
  /** The PID runs nothing any more (or only a zombie). */
  | 'NOT_FOUND'
  /** The PID now belongs to a process with another start time: PID reuse. */
  | 'STALE_IDENTITY'
  /** init, Portwarden itself, one of its ancestors, or a Docker/WSL forwarder. */
  | 'PROTECTED'
  /** Another user's process and no rights over it: "needs elevated rights". */
  | 'EPERM'
  /** A process of the tree survived SIGKILL (uninterruptible sleep). */
  | 'SURVIVED'
  /** The tree is dead but the port is still held by one of its processes. */
  | 'STILL_HELD'
  /** The tree is dead and another process listens on the port now (a respawning supervisor). */
  | 'TAKEN'
  /** No way to act on this platform, or the OS tool failed. */
  | 'FAILED'
  /** A process manager (pm2, systemd, docker) keeps the server alive: act through it (the hint says how). */
  | 'MANAGED';

export interface KillRefusal {
  code: KillCode;
  message: string;
  hint: string;
}

export interface KilledProcess extends Identity {
  name: string;
  /** The strongest signal it needed. */
  signal: 'SIGTERM' | 'SIGKILL';
}

export type PortRelease =
  | { state: 'released' }
  /**
   * Still held by a process of the killed tree (same identity), or, with `outsideTree`, by a
   * holder outside it that was left alone (it received the socket; `--all-holders` ends it too).
   */
  | { state: 'held'; by: ProcessInfo; outsideTree?: boolean }
  /** Held by a process that was not in the tree; `by` is null when only the socket's uid is known. */
  | { state: 'taken'; by: ProcessInfo | null; parent: ProcessInfo | null; socketUid: number | null };

interface KillCommon {
  /** The identity that was asked for. */
  target: Identity;
  port: number | null;
  killed: KilledProcess[];
  steps: TimelineStep[];
}

export interface KillSuccess extends KillCommon {
  ok: true;
  message: string;
  /** The watch supervisor (nodemon and its kind) that went with the server, as a label: else no save would leave it alone. */
  supervisor?: string;
}

export interface KillFailure extends KillCommon, KillRefusal {
  ok: false;
  /** For TAKEN / STILL_HELD: who holds the port now. */
  release?: PortRelease;
}

export type KillResult = KillSuccess | KillFailure;
