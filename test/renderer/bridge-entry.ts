// Stands in for preload/preload.ts in the Chromium tests: the same createBridgeApi from the
// contract, over Playwright bindings instead of ipcRenderer. Bundled by harness.ts and injected
// as an init script, so window.portwarden exists before the inspector's script runs.
import { API_GLOBAL, createBridgeApi } from '../../preload/contract';

type Listener = (payload: unknown) => void;
const w = window as unknown as {
  __portwardenInvoke(channel: string, request: unknown): Promise<unknown>;
  __portwardenEmit?: (channel: string, payload: unknown) => void;
};
const listeners = new Map<string, Set<Listener>>();

const api = createBridgeApi({
  invoke: (channel, request) => w.__portwardenInvoke(channel, request),
  subscribe(channel, listener) {
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(channel, set);
    return () => set.delete(listener);
  },
});
Object.defineProperty(window, API_GLOBAL, { value: api, enumerable: true });
w.__portwardenEmit = (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload));
