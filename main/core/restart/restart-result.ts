import type { KillCode } from '../kill';
import type { Recipe } from '../recipes';
import type { Identity, ProcessInfo, TimelineStep } from '../types';
import type { RestartPhase } from './judge';

export type RestartCode =
  | KillCode
  /** Nothing says how to start the port: no settings recipe, owner, remembered recipe or package.json. */
  | 'NO_RECIPE'
  /** The recipe cannot start (missing folder, command not found, not runnable by its user): checked before any signal. */
  | 'BAD_RECIPE'
  /** `start` on a port something already listens on. */
  | 'PORT_BUSY'
  /** Something listens but Portwarden cannot see who (another network namespace). */
  | 'NOT_VISIBLE'
  | 'SPAWN_FAILED'
  /** The started process exited before it owned the port. */
  | 'EXITED'
  /** It did not own the port within the timeout. */
  | 'TIMEOUT'
  /** It owns the port but the HTTP probe answered 5xx or never answered. */
  | 'PROBE_FAILED'
  /** The caller aborted (Ctrl-C) before the outcome was verified. */
  | 'INTERRUPTED';

export type RestartAction = 'restart' | 'start';

interface RestartCommon {
  action: RestartAction;
  port: number;
  /** The owner before (null for a start, or a restart of a free port). */
  old: Identity | null;
  recipe: Recipe | null;
  timeline: TimelineStep[];
  /** The started process's log file. */
  log: string | null;
  /** What Portwarden started (the session leader; the port's owner may be its descendant). */
  spawned: Identity | null;
}

export interface RestartSuccess extends RestartCommon {
  ok: true;
  recipe: Recipe;
  log: string;
  spawned: Identity;
  /** The port's new owner: the spawned process or one of its descendants. */
  new: ProcessInfo;
  /** null when the port is not probed (not known to speak HTTP). */
  probe: { status: number } | null;
}

export interface RestartFailure extends RestartCommon {
  ok: false;
  code: RestartCode;
  phase: RestartPhase;
  /** One line, quoting the decisive log line where there is one. */
  reason: string;
  hint: string;
  logTail: string[];
  /** Who owns the port now, if anyone. */
  owner: ProcessInfo | null;
  /** Whether the started process was left running (it owns the port but failed the probe). */
  leftRunning: boolean;
  /** When an observed or remembered recipe failed: what `portwarden start` would try next. */
  next?: Recipe | null;
  /** MANAGED: what manages the port and the exact command that restarts it through it. */
  manager?: { manager: string; command: string } | null;
}

export type RestartResult = RestartSuccess | RestartFailure;
