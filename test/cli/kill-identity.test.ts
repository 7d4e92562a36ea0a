import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { runInProcess, runWithHome } from '../helpers/cli-run';
import { pidReuseSkipReason, spawnWithPid } from '../helpers/pid-reuse';
import { linuxOnly } from '../helpers/platform';
import { firstJsonLine, isAlive, killTracked, SERVER_SCRIPT, spawnTracked, startServer } from '../helpers/processes';

// Identities on the command line: an id from `who --json` names one process, and a PID that went
// to another process since is refused, never killed.

const home = mkdtempSync(join(tmpdir(), 'pw-kill-id-'));
afterEach(killTracked);
afterAll(() => rmSync(home, { recursive: true, force: true }));

if (pidReuseSkipReason) console.log(`SKIP PID reuse through ns_last_pid: ${pidReuseSkipReason}`);

linuxOnly('reads /proc start times and steers PIDs through ns_last_pid').describe('kill <id>', () => {
  it('`who` shows the id, `who --json` carries it, and `kill <id>` kills that process and frees its port', async () => {
    const s = await startServer();
    const json = JSON.parse((await runInProcess(['who', String(s.port), '--json'])).out);
    const id: string = json.listeners[0].owner.id;
    expect(id).toMatch(new RegExp(`^${s.pid}@\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$`));
    expect((await runInProcess(['who', String(s.port)])).out).toContain(`  id       ${id}`);
    const run = await runWithHome(home, ['kill', id, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ ok: true, port: s.port, killed: [{ pid: s.pid }] });
  });

  it.skipIf(pidReuseSkipReason !== null)(
    'refuses an id whose PID now runs another process: exit 1, STALE_IDENTITY, the newcomer untouched',
    async () => {
      const s = await startServer();
      const id: string = JSON.parse((await runInProcess(['who', String(s.port), '--json'])).out).listeners[0].owner.id;
      s.child.kill('SIGKILL');
      await new Promise((resolve) =>
        s.child.exitCode !== null || s.child.signalCode !== null ? resolve(null) : s.child.once('exit', resolve),
      );
      const newcomer = await spawnWithPid(s.pid, process.execPath, [SERVER_SCRIPT, '{}'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
      await firstJsonLine(newcomer);
      const run = await runWithHome(home, ['kill', id, '--json']);
      expect(run.code).toBe(1);
      const out = JSON.parse(run.out);
      expect(out).toMatchObject({ ok: false, code: 'STALE_IDENTITY', killed: [] });
      expect(out.message).toContain(`PID ${s.pid} now belongs to another process`);
      expect(isAlive(s.pid)).toBe(true);
      // The same PID, bare, is what runs under it now: that is what `--pid` is documented to do.
      expect((await runWithHome(home, ['kill', '--pid', String(s.pid), '--json'])).code).toBe(0);
    },
  );

  it('treats a number beyond pid_max, or beyond a safe integer, as bad input (exit 2)', async () => {
    const max = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    for (const text of ['99999999999999999999', String(Math.max(max, 65535) + 1)]) {
      const run = await runWithHome(home, ['kill', text]);
      expect(run.code, text).toBe(2);
      expect(run.err).toContain(`PIDs on this machine go up to ${max}`);
    }
  });

  it('a process that names itself docker-proxy is not a forwarder: its executable says node', async () => {
    const child = spawnTracked(
      process.execPath,
      [
        '-e',
        "process.title='docker-proxy';require('fs').writeFileSync('/proc/self/comm','docker-proxy');const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(JSON.stringify({port:s.address().port})))",
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const { port } = await firstJsonLine<{ port: number }>(child);
    const owner = JSON.parse((await runInProcess(['who', String(port), '--json'])).out).listeners[0].owner;
    expect(owner.name).toBe('docker-proxy');
    expect(owner.forwarder).toBeNull();
    const run = await runWithHome(home, ['kill', String(port), '--json']);
    expect(JSON.parse(run.out)).toMatchObject({ ok: true, killed: [{ pid: child.pid }] });
  });
});
