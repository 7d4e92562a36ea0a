import type { Settings } from '../../settings/schema';
import type { Snapshot, WatchEvent } from '../../types';
import type { ServiceOptions } from '../create-service';
import type { ActionOutcome, ActionStepEvent, PortwardenService, RecipeView } from '../types';

// The messages between the app's thread and the service worker. Everything is structured-cloned
// data: calls go in by name, their results come back by id, and what the service pushes (events,
// and the state the facade's synchronous getters answer from) comes back as it happens.

/** What crosses into the worker: options that are plain data (a scanner or a log function is not). */
export type WorkerServiceOptions = Omit<ServiceOptions, 'scanner' | 'log'>;

/** The service methods that run in the worker; the getters answer from mirrored state instead. */
export type RemoteMethod = 'start' | 'stop' | 'setPaused' | 'inspect' | 'kill' | 'restart' | 'startPort' | 'getSettings' | 'saveSettings';

export interface CallMessage {
  id: number;
  method: RemoteMethod;
  args: unknown[];
}

/** The state behind the facade's synchronous getters, sent whenever any of it changes. */
export interface MirroredState {
  recipes: [number, RecipeView][];
  busy: number[];
  /** Identity keys of owners Portwarden's actions killed (isOwnChange). */
  acted: string[];
  settings: Settings;
}

export type WorkerMessage =
  | { type: 'ready'; state: MirroredState }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'event'; event: WatchEvent }
  | { type: 'step'; step: ActionStepEvent }
  | { type: 'finish'; outcome: ActionOutcome }
  | { type: 'activity'; state: MirroredState }
  | { type: 'log'; message: string };

// Checked at compile time: every remote method is a method of the service.
export type _RemoteMethodsExist = PortwardenService[RemoteMethod];
