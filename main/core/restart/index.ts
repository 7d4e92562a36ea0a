export { interrupted, newRun, type RestartOptions, type Run, saveRunRecipe } from './restart-run';
export { launch, launchAndVerify } from './launch';
export type { RestartAction, RestartCode, RestartFailure, RestartResult, RestartSuccess } from './restart-result';
export { judgeOwner, judgeProbe, type RestartPhase } from './judge';
export { decisiveLine, readLogTail, type DecisiveLine } from './log-lines';
export { recipeEnv } from './spawn-recipe';
export { cleanEnv, isCodeLoading, passwdEntry, type RunAs, withoutCodeLoading } from './run-as';
