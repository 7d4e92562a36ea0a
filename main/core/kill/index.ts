export { killIdentity, type KillOptions } from './kill-identity';
export type { KillCode, KilledProcess, KillFailure, KillRefusal, KillResult, KillSuccess, PortRelease } from './kill-result';
export { checkIdentity, checkPermitted, needsElevatedRights } from './guard';
export { describeHolder } from './port-release';
export { taskkillCommand, type CommandRunner, type CommandSpec } from './windows';
export { pidLimit } from './pid-limit';
