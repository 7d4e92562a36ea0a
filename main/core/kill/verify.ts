import { sameIdentity } from '../process';
import type { Identity, PortTable, ProcessInfo, ProcessSource } from '../types';
import { waitUntil } from '../wait';
import type { PortRelease } from './kill-result';
import { classifyRelease } from './port-release';

const POLL_MS = 50;

/**
 * The verify step: the port after the tree died: released (and, where something could take it
 * back, still free after `settleMs`), still held, or taken. A holder left alone (outside the
 * tree) is reported as holding it.
 */
export async function waitForRelease(
  scanner: PortTable & ProcessSource,
  port: number,
  killed: readonly Identity[],
  outside: readonly ProcessInfo[],
  timeoutMs: number,
  settleMs: number,
): Promise<PortRelease> {
  const find = async (fresh: boolean) => (await scanner.scan({ fresh })).find((l) => l.port === port);
  const classify = (l: Awaited<ReturnType<typeof find>>): PortRelease => {
    const kept = l?.holders.find((h) => outside.some((o) => sameIdentity(o, h)));
    return kept ? { state: 'held', by: kept, outsideTree: true } : classifyRelease(l, killed);
  };
  let release: PortRelease = { state: 'released' };
  await waitUntil(
    async () => {
      release = classify(await find(false));
      // A socket with no visible holder right after its owner died is most likely still closing
      // (its owner is mid-exit under load), not taken: keep waiting rather than blame a stranger.
      return (
        release.state === 'released' ||
        (release.state === 'held' && release.outsideTree === true) ||
        (release.state === 'taken' && release.by !== null)
      );
    },
    timeoutMs,
    POLL_MS,
  );
  // A supervisor restarts its child within moments: watch a little longer before calling it free.
  if (release.state === 'released' && settleMs > 0) {
    await waitUntil(async () => (await find(false)) !== undefined, settleMs, POLL_MS);
  }
  release = classify(await find(true));
  if (release.state === 'taken' && release.by?.ppid) {
    release = { ...release, parent: await scanner.get(release.by.ppid) };
  }
  return release;
}
