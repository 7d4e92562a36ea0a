// The one IPC contract between main, preload and renderer. Every channel string is written here
// once; the main-side `handle` wrapper, the preload bridge and the renderer's `window.portwarden`
// type are all derived from these two tables. Type-only imports: the sandboxed preload and the
// renderer bundle none of the core.
import type {
  ActionOutcome,
  ActionStepEvent,
  KillRequest,
  PortDetails,
  PortList,
  Result,
  RestartRequest,
  SettingsCheck,
  SettingsView,
  StartRequest,
} from '../main/core/service';
import type { Snapshot, WatchEvent } from '../main/core/types';

/** Read back from the OS each time (main/app/login-item), never from a stored flag. */
export interface LoginItemState {
  /** False where the OS cannot launch us at login. */
  supported: boolean;
  enabled: boolean;
  /** Why it is off although an entry exists, or what the OS still wants ("needs approval"). */
  detail: string | null;
  location: string | null;
}

/** Which part of the inspector the main process wants shown (tray: "Inspect", "Settings…"). */
export type InspectorView = { view: 'ports'; port: number | null } | { view: 'settings' };

/** Verb → channel for request/response calls (ipcRenderer.invoke / ipcMain.handle). */
export const INVOKE_CHANNELS = {
  listPorts: 'ports:list',
  inspect: 'ports:inspect',
  kill: 'ports:kill',
  restart: 'ports:restart',
  start: 'ports:start',
  setPaused: 'watch:set-paused',
  getSettings: 'settings:get',
  validateSettings: 'settings:validate',
  saveSettings: 'settings:save',
  getLoginItem: 'login:get',
  setLoginItem: 'login:set',
  openExternal: 'app:open-external',
} as const;

/** Each verb's request (undefined: takes none) and the value of its successful result. */
export interface InvokeTypes {
  listPorts: { request: undefined; response: PortList };
  inspect: { request: { port: number }; response: PortDetails };
  kill: { request: KillRequest; response: ActionOutcome };
  restart: { request: RestartRequest; response: ActionOutcome };
  start: { request: StartRequest; response: ActionOutcome };
  setPaused: { request: { paused: boolean }; response: { paused: boolean } };
  getSettings: { request: undefined; response: SettingsView };
  validateSettings: { request: { settings: unknown }; response: SettingsCheck };
  saveSettings: { request: { settings: unknown }; response: SettingsView };
  getLoginItem: { request: undefined; response: LoginItemState };
  setLoginItem: { request: { enabled: boolean }; response: LoginItemState };
  openExternal: { request: { url: string }; response: null };
}

/** Verb → channel for pushes from main (webContents.send / ipcRenderer.on). */
export const EVENT_CHANNELS = {
  onSnapshot: 'snapshot:changed',
  onEvent: 'watch:event',
  onActionStep: 'action:step',
  onActionDone: 'action:done',
  onShow: 'inspector:show',
} as const;

export interface EventTypes {
  onSnapshot: Snapshot;
  onEvent: WatchEvent;
  onActionStep: ActionStepEvent;
  onActionDone: ActionOutcome;
  onShow: InspectorView;
}

export type InvokeVerb = keyof typeof INVOKE_CHANNELS;
export type EventVerb = keyof typeof EVENT_CHANNELS;
export type InvokeRequest<V extends InvokeVerb> = InvokeTypes[V]['request'];
export type InvokeResponse<V extends InvokeVerb> = InvokeTypes[V]['response'];

type InvokeMethod<V extends InvokeVerb> =
  InvokeRequest<V> extends undefined
    ? () => Promise<Result<InvokeResponse<V>>>
    : (request: InvokeRequest<V>) => Promise<Result<InvokeResponse<V>>>;

/** What the preload exposes as `window.portwarden`: domain verbs, never ipcRenderer. */
export type PortwardenApi = { [V in InvokeVerb]: InvokeMethod<V> } & {
  [E in EventVerb]: (listener: (payload: EventTypes[E]) => void) => () => void;
};

/** The two primitives a bridge needs; Electron's ipcRenderer in the preload, Playwright bindings in tests. */
export interface BridgeTransport {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Subscribes to a pushed channel; returns the unsubscribe. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** Builds the API object from the tables, so no verb can drift from its channel. */
export function createBridgeApi(transport: BridgeTransport): PortwardenApi {
  const api: Record<string, unknown> = {};
  for (const [verb, channel] of Object.entries(INVOKE_CHANNELS)) {
    api[verb] = (request?: unknown) => transport.invoke(channel, request);
  }
  for (const [verb, channel] of Object.entries(EVENT_CHANNELS)) {
    api[verb] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${verb} takes a function`);
      return transport.subscribe(channel, listener);
    };
  }
  return Object.freeze(api) as PortwardenApi;
}

export const API_GLOBAL = 'portwarden';
