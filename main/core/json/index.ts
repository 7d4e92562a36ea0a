// Every `--json` shape in one place: a public contract (scripts parse it). Fields may be added;
// none is renamed or removed. Kill, restart and start outcomes share `timeline`, `message`,
// `code` and `hint`.
export { identityToJson, type IdentityJson, ownerToJson, timelineToJson } from './identity';
export { eventToJson } from './event';
export { killResultToJson } from './kill';
export {
  type LaunchStepJson,
  launchStepToJson,
  type ListenerJson,
  listenerToJson,
  type OwnerExtras,
  type OwnerJson,
  type ProcessJson,
  processToJson,
} from './listener';
export { restartResultToJson } from './restart';
