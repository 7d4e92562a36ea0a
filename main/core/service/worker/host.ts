import type { MessagePort } from 'node:worker_threads';
import { createPortwardenService, type LocalService } from '../create-service';
import type { CallMessage, MirroredState, WorkerMessage, WorkerServiceOptions } from './protocol';

/**
 * The service inside the worker: the real in-process service, its calls answered by id and its
 * events pushed to the app's thread, with the state its synchronous getters need.
 */
export function hostService(port: MessagePort, options: WorkerServiceOptions): LocalService {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const service = createPortwardenService({ ...options, log: (message) => post({ type: 'log', message }) });
  const state = (): MirroredState => ({
    recipes: [...service.knownRecipes()],
    busy: [...service.busyPorts()],
    acted: service.actedKeys(),
    settings: service.currentSettings(),
  });
  service.onDidChangeSnapshot((snapshot) => post({ type: 'snapshot', snapshot }));
  service.onDidEmitEvent((event) => post({ type: 'event', event }));
  service.onDidStepAction((step) => post({ type: 'step', step }));
  // The state first: a listener told an action finished may ask busyPorts() at once.
  service.onDidFinishAction((outcome) => {
    post({ type: 'activity', state: state() });
    post({ type: 'finish', outcome });
  });
  service.onDidChangeActivity(() => post({ type: 'activity', state: state() }));

  port.on('message', (call: CallMessage) => {
    const method = service[call.method] as (...args: unknown[]) => unknown;
    Promise.resolve()
      .then(() => method.apply(service, call.args))
      .then(
        (value) => {
          // A saved setting changes what currentSettings() answers: send it before the reply.
          if (call.method === 'saveSettings' || call.method === 'stop') post({ type: 'activity', state: state() });
          post({ type: 'reply', id: call.id, ok: true, value });
        },
        (err: unknown) => post({ type: 'reply', id: call.id, ok: false, message: err instanceof Error ? err.message : String(err) }),
      );
  });
  post({ type: 'ready', state: state() });
  return service;
}
