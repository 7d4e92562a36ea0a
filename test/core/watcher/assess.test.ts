import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { loadSettings } from '../../../main/core/settings/store';
import { verdictsForCli } from '../../../main/core/watcher/assess';
import { runWithHome } from '../../helpers/cli-run';
import { killTracked, startOrphanedServer, startServer } from '../../helpers/processes';
import { linuxOnly } from '../../helpers/platform';

// A directory with no build output: a rebuild of the repository's dist/ while these servers run must
// not turn them into stale builds.
const CLEAN = mkdtempSync(join(tmpdir(), 'pw-clean-cwd-'));
afterAll(() => rmSync(CLEAN, { recursive: true, force: true }));

const home = mkdtempSync(join(tmpdir(), 'pw-assess-'));
afterEach(killTracked);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const cli = (...argv: string[]) => runWithHome(home, argv);

linuxOnly('scans with the Linux procfs table').describe('verdicts in the one-shot commands', () => {
  it('probes only the configured HTTP ports, in parallel, with a short timeout', async () => {
    const hang = await startServer({ mode: 'hang' }, { cwd: CLEAN });
    const wall = await startServer({ mode: '404' }, { cwd: CLEAN });
    // Not the same argv as `hang`: two identical copies of one project's server are duplicates.
    const other = await startServer({ mode: 'hang', ignoreTerm: false }, { cwd: CLEAN });
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ httpPorts: [hang.port, wall.port], probeTimeoutMs: 5000 }));
    const scanner = new LinuxPortTable();
    const listeners = (await scanner.scan()).filter((l) => [hang.port, wall.port, other.port].includes(l.port));
    const { settings, warning } = loadSettings({ env: { PORTWARDEN_HOME: home } });
    expect(warning).toBeUndefined();
    const verdicts = await verdictsForCli(listeners, { scanner, settings });
    expect(verdicts.get(hang.port)?.map((v) => v.kind)).toEqual(['not-answering']);
    // The one-shot timeout caps the configured 5 s.
    expect(verdicts.get(hang.port)?.[0]?.explanation).toContain('no answer within 1000 ms');
    expect(verdicts.get(wall.port)?.map((v) => v.kind)).toEqual(['404-wall']);
    expect(verdicts.get(other.port)?.map((v) => v.kind)).toEqual(['healthy']);
  });

  it('ls --json and who --json fill verdicts; ls shows a VERDICT column', async () => {
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ httpPorts: [] }));
    // Every fixture server is of this repository's project: the tag keeps a parallel test's server
    // with the same config from being its `duplicate`, which would add a verdict here.
    const orphan = await startOrphanedServer({ tag: 'assess-ls-json' }, CLEAN);
    const ls = await cli('ls', '--all', '--json');
    expect(ls.code).toBe(0);
    const entry = (
      JSON.parse(ls.out) as {
        listeners: { port: number; verdicts: { kind: string; severity: string; explanation: string; evidence: object }[] }[];
      }
    ).listeners.find((l) => l.port === orphan.port);
    expect(entry?.verdicts).toEqual([
      {
        kind: 'orphaned',
        severity: 'warning',
        explanation: expect.stringContaining('orphaned'),
        evidence: { ancestry: expect.objectContaining({ pid: orphan.pid }) },
      },
    ]);

    const who = await cli('who', String(orphan.port), '--json');
    expect(JSON.parse(who.out).listeners[0].verdicts[0].kind).toBe('orphaned');

    const text = await cli('ls', '--all');
    const [header, ...rows] = text.out.split('\n');
    expect(header).toMatch(/PORT\s+ADDRESS\s+PID\s+USER\s+UP\s+PROJECT\s+VERDICT\s+COMMAND/);
    expect(rows.find((r) => r.startsWith(`${orphan.port} `))).toMatch(/\sorphaned\s/);
    expect((await cli('who', String(orphan.port))).out).toMatch(/\n {2}verdict {2}orphaned: .*session leader/);
  });

  it('a broken settings file is reported on stderr and ls still answers', async () => {
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ pollIntervalMs: 5 }));
    const server = await startServer({}, { cwd: CLEAN });
    const result = await cli('ls', '--all', '--json');
    expect(result.code).toBe(0);
    expect(result.err).toContain('pollIntervalMs: must be at least 250');
    expect(JSON.parse(result.out).listeners.some((l: { port: number }) => l.port === server.port)).toBe(true);
  });
});
