import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { recordingContext } from '../helpers/cli-run';
import { runCli } from '../../main/cli/run';
import { LinuxPortTable } from '../../main/core/scan/linux/linux-port-table';
import { killTracked, startServer, waitFor } from '../helpers/processes';
import { linuxOnly } from '../helpers/platform';

// A directory with no build output: a rebuild of the repository's dist/ while these servers run must
// not turn them into stale builds.
const CLEAN = mkdtempSync(join(tmpdir(), 'pw-clean-cwd-'));
afterAll(() => rmSync(CLEAN, { recursive: true, force: true }));

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-watch-'));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ watchedPorts: [], httpPorts: [] }));
});
afterEach(() => {
  killTracked();
  rmSync(home, { recursive: true, force: true });
});

/** Runs `portwarden watch` in-process; `scanned` resolves after the first scan (the baseline). */
function startWatch(...argv: string[]) {
  let firstScan!: () => void;
  const scanned = new Promise<void>((r) => (firstScan = r));
  const table = new LinuxPortTable();
  const scanner = Object.assign(Object.create(table) as LinuxPortTable, {
    scan: async () => {
      const listeners = await table.scan();
      firstScan();
      return listeners;
    },
  });
  const { ctx, out, err, interrupt } = recordingContext({ scanner, env: { PORTWARDEN_HOME: home } });
  const exit = runCli(['watch', ...argv], ctx);
  return {
    out,
    err,
    scanned,
    exit,
    stop: () => {
      interrupt();
      return exit;
    },
  };
}

linuxOnly('scans with the Linux procfs table').describe('portwarden watch', () => {
  it('streams one line per event until interrupted', async () => {
    const w = startWatch('--interval', '250');
    await w.scanned;
    await waitFor(() => w.out.length > 0 || undefined, 5000, 'the header');
    expect(w.out[0]).toMatch(/^Watching \d+ listening ports? every 250 ms \(settings: .*settings\.json\)\. Ctrl-C to stop\.$/);
    const server = await startServer({}, { cwd: CLEAN });
    const mine = () => w.out.filter((l) => l.includes(`port ${server.port}:`));
    await waitFor(() => mine().length > 0 || undefined, 5000, 'the appeared line');
    server.child.kill('SIGKILL');
    await waitFor(() => mine().length >= 3 || undefined, 5000, 'the died and released lines');
    expect(await w.stop()).toBe(0);
    expect(mine()).toEqual([
      expect.stringMatching(
        new RegExp(`^\\d\\d:\\d\\d:\\d\\d  port ${server.port}: now listening, owned by node \\(PID ${server.pid}\\)$`),
      ),
      expect.stringMatching(new RegExp(`port ${server.port}: owner node \\(PID ${server.pid}\\) died$`)),
      expect.stringMatching(new RegExp(`port ${server.port}: released by node \\(PID ${server.pid}\\), now free$`)),
    ]);
    expect(w.err).toEqual([]);
  });

  it('--json prints JSON lines only', async () => {
    const w = startWatch('--json', '--interval', '250');
    await w.scanned;
    const server = await startServer({}, { cwd: CLEAN });
    const mine = () => w.out.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.port === server.port);
    await waitFor(() => mine().length > 0 || undefined, 5000, 'the appeared event');
    server.child.kill('SIGKILL');
    await waitFor(() => mine().length >= 3 || undefined, 5000, 'the died and released events');
    await w.stop();
    expect(mine().map((e) => e.type)).toEqual(['appeared', 'owner-died', 'released']);
    expect(mine()[0]).toMatchObject({
      port: server.port,
      owner: { pid: server.pid, name: 'node', startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
    expect(mine()[0]!.at).toMatch(/Z$/);
  });

  it('prints a settings warning on stderr and watches with the defaults', async () => {
    writeFileSync(join(home, 'settings.json'), '{ not json');
    const w = startWatch('--json');
    await w.scanned;
    await w.stop();
    expect(w.err.join('\n')).toMatch(
      /settings .*settings\.json is not valid JSON .*Using defaults; the file was moved to .*settings\.json\.bad-/,
    );
  });

  it('refuses an interval below the minimum', async () => {
    const w = startWatch('--interval', '10');
    expect(await w.exit).toBe(2);
    expect(w.err.join('\n')).toContain('--interval 10: must be at least 250 (milliseconds)');
  });
});
