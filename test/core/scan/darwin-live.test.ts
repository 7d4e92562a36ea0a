import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DarwinPortTable } from '../../../main/core/scan/darwin/darwin-port-table';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { defaultRunner } from '../../../main/core/scan/command-guard';
import type { RunCommand } from '../../../main/core/scan/run-command';
import { killTracked, startServer } from '../../helpers/processes';
import { onlyWhere } from '../../helpers/platform';

// lsof's field output and `ps -o …lstart…` are the same on Linux (procps, lsof 4.9x) as on macOS,
// so the macOS adapter can run its real commands against real servers here. Linux netstat prints a
// different table, so that one command answers nothing.
const hasLsof = (() => {
  try {
    execFileSync('lsof', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const run: RunCommand = (cmd, args, options) =>
  cmd === 'netstat' ? Promise.resolve({ stdout: '', stderr: '', code: 0, durationMs: 0 }) : defaultRunner(cmd, args, options);
const dirs: string[] = [];

afterAll(() => {
  killTracked();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

onlyWhere(process.platform === 'linux' && hasLsof, 'Linux with lsof', 'compares lsof and ps with /proc').describe(
  'DarwinPortTable commands, run for real on Linux',
  () => {
    it('finds a dual-stack server and its inheriting child, with cwd, argv and a start time to the second', async () => {
      const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'pw-darwin-live-')));
      dirs.push(cwd);
      const server = await startServer({ hosts: ['127.0.0.1', '::1'], shareWithChild: true }, { cwd });

      const listener = (await new DarwinPortTable({ run }).scan()).find((l) => l.port === server.port);
      expect(listener?.addresses).toEqual(['127.0.0.1', '::1']);
      expect(listener?.holders.map((h) => h.pid).sort((a, b) => a - b)).toEqual([server.pid, server.childPid].sort((a, b) => a! - b!));
      const owner = listener!.owner!;
      expect(owner.pid).toBe(server.pid);
      expect(owner.cwd).toBe(cwd);
      expect(owner.exe).toBe(realpathSync(process.execPath));
      expect(owner.argv[1]).toMatch(/server\.cjs$/);
      expect(owner.user).toBe(execFileSync('id', ['-un'], { encoding: 'utf8' }).trim());

      // ps lstart drops the sub-second part of the same kernel start time procfs reports.
      const procfs = await new LinuxPortTable().get(server.pid);
      expect(procfs!.startTime - owner.startTime).toBeGreaterThanOrEqual(0);
      expect(procfs!.startTime - owner.startTime).toBeLessThan(1000);
      expect(owner.ppid).toBe(procfs!.ppid);
      expect(owner.pgid).toBe(procfs!.pgid);
    });

    it('gets one process and lists them all', async () => {
      const table = new DarwinPortTable({ run });
      expect((await table.get(process.pid))?.pid).toBe(process.pid);
      const all = await table.list();
      expect(all.some((p) => p.pid === process.pid)).toBe(true);
      expect(all.length).toBeGreaterThan(1);
    });
  },
);
