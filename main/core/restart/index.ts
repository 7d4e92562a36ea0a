export { launchAndVerify, restartPort, startPort, type RestartOptions } from './restart';
export type { RestartAction, RestartCode, RestartFailure, RestartResult, RestartSuccess } from './restart-result';
export { judgeOwner, judgeProbe, type RestartPhase } from './judge';
export { decisiveLine, readLogTail, type DecisiveLine } from './log-lines';
export { recipeEnv } from './spawn-recipe';
export { formatStep, identityToJson, restartResultToJson, timelineToJson } from './to-json';
