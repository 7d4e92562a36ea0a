import type { IpcMain, WebContents } from 'electron';
import { EVENT_CHANNELS, type EventTypes, type EventVerb, INVOKE_CHANNELS, type InvokeVerb } from '../../preload/contract';
import type { InvokeDispatch } from './ipc-dispatch';

/** Registers every invoke channel of the contract through the one checking wrapper. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: InvokeDispatch): () => void {
  const verbs = Object.keys(INVOKE_CHANNELS) as InvokeVerb[];
  for (const verb of verbs) {
    // senderFrame is null when the frame navigated away or was destroyed: untrusted by definition.
    ipcMain.handle(INVOKE_CHANNELS[verb], (event, request: unknown) => dispatch(verb, event.senderFrame?.url ?? null, request));
  }
  return () => verbs.forEach((verb) => ipcMain.removeHandler(INVOKE_CHANNELS[verb]));
}

export type Send = <E extends EventVerb>(verb: E, payload: EventTypes[E]) => void;

/**
 * The one typed push. A window that was closed (or whose renderer crashed) is skipped rather than
 * thrown at: a push is news, and news for a closed window can be dropped.
 */
export function createSend(target: () => WebContents | null | undefined): Send {
  return (verb, payload) => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    contents.send(EVENT_CHANNELS[verb], payload);
  };
}
