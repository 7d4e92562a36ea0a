export { gatherAncestry } from './ancestry';
export { processRef } from './process-ref';
export { BUILD_SLACK_MS, gatherBuildFreshness } from './build-freshness';
export { gatherDeletedFiles } from './deleted-files';
export { type GatherOptions, gatherEvidence, ownerEvidence, probePathFor, titleRewritten } from './gather';
export { loopbackHost, type Probe, probeHttp, type ProbeTarget } from './probe';
export type * from './types';
