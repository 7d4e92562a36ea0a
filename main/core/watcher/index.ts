export { verdictsForCli } from './assess';
export { diffSnapshots } from './diff';
export type { OwnerChange } from './history';
export { buildSnapshot, identityKey } from './snapshot';
export { type Clock, createWatcher, type Watcher, type WatcherOptions } from './watcher';
