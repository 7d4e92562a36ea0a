// Identity, liveness and kinship of processes: the one vocabulary kill, evidence, restart and the
// watcher share. Data types (Identity, ProcessInfo) stay in ../types, where the scan layer reads them.
export type { Identity, ProcessInfo, ProcessSource } from '../types';
export { identityId, parseIdentityId, sameIdentity } from './identity';
export { isAlive } from './liveness';
export { survivors } from './survivors';
export { ancestorPids, descendants, parentChain } from './tree';
