// Sandboxed preload: bundled into one CommonJS file (a sandboxed preload cannot require project
// files). It hands the page domain verbs only; ipcRenderer itself never crosses the bridge.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_GLOBAL, createBridgeApi } from './contract';

const api = createBridgeApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe(channel, listener) {
    // Wrapped so the page never receives the IpcRendererEvent (it carries `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld(API_GLOBAL, api);
