// The user's actions, one use-case each, called alike by the CLI and the app's service, so a tray
// click and a command behave the same.
export { type FreeCode, type FreeOptions, type FreeOutcome, type FreeReason, freePort, freePorts, projectOfFolder } from './free';
export { killTarget, type KillActionOptions } from './kill';
export { restartPort } from './restart';
export { startPort } from './start';
export type { RestartOptions, RestartResult } from '../restart';
