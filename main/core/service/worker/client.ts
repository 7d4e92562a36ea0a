import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Emitter } from '../../emitter';
import type { Settings } from '../../settings/schema';
import type { Identity, Snapshot, WatchEvent } from '../../types';
import { identityKey } from '../../identity-key';
import { checkSettings, selfInfo } from '../settings-check';
import type { ActionOutcome, ActionStepEvent, Disposable, PortwardenService, RecipeView } from '../types';
import type { MirroredState, RemoteMethod, WorkerMessage, WorkerServiceOptions } from './protocol';

export interface WorkerServiceConfig extends WorkerServiceOptions {
  /** The bundled worker entry; default: service-worker.js beside this bundle (dist/). */
  workerFile?: string;
  log?: (message: string) => void;
}

/**
 * The service with its watcher and scans on a worker thread: the same facade, so the app and its
 * IPC handlers cannot tell. Calls cross as messages; the synchronous getters answer from the
 * state the worker pushes with every change. Validation is pure and stays on this thread.
 */
export function createWorkerService(config: WorkerServiceConfig = {}): PortwardenService {
  const { workerFile, log = () => {}, ...options } = config;
  const worker = new Worker(workerFile ?? join(__dirname, 'service-worker.js'), { workerData: options });
  const snapshots = new Emitter<Snapshot>();
  const events = new Emitter<WatchEvent>();
  const steps = new Emitter<ActionStepEvent>();
  const finished = new Emitter<ActionOutcome>();
  const activity = new Emitter<void>();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let snapshot: Snapshot = { at: Date.now(), ports: [], paused: false };
  let recipes = new Map<number, RecipeView>();
  let busy = new Set<number>();
  let acted = new Set<string>();
  let settings = options.settings as Settings | undefined;
  let seq = 0;
  let dead: Error | null = null;

  const mirror = (state: MirroredState) => {
    recipes = new Map(state.recipes);
    busy = new Set(state.busy);
    acted = new Set(state.acted);
    settings = state.settings;
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        mirror(m.state);
        resolve();
      } else if (m.type === 'reply') {
        const call = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) call?.resolve(m.value);
        else call?.reject(new Error(m.message));
      } else if (m.type === 'snapshot') {
        snapshot = m.snapshot;
        snapshots.fire(m.snapshot);
      } else if (m.type === 'event') events.fire(m.event);
      else if (m.type === 'step') steps.fire(m.step);
      else if (m.type === 'finish') finished.fire(m.outcome);
      else if (m.type === 'activity') {
        mirror(m.state);
        activity.fire();
      } else log(m.message);
    });
    // A worker that dies (an exception at load, out of memory) fails every call with why.
    const die = (err: Error) => {
      dead = err;
      log(`service worker stopped: ${err.message}`);
      for (const call of pending.values()) call.reject(err);
      pending.clear();
      reject(err);
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`the service worker exited (code ${code})`)));
  });
  ready.catch(() => {}); // reported through calls and the log

  const call = async <T>(method: RemoteMethod, ...args: unknown[]): Promise<T> => {
    await ready;
    if (dead) throw dead;
    const id = ++seq;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, args });
    });
  };
  const on =
    <T>(emitter: Emitter<T>) =>
    (listener: (value: T) => void): Disposable => ({ dispose: emitter.event(listener) });

  return {
    start: () => call('start'),
    async stop() {
      if (!dead) await call('stop').catch(() => {});
      await worker.terminate();
    },
    current: () => snapshot,
    self: selfInfo,
    onDidChangeSnapshot: on(snapshots),
    onDidEmitEvent: on(events),
    onDidStepAction: on(steps),
    onDidFinishAction: on(finished),
    onDidChangeActivity: on(activity as Emitter<unknown>) as PortwardenService['onDidChangeActivity'],
    setPaused: (paused) => void call('setPaused', paused).catch((err: Error) => log(`pause failed: ${err.message}`)),
    knownRecipes: () => recipes,
    busyPorts: () => busy,
    isOwnChange: (port: number, departing: Identity | null) => busy.has(port) || (departing !== null && acted.has(identityKey(departing))),
    inspect: (port) => call('inspect', port),
    kill: (request) => call('kill', request),
    restart: (request) => call('restart', request),
    startPort: (request) => call('startPort', request),
    currentSettings: () => {
      if (!settings) throw new Error('the service worker has not started yet: await start() first');
      return settings;
    },
    getSettings: () => call('getSettings'),
    validateSettings: checkSettings,
    saveSettings: (raw) => call('saveSettings', raw),
  };
}
