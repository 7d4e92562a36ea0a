import type { OwnerHistoryEntry } from '../watcher';
import type { RecipeSource } from '../recipes';
import type { Settings } from '../settings/schema';
import type { Identity, OwnerRef, PortStatus, ProcessInfo, Snapshot, TimelineStep, WatchEvent } from '../types';

export type { TimelineStep };

// What the app (tray, inspector, notifications) needs from the core, in one place. The Electron
// glue and the renderer tests both talk to this facade, so the IPC contract is typed from here.
// Plain data only: every value crosses IPC by structured clone.

/** Errors as values: Electron strips a thrown error's details on the way to the renderer. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNTRUSTED_SENDER'
  | 'NOT_IN_SNAPSHOT'
  | 'CONFIRMATION_REQUIRED'
  | 'EPERM'
  | 'NO_RECIPE'
  | 'BUSY'
  | 'NOT_ALLOWED'
  | 'UNAVAILABLE'
  | 'LOGIN_ITEM'
  | 'INTERNAL';

export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
  /** The next step for the user. */
  hint: string;
}

export type Result<T> = { ok: true; value: T } | Failure;

/** A recipe as the UI shows it: what will run, where, and why Portwarden believes it. */
export interface RecipeView {
  command: string;
  cwd: string;
  source: RecipeSource;
  /** One line on where it came from, e.g. "launched as `npm run dev` by PID 4120". */
  origin: string;
}

export type ActionKind = 'kill' | 'restart' | 'start';

/** The verified result of a kill, restart or start: a fact only when `verified` is true. */
export interface ActionOutcome {
  /** Matches the actionId of its ActionStepEvents. */
  actionId: string;
  action: ActionKind;
  port: number;
  verified: boolean;
  /** One line for a notification: "Restarted 3000: PID 4242 → 5120, answers 200". */
  summary: string;
  /** Why it failed, quoting the decisive log line where there is one. */
  reason: string | null;
  /** The next step after a failure. */
  hint: string | null;
  old: OwnerRef | null;
  new: OwnerRef | null;
  recipe: RecipeView | null;
  probeStatus: number | null;
  timeline: TimelineStep[];
  /** The spawned process's log file and its last lines. */
  log: string | null;
  logTail: string[];
}

/** Pushed while an action runs, so the inspector draws the timeline live. */
export interface ActionStepEvent {
  actionId: string;
  action: ActionKind;
  port: number;
  step: TimelineStep;
}

export interface SelfInfo {
  uid: number | null;
  user: string | null;
}

export interface PortList {
  snapshot: Snapshot;
  self: SelfInfo;
}

export interface PortDetails {
  status: PortStatus;
  /** Nearest parent first. */
  parents: ProcessInfo[];
  /** Owner changes seen on this port, oldest first. */
  history: OwnerHistoryEntry[];
  recipe: RecipeView | null;
  lastOutcome: ActionOutcome | null;
}

/** One entry of a port's owner history: the watcher keeps them, the inspector lists them. */
export type { OwnerHistoryEntry };

export interface KillRequest {
  port: number;
  identity: Identity;
  /** The user confirmed acting on another user's process. */
  confirmed?: boolean;
}

export type RestartRequest = KillRequest;

export interface StartRequest {
  port: number;
}

export interface SettingsIssue {
  path: string;
  message: string;
}

export interface SettingsView {
  settings: Settings;
  /** Where the file lives, so the user can also edit it by hand. */
  path: string;
  /** Why the file on disk was not used (corrupt, invalid), or null. */
  problem: string | null;
}

export type SettingsCheck = { valid: true; settings: Settings } | { valid: false; issues: SettingsIssue[] };

export interface Disposable {
  dispose(): void;
}

export interface PortwardenService {
  start(): Promise<void>;
  /** Stops watching. Servers are left running: they are the user's, not ours. */
  stop(): Promise<void>;
  current(): Snapshot;
  self(): SelfInfo;
  onDidChangeSnapshot(listener: (snapshot: Snapshot) => void): Disposable;
  onDidEmitEvent(listener: (event: WatchEvent) => void): Disposable;
  onDidStepAction(listener: (event: ActionStepEvent) => void): Disposable;
  onDidFinishAction(listener: (outcome: ActionOutcome) => void): Disposable;
  setPaused(paused: boolean): void;
  /** Recipes known for watched ports (kept fresh as owners change), for the tray's labels. */
  knownRecipes(): ReadonlyMap<number, RecipeView>;
  /** Ports with an action in progress. */
  busyPorts(): ReadonlySet<number>;
  /** Fired when known recipes or busy ports change (the tray shows both). */
  onDidChangeActivity(listener: () => void): Disposable;
  /**
   * Whether a change on `port` is Portwarden's own doing: an action runs there, or `departing`
   * is an owner one of its actions killed. Such changes are not news to notify about.
   */
  isOwnChange(port: number, departing: Identity | null): boolean;
  inspect(port: number): Promise<Result<PortDetails>>;
  kill(request: KillRequest): Promise<Result<ActionOutcome>>;
  restart(request: RestartRequest): Promise<Result<ActionOutcome>>;
  startPort(request: StartRequest): Promise<Result<ActionOutcome>>;
  /** The settings in force (read synchronously by the notifier on each tick). */
  currentSettings(): Settings;
  getSettings(): Promise<Result<SettingsView>>;
  validateSettings(raw: unknown): SettingsCheck;
  saveSettings(raw: unknown): Promise<Result<SettingsView>>;
}
