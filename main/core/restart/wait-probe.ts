import { probeHttp, probePathFor } from '../evidence';
import { processLabel } from '../../shared';
import { sleep } from '../wait';
import { judgeProbe } from './judge';
import type { RestartFailure } from './restart-result';
import { interrupted, type Run } from './restart-run';
import { type Owned, type OwnerWait, stillFrom } from './wait-owner';
import { quoteLog, seconds } from './launch-failures';

const PROBE_RETRY_MS = 300;

/**
 * Probes the new owner over HTTP until it answers below 500 (a dev server's first compile may
 * answer 5xx once or twice). `path` null: not an HTTP port, nothing to wait for.
 */
export async function waitForProbe(
  run: Run,
  owned: Owned,
  path: string | null,
  wait: OwnerWait,
  timeoutMs: number,
): Promise<{ status: number } | null | RestartFailure> {
  const o = run.options;
  const { port } = o;
  const { owner, listener } = owned;
  if (path === null) {
    run.step('probe', `not probed: port ${port} is not known to speak HTTP (settings: httpPorts)`);
    return null;
  }
  const send = o.probe ?? probeHttp;
  let fivexx = 0;
  let last = 'no answer';
  for (;;) {
    const r = await send({ port, addresses: listener.addresses, path, timeoutMs: o.settings.probeTimeoutMs });
    const j = judgeProbe(r, fivexx);
    if (j.kind === 'pass') {
      run.step('probe', j.detail);
      return j.status === null ? null : { status: j.status };
    }
    if (j.kind === 'fail') {
      return run.fail(
        'probe',
        'PROBE_FAILED',
        `${processLabel(owner)} owns port ${port} but ${j.detail}${quoteLog(run.log)}`,
        'It is still running: read its log, fix the error, and restart.',
        {
          owner,
          leftRunning: true,
        },
      );
    }
    fivexx = r.status !== null && r.status >= 500 ? fivexx + 1 : 0;
    last = j.detail;
    if (!(await stillFrom(run, wait))) return wait.onGone();
    if (o.signal?.aborted) return interrupted(run, 'probe');
    if (run.now() >= wait.deadline) {
      return run.fail(
        'probe',
        'PROBE_FAILED',
        `${processLabel(owner)} owns port ${port} but did not answer within ${seconds(timeoutMs)}: ${last}`,
        'It is still running: it may need longer (restartTimeoutMs), or another probePath.',
        {
          owner,
          leftRunning: true,
        },
      );
    }
    await sleep(PROBE_RETRY_MS);
  }
}

/** The probe path of a port: the recipe's own, else the settings' for HTTP ports. */
export function probePathOf(run: Run, recipePath: string | null | undefined): string | null {
  return recipePath !== undefined ? recipePath : probePathFor(run.options.port, run.options.settings);
}
