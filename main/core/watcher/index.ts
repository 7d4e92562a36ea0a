export { type Assessment, assessListeners, judgeTogether, verdictsForCli } from './assess';
export { describeEvent } from './describe-event';
export { diffSnapshots } from './diff';
export type { OwnerHistoryEntry } from './history';
export { buildSnapshot, type OwnerFacts } from './snapshot';
export { createWatcher } from './watcher';
export type { Clock, Watcher, WatcherOptions } from './watcher-types';
