import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { freePort, isAlive, killTracked, startServer } from '../helpers/processes';
import { runWithHome, writeSettings } from '../helpers/cli-run';
import { type Bundle, bundleForAnotherUser, runNodeAs } from '../helpers/run-as-nobody';
import { gone } from '../core/kill/liveness';
import { asAnotherUser, posixOnly } from '../helpers/platform';

const home = mkdtempSync(join(tmpdir(), 'pw-kill-cli-'));
afterEach(killTracked);
afterAll(() => rmSync(home, { recursive: true, force: true }));

posixOnly('sends POSIX signals and expects their names').describe('portwarden kill', () => {
  it('kills the owner of a port, shows the identity it acts on, and says the port is free', async () => {
    const s = await startServer();
    const run = await runWithHome(home, ['kill', String(s.port)]);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`Killed node (PID ${s.pid}); port ${s.port} is free.`);
    expect(run.err).toMatch(
      new RegExp(
        `^Target: node \\(PID ${s.pid}\\), started \\d{4}-[\\d-]+T[\\d:.]+Z, owner of port ${s.port} \\(id ${s.pid}@[\\d-]+T[\\d:.]+Z\\)\\n`,
      ),
    );
    expect(run.err).toMatch(/\n {2}\+\d+\.\ds {2}sigterm +asked 1 process to stop/);
    expect(await gone(s.pid)).toBe(true);
  });

  it('kills a bare PID by the identity it resolves to, with --json', async () => {
    const s = await startServer();
    const run = await runWithHome(home, ['kill', '--pid', String(s.pid), '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json).toMatchObject({ ok: true, port: null, target: { pid: s.pid }, killed: [{ pid: s.pid, name: 'node', signal: 'SIGTERM' }] });
    expect(json.target.startTime).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it('--force sends SIGKILL at once, even to a server that ignores SIGTERM', async () => {
    writeSettings(home, { killGraceMs: 60_000 });
    const s = await startServer({ ignoreTerm: true });
    const run = await runWithHome(home, ['kill', String(s.port), '--force', '--json']);
    expect(JSON.parse(run.out)).toMatchObject({ ok: true, killed: [{ pid: s.pid, signal: 'SIGKILL' }] });
    expect(run.code).toBe(0);
    writeSettings(home, {});
  });

  it('says when there is nothing to kill, and refuses Portwarden itself', async () => {
    const port = await freePort();
    expect(await runWithHome(home, ['kill', '--port', String(port)])).toMatchObject({
      code: 1,
      err: `portwarden kill: port ${port} is free: nothing to kill`,
    });
    // The same shape as a kill that ran, so a script reads one.
    const free = await runWithHome(home, ['kill', '--port', String(port), '--json']);
    expect(free.code).toBe(1);
    expect(JSON.parse(free.out)).toEqual({
      ok: false,
      target: null,
      port,
      killed: [],
      timeline: [],
      code: 'NOT_FOUND',
      message: `port ${port} is free: nothing to kill`,
      hint: 'Nothing to kill. Look again with `portwarden ls`.',
      release: null,
    });
    const self = await runWithHome(home, ['kill', String(process.pid), '--json']);
    expect(self.code).toBe(1);
    expect(JSON.parse(self.out)).toMatchObject({ ok: false, code: 'PROTECTED', killed: [] });
    expect((await runWithHome(home, ['kill', '--port', '--pid', '1'])).code).toBe(2);
    expect((await runWithHome(home, ['kill', 'abc'])).code).toBe(2);
  });
});

asAnotherUser().describe('portwarden kill as another user', () => {
  let cli: Bundle;
  beforeAll(async () => {
    cli = await bundleForAnotherUser({ path: 'main/cli/index.ts' });
  });
  afterAll(() => cli?.dispose());

  it('run as nobody against a root-owned server: refused with "needs elevated rights", exit 3', async () => {
    const s = await startServer();
    const byPort = await runNodeAs('nobody', cli.file, ['kill', String(s.port)]);
    expect(byPort.code).toBe(3);
    expect(byPort.stderr).toContain(`port ${s.port} is in use, but its owner is not visible: needs elevated rights`);
    const byPid = await runNodeAs('nobody', cli.file, ['kill', '--pid', String(s.pid)]);
    expect(byPid.code).toBe(3);
    expect(byPid.stderr).toContain(`node (PID ${s.pid}) belongs to user root: needs elevated rights to kill it`);
    const restart = await runNodeAs('nobody', cli.file, ['restart', String(s.port), '--json']);
    expect(restart.code).toBe(3);
    expect(JSON.parse(restart.stdout)).toMatchObject({ ok: false, code: 'EPERM', spawned: null });
    expect(isAlive(s.pid)).toBe(true);
  });

  it('a server run as nobody, the CLI run as daemon: refused, exit 3, the server untouched', async () => {
    const s = await startServer({}, { uid: 65534, gid: 65534 });
    const run = await runNodeAs('daemon', cli.file, ['kill', '--pid', String(s.pid), '--json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      code: 'EPERM',
      killed: [],
      message: `node (PID ${s.pid}) belongs to user nobody: needs elevated rights to kill it`,
    });
    expect(isAlive(s.pid)).toBe(true);
  });
});
