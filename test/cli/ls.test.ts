import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LinuxPortTable, NEEDS_ELEVATED_RIGHTS } from '../../main/core/scan/linux/linux-port-table';
import { runInProcess } from '../helpers/cli-run';
import { FakeProc } from '../helpers/fake-proc';
import { killTracked, SERVER_SCRIPT, startServer } from '../helpers/processes';
import { type Bundle, bundleForAnotherUser, runNodeAsNobody, startServerAsNobody } from '../helpers/run-as-nobody';
import { asAnotherUser, linuxOnly } from '../helpers/platform';

afterEach(killTracked);

interface ListenerJson {
  port: number;
  owner: Record<string, unknown> | null;
  ownerUnavailable: string | null;
  [key: string]: unknown;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

linuxOnly('reads a fake /proc with the Linux scanner').describe('portwarden ls', () => {
  it('--json prints one object: listeners with port, protocol, addresses, owner and verdicts', async () => {
    const server = await startServer({ hosts: ['0.0.0.0'] }, { cwd: tmpdir() });
    const run = await runInProcess(['ls', '--json']);
    expect(run.code).toBe(0);
    expect(run.out.split('\n')).toHaveLength(1);
    const json = JSON.parse(run.out) as { listeners: ListenerJson[] };
    expect(Object.keys(json)).toEqual(['listeners']);
    const mine = json.listeners.find((l) => l.port === server.port)!;
    expect(Object.keys(mine)).toEqual(expect.arrayContaining(['port', 'protocol', 'addresses', 'owner', 'verdicts']));
    expect(mine).toMatchObject({ protocol: 'tcp', addresses: ['0.0.0.0'], verdicts: expect.any(Array) });
    expect(mine.owner).toMatchObject({ pid: server.pid, ppid: process.pid, name: 'node', cwd: tmpdir(), user: 'root' });
    expect(mine.owner!.argv).toEqual([process.execPath, SERVER_SCRIPT, JSON.stringify({ hosts: ['0.0.0.0'] })]);
    expect(mine.owner!.startTime).toMatch(ISO);
    expect(json.listeners.map((l) => l.port)).toEqual([...json.listeners.map((l) => l.port)].sort((a, b) => a - b));
  });

  it('prints a table with the owner of each port', async () => {
    const server = await startServer({ hosts: ['127.0.0.1', '::1'] }, { cwd: tmpdir() });
    const run = await runInProcess(['ls']);
    const [header, ...rows] = run.out.split('\n');
    expect(header).toMatch(/^PORT +ADDRESS +PID +USER +UP +PROJECT +VERDICT +COMMAND$/);
    const row = rows.find((r) => r.startsWith(`${server.port} `));
    // Started in the temp folder, the script's path leads to this repository's package.json.
    expect(row).toMatch(
      new RegExp(`^${server.port} +127\\.0\\.0\\.1, \\[::1\\] +${server.pid} +root +\\d+s +portwarden +\\S+ +.*server\\.cjs`),
    );
  });

  describe('the default filter: dev ports and your own; --all for every one', () => {
    const proc = new FakeProc();
    afterAll(() => proc.dispose());
    const someoneElse = 1234;
    const me = process.getuid!();

    it('keeps dev-range ports of anyone and any port of the current user', async () => {
      proc.setSockets([
        { address: '127.0.0.1', port: 3000, uid: someoneElse, inode: 10 },
        { address: '0.0.0.0', port: 40000, uid: someoneElse, inode: 11 },
        { address: '127.0.0.1', port: 40001, uid: me, inode: 12 },
        { address: '0.0.0.0', port: 40002, uid: someoneElse, inode: 13 },
      ]);
      proc.addProcess({ pid: 50, comm: 'next-server', uid: someoneElse, sockets: { 20: 10 } });
      proc.addProcess({ pid: 51, comm: 'postgres', uid: someoneElse, sockets: { 5: 11 } });
      proc.addProcess({ pid: 52, comm: 'node', uid: me, sockets: { 7: 12 } });
      const table = new LinuxPortTable({ procRoot: proc.root });
      const ports = async (...args: string[]) =>
        (
          JSON.parse((await runInProcess(['ls', '--json', ...args], { scanner: table })).out) as { listeners: ListenerJson[] }
        ).listeners.map((l) => l.port);
      expect(await ports()).toEqual([3000, 40001]);
      // 40002 has no visible owner: it still appears with --all, owner null.
      expect(await ports('--all')).toEqual([3000, 40000, 40001, 40002]);
    });

    it("follows the user's watched ports from the settings, not only the default dev ranges", async () => {
      proc.setSockets([
        { address: '127.0.0.1', port: 3000, uid: someoneElse, inode: 20 },
        { address: '0.0.0.0', port: 40010, uid: someoneElse, inode: 21 },
      ]);
      proc.addProcess({ pid: 60, comm: 'next-server', uid: someoneElse, sockets: { 20: 20 } });
      proc.addProcess({ pid: 61, comm: 'api', uid: someoneElse, sockets: { 5: 21 } });
      const home = mkdtempSync(join(tmpdir(), 'pw-ls-settings-'));
      try {
        writeFileSync(join(home, 'settings.json'), JSON.stringify({ watchedPorts: ['40000-40020'] }));
        const run = await runInProcess(['ls', '--json'], {
          scanner: new LinuxPortTable({ procRoot: proc.root }),
          env: { PORTWARDEN_HOME: home },
        });
        expect((JSON.parse(run.out) as { listeners: ListenerJson[] }).listeners.map((l) => l.port)).toEqual([40010]);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });

    it('says so when nothing is listening', async () => {
      proc.setSockets([]);
      const table = new LinuxPortTable({ procRoot: proc.root });
      expect(await runInProcess(['ls'], { scanner: table })).toMatchObject({
        code: 0,
        out: 'No dev ports in use and none of yours listening (try --all).',
      });
      expect(await runInProcess(['ls', '--all'], { scanner: table })).toMatchObject({ code: 0, out: 'No listening TCP ports.' });
    });
  });

  it('rejects an unknown option with a one-line error and exit 2', async () => {
    const run = await runInProcess(['ls', '--everything']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^portwarden ls: .*--everything.* \(usage: portwarden ls \[--all\] \[--json\]\)$/);
  });
});

asAnotherUser().describe('portwarden ls, run by another user', () => {
  let cli: Bundle;
  beforeAll(async () => {
    cli = await bundleForAnotherUser({ path: 'main/cli/index.ts' });
  });
  afterAll(() => cli.dispose());

  it("shows the user's own server by default; root's only with --all, owner null and why", async () => {
    const rootServer = await startServer({}, { cwd: tmpdir() });
    const own = await startServerAsNobody();

    const byDefault = JSON.parse((await runNodeAsNobody(cli.file, ['ls', '--json'])).stdout) as { listeners: ListenerJson[] };
    expect(byDefault.listeners.find((l) => l.port === own.port)?.owner).toMatchObject({ pid: own.pid, user: 'nobody' });
    expect(byDefault.listeners.find((l) => l.port === rootServer.port)).toBeUndefined();

    const all = await runNodeAsNobody(cli.file, ['ls', '--all', '--json']);
    expect(all.code).toBe(0);
    const hidden = (JSON.parse(all.stdout) as { listeners: ListenerJson[] }).listeners.find((l) => l.port === rootServer.port);
    expect(hidden).toMatchObject({ owner: null, ownerUnavailable: NEEDS_ELEVATED_RIGHTS, ownerHidden: 'EPERM' });

    const table = await runNodeAsNobody(cli.file, ['ls', '--all']);
    expect(table.stdout).toMatch(new RegExp(`\\n${rootServer.port} +127\\.0\\.0\\.1 +- +- +- +.*\\(needs elevated rights`));
  });
});
