// The one facade the app (and the renderer tests) use; its types are the IPC contract's vocabulary.
export { createPortwardenService, type LocalService, type ServiceOptions } from './create-service';
export { createWorkerService, type WorkerServiceConfig } from './worker/client';
export { holderOf } from './ownership';
export { fail, ok } from './result';
export type * from './types';
