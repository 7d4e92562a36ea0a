import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, expect, it } from 'vitest';
import { gatherEvidence } from '../../../main/core/evidence';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { defaultSettings } from '../../../main/core/settings/schema';
import { computeVerdicts } from '../../../main/core/verdicts';
import { linuxOnly } from '../../helpers/platform';
import { isAlive, killTracked, SERVER_SCRIPT, startOrphanedServer, track, waitFor } from '../../helpers/processes';

// Issue 10 item 7: run from a detached session whose launcher exited, the suite's servers were
// called orphans that "outlived whatever started it" while their own parent (the test worker)
// lived. Here that tree is rebuilt on purpose: a session leader starts `sh -c` (the launcher),
// which runs a node parent, which runs the server; then the leader exits.

const DIR = mkdtempSync(join(tmpdir(), 'pw-orphan-tree-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
afterEach(killTracked);

const PARENT = join(DIR, 'parent.cjs');
writeFileSync(
  PARENT,
  "const c = require('node:child_process').spawn(process.execPath, [process.argv[2], '{}'], { stdio: ['ignore', 'inherit', 'inherit'] });\n" +
    "c.on('exit', () => process.exit(0));\n",
);

const scanner = new LinuxPortTable();

/** The first line on a pipe, which the leader's descendants keep open after it has exited. */
function lineAfterExit(stdout: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed nothing within 10 s')), 10_000);
    createInterface({ input: stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
}

async function orphanVerdict(port: number) {
  const listener = await waitFor(async () => (await scanner.scan()).find((l) => l.port === port && l.owner), 5000, `a listener on ${port}`);
  const evidence = (await gatherEvidence(listener, { source: scanner, settings: defaultSettings(), probe: null }))!;
  return { evidence, verdicts: computeVerdicts(evidence) };
}

linuxOnly('reads /proc for sessions and process groups').describe('the orphan explanation from real process trees', () => {
  it('a tree whose session leader exited: names the adopted launcher and the live parent, not "the server outlived its parent"', async () => {
    // `; true` keeps the launcher shell from exec'ing node, as `bash -c '(npm test &)'` keeps its subshell.
    const launcher = `sh -c '"${process.execPath}" "${PARENT}" "${SERVER_SCRIPT}"; true' & exit 0`;
    const leader = spawn('sh', ['-c', launcher], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: DIR });
    // The leader's group outlives it: killTracked's kill(-pgid) reaches the whole tree.
    track(leader.pid);
    const server = JSON.parse(await lineAfterExit(leader.stdout!)) as { pid: number; port: number };
    track(server.pid);
    await waitFor(() => !isAlive(leader.pid!) || undefined, 5000, 'the session leader to exit');

    const { evidence, verdicts } = await orphanVerdict(server.port);
    const a = evidence.ancestry!;
    expect(a.parent?.command).toContain('parent.cjs');
    expect(a.wrapper?.name).toBe('sh');
    expect(a.sid).toBe(leader.pid);
    expect(a.sessionLeaderAlive).toBe(false);
    const orphaned = verdicts.find((v) => v.kind === 'orphaned');
    expect(orphaned?.explanation).toMatch(
      new RegExp(
        `^orphaned: its launcher \`sh -c .*\` \\(PID ${a.wrapper!.pid}\\) was adopted by .* after its session leader \\(PID ${leader.pid}\\) exited: ` +
          `this process tree outlived the terminal that started it; its own parent \`.*parent\\.cjs.*\` \\(PID ${a.parent!.pid}\\) is alive$`,
      ),
    );
    expect(orphaned?.explanation).not.toContain('the server outlived');
  });

  it('the incident (wrapper SIGKILLed, the server itself adopted): the verdict and its wording stay', async () => {
    const server = await startOrphanedServer({}, DIR);
    const { verdicts } = await orphanVerdict(server.port);
    expect(verdicts.map((v) => v.kind)).toEqual(['orphaned']);
    expect(verdicts[0]!.explanation).toMatch(
      new RegExp(
        `^orphaned: its session leader \\(PID ${server.wrapperPid}\\) is gone; now adopted by .*, it outlived whatever started it$`,
      ),
    );
  });
});
