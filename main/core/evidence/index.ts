export { gatherAncestry } from './ancestry';
export { processRef } from './process-ref';
export { BUILD_SLACK_MS, buildFolders, gatherBuildFreshness } from './build-freshness';
export { gatherDeletedFiles } from './deleted-files';
export { linkDuplicates } from './duplicates';
export {
  deletedUnder,
  type GatherOptions,
  gatherEvidence,
  gatherLaunchEvidence,
  ownerEvidence,
  probePathFor,
  titleRewritten,
} from './gather';
export { gatherLaunch, launchEvidence, projectEvidence } from './launch';
export { loopbackHost, type Probe, probeHttp, type ProbeTarget } from './probe';
export type * from './types';
