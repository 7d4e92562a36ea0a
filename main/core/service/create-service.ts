import { isOtherUsers, processLabel } from '../../shared';
import { killTarget, restartPort, startPort } from '../actions';
import type { KillOptions } from '../kill';
import { type AppPaths, appPaths } from '../paths';
import { parentChain } from '../process';
import { createScanner, type Scanner } from '../scan';
import type { Settings } from '../settings/schema';
import { loadSettings, saveSettings, settingsPath } from '../settings/store';
import type { Identity, OwnerRef, PortStatus, Snapshot, WatchEvent } from '../types';
import { createWatcher, type Watcher, type WatcherOptions } from '../watcher';
import { Emitter } from '../emitter';
import { type ActionBody, ActionRunner } from './action-runner';
import { holderOf } from './ownership';
import { killOutcome, restartOutcome, withLogTail } from './outcomes';
import { checkSettings, selfInfo } from './settings-check';
import { PortRecipes } from './port-recipes';
import { fail, ok } from './result';
import type {
  ActionKind,
  ActionOutcome,
  ActionStepEvent,
  Disposable,
  KillRequest,
  PortDetails,
  PortwardenService,
  RecipeView,
  Result,
  SelfInfo,
  SettingsCheck,
  SettingsView,
  StartRequest,
  TimelineStep,
} from './types';

export interface ServiceOptions {
  scanner?: Scanner;
  paths?: AppPaths;
  /** Use these instead of reading the settings file (tests); saving still writes the file. */
  settings?: Settings;
  log?: (message: string) => void;
  watcher?: Partial<Omit<WatcherOptions, 'scanner' | 'settings'>>;
  /** Kill tuning passed to kill and restart (tests shorten the settle wait). */
  kill?: Pick<KillOptions, 'settleMs' | 'releaseTimeoutMs'>;
}

/** Owners Portwarden killed recently, so their departure is not reported as news. */

/**
 * The core behind the tray app: one watcher, the actions on identities from its snapshot, the
 * recipes the tray shows, settings. Pure Node (no electron), so the renderer tests drive the very
 * same object through the IPC handler table.
 */
export function createPortwardenService(options: ServiceOptions = {}): LocalService {
  return new LocalPortwardenService(options);
}

/** The in-process service, plus what the worker host mirrors to the app's thread. */
export interface LocalService extends PortwardenService {
  /** Identity keys of owners Portwarden's own actions killed (what isOwnChange answers from). */
  actedKeys(): string[];
}

class LocalPortwardenService implements LocalService {
  private readonly scanner: Scanner;
  private readonly paths: AppPaths;
  private readonly log: (message: string) => void;
  private settings: Settings;
  private settingsProblem: string | null;
  private readonly watcher: Watcher;
  private readonly snapshots = new Emitter<Snapshot>();
  private readonly events = new Emitter<WatchEvent>();
  private readonly actions: ActionRunner;
  private readonly recipes: PortRecipes;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly options: ServiceOptions) {
    this.scanner = options.scanner ?? createScanner();
    this.paths = options.paths ?? appPaths();
    this.log = options.log ?? (() => {});
    this.actions = new ActionRunner(this.log, async () => {
      await this.watcher.tick();
    });
    if (options.settings) {
      this.settings = options.settings;
      this.settingsProblem = null;
    } else {
      const loaded = loadSettings({ paths: this.paths });
      this.settings = loaded.settings;
      this.settingsProblem = loaded.warning ?? null;
      if (loaded.warning) this.log(loaded.warning);
    }
    this.watcher = createWatcher({ ...options.watcher, scanner: this.scanner, settings: this.settings });
    this.recipes = new PortRecipes({
      source: this.scanner,
      paths: this.paths,
      settings: () => this.settings,
      ports: () => this.current().ports,
      log: this.log,
      onDidChange: () => this.actions.activity.fire(),
    });
    this.unsubscribe.push(
      this.watcher.onDidEmitEvent((e) => this.events.fire(e)),
      this.watcher.onDidChangeSnapshot((s) => {
        this.snapshots.fire(s);
        void this.recipes.refresh();
      }),
      this.watcher.onDidFail((err) => this.log(`scan failed: ${err.message}`)),
    );
  }

  async start(): Promise<void> {
    this.watcher.start();
    await this.watcher.tick();
    await this.recipes.refresh();
  }

  async stop(): Promise<void> {
    this.watcher.stop();
    this.unsubscribe.splice(0).forEach((off) => off());
    await this.recipes.settled();
  }

  current(): Snapshot {
    return this.watcher.snapshot ?? { at: Date.now(), ports: [], paused: false };
  }

  self(): SelfInfo {
    return selfInfo();
  }

  onDidChangeSnapshot = (listener: (s: Snapshot) => void): Disposable => disposable(this.snapshots.event(listener));
  onDidEmitEvent = (listener: (e: WatchEvent) => void): Disposable => disposable(this.events.event(listener));
  onDidStepAction = (listener: (e: ActionStepEvent) => void): Disposable => disposable(this.actions.steps.event(listener));
  onDidFinishAction = (listener: (o: ActionOutcome) => void): Disposable => disposable(this.actions.finished.event(listener));
  onDidChangeActivity = (listener: () => void): Disposable => disposable(this.actions.activity.event(listener));

  setPaused(paused: boolean): void {
    if (paused) this.watcher.pause();
    else this.watcher.resume();
  }

  knownRecipes(): ReadonlyMap<number, RecipeView> {
    return this.recipes.current;
  }

  busyPorts(): ReadonlySet<number> {
    return this.actions.busy;
  }

  actedKeys(): string[] {
    return this.actions.actedKeys();
  }

  isOwnChange(port: number, departing: Identity | null): boolean {
    return this.actions.isOwnChange(port, departing);
  }

  async inspect(port: number): Promise<Result<PortDetails>> {
    const status = this.statusOf(port) ?? { port, watched: false, listener: null, verdicts: [], severity: 'ok' as const };
    const owner = status.listener?.owner ?? null;
    const parents = owner ? await parentChain(this.scanner, owner, 16) : [];
    return ok({
      status,
      parents,
      history: this.watcher.history(port),
      recipe: await this.recipes.recipeFor(status),
      lastOutcome: this.actions.lastOutcome.get(port) ?? null,
    });
  }

  async kill(request: KillRequest): Promise<Result<ActionOutcome>> {
    const target = this.checkTarget(request);
    if (!target.ok) return target;
    const old = target.value;
    return this.run('kill', request.port, old, async (actionId, onStep) => {
      const result = await killTarget(request.identity, {
        ...this.options.kill,
        scanner: this.scanner,
        port: request.port,
        settings: this.settings,
        dataDir: this.paths.data,
        onStep,
      });
      return killOutcome(actionId, result, old);
    });
  }

  async restart(request: KillRequest): Promise<Result<ActionOutcome>> {
    const target = this.checkTarget(request);
    if (!target.ok) return target;
    const old = target.value;
    return this.run('restart', request.port, old, async (actionId, onStep) => {
      const result = await restartPort({ ...this.actionOptions(request.port, onStep), identity: request.identity });
      return withLogTail(restartOutcome(actionId, result, old));
    });
  }

  async startPort(request: StartRequest): Promise<Result<ActionOutcome>> {
    const listener = this.statusOf(request.port)?.listener;
    if (listener) {
      const who = listener.owner ? processLabel(listener.owner) : 'a process Portwarden cannot see';
      return fail('BUSY', `Port ${request.port} is in use by ${who}`, 'Use Kill & Restart to replace it.');
    }
    return this.run('start', request.port, null, async (actionId, onStep) =>
      withLogTail(restartOutcome(actionId, await startPort(this.actionOptions(request.port, onStep)), null)),
    );
  }

  currentSettings(): Settings {
    return this.settings;
  }

  async getSettings(): Promise<Result<SettingsView>> {
    return ok(this.settingsView());
  }

  validateSettings(raw: unknown): SettingsCheck {
    return checkSettings(raw);
  }

  async saveSettings(raw: unknown): Promise<Result<SettingsView>> {
    const check = this.validateSettings(raw);
    if (!check.valid) {
      return fail(
        'INVALID_ARGUMENT',
        `Settings not saved: ${check.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        'Fix the fields named and save again.',
      );
    }
    try {
      await saveSettings(check.settings, { paths: this.paths });
    } catch (err) {
      return fail(
        'INTERNAL',
        `Settings not saved: ${(err as Error).message}`,
        `Check that ${settingsPath({ paths: this.paths })} is writable.`,
      );
    }
    this.settings = check.settings;
    this.settingsProblem = null;
    this.recipes.forgetOwners();
    this.watcher.updateSettings(check.settings);
    void this.recipes.refresh();
    return ok(this.settingsView());
  }

  private settingsView(): SettingsView {
    return { settings: this.settings, path: settingsPath({ paths: this.paths }), problem: this.settingsProblem };
  }

  private statusOf(port: number): PortStatus | undefined {
    return this.current().ports.find((p) => p.port === port);
  }

  /** Actions only on identities the user was shown and Portwarden still sees there. */
  private checkTarget(request: KillRequest): Result<OwnerRef> {
    const proc = holderOf(this.statusOf(request.port)?.listener, request.identity);
    if (!proc) {
      return fail(
        'NOT_IN_SNAPSHOT',
        `PID ${request.identity.pid} is not what listens on port ${request.port} now: it exited, or the port changed hands`,
        'Look at the port again and act on what is there now.',
      );
    }
    if (isOtherUsers(proc.uid, this.self().uid) && !request.confirmed) {
      return fail(
        'CONFIRMATION_REQUIRED',
        `${processLabel(proc)} belongs to ${proc.user ?? `uid ${proc.uid}`}, not to you`,
        "Confirm that you mean to act on another user's process.",
      );
    }
    return ok({ pid: proc.pid, startTime: proc.startTime, name: proc.name });
  }

  private actionOptions(port: number, onStep: (step: TimelineStep) => void) {
    return {
      port,
      scanner: this.scanner,
      settings: this.settings,
      paths: this.paths,
      onStep,
      ...(this.options.kill ? { kill: this.options.kill } : {}),
    };
  }

  /** One action per port at a time; its steps and outcome are broadcast to tray and inspector. */
  private run(action: ActionKind, port: number, old: OwnerRef | null, body: ActionBody): Promise<Result<ActionOutcome>> {
    return this.actions.run(action, port, old, body);
  }
}

function disposable(off: () => void): Disposable {
  return { dispose: off };
}
