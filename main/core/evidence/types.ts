import type { LaunchStep, ProjectRef } from '../types';

// What the gatherers found about one port owner. Plain, JSON-safe data: the verdicts are pure
// functions of it, and each verdict carries the part it was derived from so the UI can show why.
import type { ProcessInfo } from '../types';

/** A process as named in an explanation. */
export interface ProcessRef {
  pid: number;
  startTime: number;
  name: string;
  /** The command line as shown to a human; the name when argv is gone (rewritten process title). */
  command: string;
}

export interface AncestryEvidence {
  pid: number;
  ppid: number | null;
  /** The current parent, when visible. */
  parent: ProcessRef | null;
  /** Why the parent counts as an adopter of orphans: PID 1, or a subreaper such as `systemd --user`. */
  adoptedBy: 'init' | 'subreaper' | null;
  /** The adopter itself (PID 1 or the subreaper), when adopted and visible. */
  adopter: ProcessRef | null;
  /**
   * The launcher that was adopted when it is not the owner: the outermost live process of the
   * owner's process group (the `sh -c` that `npm run dev` spawned, whose npm exited). The
   * leaders, `daemon` and `adoptedBy` describe this process; null when that is the owner itself.
   */
  wrapper: ProcessRef | null;
  /** Its own session and process-group leader: started on purpose with setsid (a daemon). */
  daemon: boolean;
  sid: number | null;
  pgid: number | null;
  /** Null when the process leads it itself or the id is unknown. */
  sessionLeaderAlive: boolean | null;
  groupLeaderAlive: boolean | null;
  /**
   * The process that started it, remembered from an earlier sighting of the parent chain, once
   * it is gone (the outermost of the ancestors that died, e.g. `npm run start` rather than the
   * `sh -c` it spawned).
   */
  launcher: (ProcessRef & { exitedAt: number | null }) | null;
  /**
   * Windows, where nothing re-parents: the parent PID names no live process, or one created after
   * this process (`reusedBy`: the PID was reused, so that process is not its parent). Null where
   * the parent lives, and on systems that re-parent (they show `adoptedBy` instead).
   */
  parentExited?: { ppid: number; reusedBy: ProcessRef | null } | null;
  /** The working directory, the best clue left when the process title was rewritten. */
  cwd: string | null;
}

/** What a watcher remembers of one owner's ancestry, to name its launcher once that has exited. */
export interface AncestryMemory {
  /** The parent chain (nearest first) when the owner was first seen. */
  chain: ProcessInfo[];
  /** When the watcher saw the owner's parent change (its parent exited); null if not seen. */
  reparentedAt: number | null;
}

export interface BuildDirChange {
  /** The configured name, e.g. `.next`. */
  name: string;
  path: string;
  /** The newest mtime of the directory itself and its immediate entries. */
  changedAt: number;
}

export interface BuildEvidence {
  /** The first folder looked in: the cwd, or the project's folder when the cwd says nothing. */
  cwd: string;
  /** Every folder whose build directories were checked (cwd, then the project's folder). */
  folders?: string[];
  startedAt: number;
  /** Build directories changed after the process started (newest change first). */
  changed: BuildDirChange[];
  /** The owner or its launcher runs in watch/dev mode, where rewriting its own output is normal. */
  watchMode: boolean;
}

export interface DeletedFilesEvidence {
  cwd: string;
  /** Deleted files under cwd the process still holds open (at most a few, for display). */
  files: string[];
  count: number;
}

export type ProbeOutcome = 'answered' | 'timeout' | 'reset' | 'refused' | 'error' | 'skipped';

export interface ProbeResult {
  url: string | null;
  outcome: ProbeOutcome;
  status: number | null;
  /** What went wrong, or why no probe was sent (e.g. bound only to a non-loopback address). */
  detail: string | null;
  at: number;
  elapsedMs: number;
}

export interface LaunchEvidence {
  /** The owner and its parents, nearest first, classified (`next dev (31652)`, `npm run dev (31611)`). */
  nodes: LaunchStep[];
  /** Index in `nodes` of the launch root: the outermost launcher, tool or watch supervisor of this server. */
  root: number;
  /**
   * The full command lines from the owner up to the launch root: two servers whose lists agree (one
   * a prefix of the other) were started by the same recipe.
   */
  commandLines: string[];
  /** A process manager or parallel runner above the root runs servers side by side on purpose. */
  runner: LaunchStep | null;
}

/** Another listener of the same project started by the same recipe, newer than this one. */
export interface DuplicateEvidence {
  project: ProjectRef;
  /** The recipe both copies run (`npm run dev`). */
  command: string;
  /** The newer copies, newest first. */
  newer: Array<{ port: number; pid: number; startTime: number; label: string; laterMs: number }>;
}

/** Everything known about the owner of one port; each part is null when not gathered. */
export interface PortEvidence {
  port: number;
  owner: ProcessRef & {
    state: string;
    cwd: string | null;
    /** The process title was rewritten (`next-server (v15…)`): argv is gone, cwd and parents tell more. */
    titleRewritten: boolean;
  };
  ancestry: AncestryEvidence | null;
  build: BuildEvidence | null;
  deletedFiles: DeletedFilesEvidence | null;
  probe: ProbeResult | null;
  /** The owner's classified launch tree. */
  launch?: LaunchEvidence | null;
  project?: ProjectRef | null;
  /** Set by linkDuplicates over all listeners seen at once (a listener alone cannot know). */
  duplicate?: DuplicateEvidence | null;
}
