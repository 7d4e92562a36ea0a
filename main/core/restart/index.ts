export { interrupted, newRun, type RestartOptions, type Run, saveRunRecipe } from './restart-run';
export { launch, launchAndVerify, verified } from './launch';
export { type OwnerWait, type Owned, waitForOwner } from './wait-owner';
export { probePathOf, waitForProbe } from './wait-probe';
export type { RestartAction, RestartCode, RestartFailure, RestartResult, RestartSuccess } from './restart-result';
export { judgeOwner, judgeProbe, type RestartPhase } from './judge';
export { decisiveLine, readLogTail, type DecisiveLine } from './log-lines';
export { recipeEnv } from './spawn-recipe';
export { cleanEnv, isCodeLoading, passwdEntry, type RunAs, withoutCodeLoading } from './run-as';
