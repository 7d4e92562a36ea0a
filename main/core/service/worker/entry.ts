// The service worker's entry, bundled to dist/service-worker.js: the watcher and every scan run
// on this thread, so a cold scan's thousands of synchronous readlinks never stall the app's.
import { parentPort, workerData } from 'node:worker_threads';
import { hostService } from './host';
import type { WorkerServiceOptions } from './protocol';

if (!parentPort) throw new Error('service-worker.js runs as a worker thread (see createWorkerService), not on its own');
hostService(parentPort, workerData as WorkerServiceOptions);
