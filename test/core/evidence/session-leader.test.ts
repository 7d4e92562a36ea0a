import { afterEach, expect } from 'vitest';
import { gatherEvidence } from '../../../main/core/evidence';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { defaultSettings } from '../../../main/core/settings/schema';
import { computeVerdicts } from '../../../main/core/verdicts';
import { linuxOnly } from '../../helpers/platform';
import { isAlive, killTracked, startServerUnderLeader, waitFor } from '../../helpers/processes';

// Most test servers lead their own session so the suite does not depend on who launched it; that
// makes them daemons to the orphan rule. This file keeps the everyday case covered: a server whose
// session is led by a live shell (a terminal's), and the same server once that shell is killed.
const { describe, it } = linuxOnly('reads /proc for sessions, groups and parents');
const scanner = new LinuxPortTable();

async function verdictsOf(port: number) {
  const listener = await waitFor(async () => (await scanner.scan({ fresh: true })).find((l) => l.port === port), 5000, `port ${port}`);
  const evidence = (await gatherEvidence(listener, { source: scanner, settings: { ...defaultSettings(), httpPorts: [] } }))!;
  return { evidence, kinds: computeVerdicts(evidence).map((v) => v.kind) };
}

describe('a server under a session leader the test owns', () => {
  afterEach(() => killTracked());

  it('is neither a daemon nor orphaned while its shell leads the session', async () => {
    const server = await startServerUnderLeader({ hosts: ['127.0.0.1'] });
    const { evidence, kinds } = await verdictsOf(server.port);
    expect(evidence.ancestry).toMatchObject({ daemon: false, sessionLeaderAlive: true, adoptedBy: null, sid: server.leaderPid });
    expect(evidence.ancestry?.parent?.pid).toBe(server.leaderPid);
    expect(kinds).toEqual(['healthy']);
  });

  it('is orphaned once that shell is killed and the server is adopted', async () => {
    const server = await startServerUnderLeader({ hosts: ['127.0.0.1'] });
    process.kill(server.leaderPid, 'SIGKILL');
    await waitFor(() => !isAlive(server.leaderPid) || undefined, 5000, 'the leader to die');
    const { evidence, kinds } = await verdictsOf(server.port);
    expect(evidence.ancestry?.sessionLeaderAlive).toBe(false);
    expect(kinds).toContain('orphaned');
  });
});
