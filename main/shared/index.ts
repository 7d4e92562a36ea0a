// What the renderer, the tray and the core all show alike: labels, formatting, severity. Pure, and
// importing nothing but types, so the sandboxed renderer may bundle it.
export * from './format';
export { describeForwarder } from './forwarder-labels';
export { launchLine, parentsLine, projectLabel, serverCommand } from './launch-labels';
export { isOtherUsers } from './ownership';
export { compareSeverity, isProblem, SEVERITY_RANK, worstOf } from './severity';
