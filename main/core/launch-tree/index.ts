export { classifyAncestor, classifyOwner } from './classify';
export type { LaunchKind } from './kinds';
export { classifyChain, type LaunchNode, launchRoot, managerOf, parentsLine, type SameProject } from './launch-tree';
export { type ManagerFacts, type ManagerHint, managerHint } from './manager-hint';
export { readManagerFacts } from './proc-facts';
