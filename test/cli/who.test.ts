import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { LinuxPortTable, NEEDS_ELEVATED_RIGHTS } from '../../main/core/scan/linux/linux-port-table';
import { runInProcess } from '../helpers/cli-run';
import { FakeProc } from '../helpers/fake-proc';
import { freePort, killTracked, startServer } from '../helpers/processes';
import { type Bundle, bundleForAnotherUser, runNodeAsNobody } from '../helpers/run-as-nobody';
import { asAnotherUser, linuxOnly } from '../helpers/platform';

afterEach(killTracked);

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

linuxOnly('reads a fake /proc with the Linux scanner').describe('portwarden who', () => {
  it('names the owner, its state, start time, uptime, command, cwd and parent chain', async () => {
    const server = await startServer({ hosts: ['127.0.0.1', '::1'] }, { cwd: '/tmp' });
    const run = await runInProcess(['who', String(server.port)]);
    expect(run).toMatchObject({ code: 0, err: '' });
    const lines = run.out.split('\n');
    expect(lines[0]).toBe(`Port ${server.port} (tcp on 127.0.0.1, [::1])`);
    expect(lines[1]).toMatch(new RegExp(`^  owner +node \\(PID ${server.pid}\\), user root, (sleeping|running), up \\d+s$`));
    expect(lines[2]).toMatch(/^ {2}started +\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(run.out).toMatch(/\n {2}command +\S+node \S+server\.cjs /);
    expect(run.out).toContain('\n  cwd      /tmp');
    // The chain starts at the test process that spawned the server, in the launch tree's labels.
    expect(run.out).toMatch(new RegExp(`\\n {2}parents +[^\\n(]+ \\(${process.pid}\\)( ← |$)`));
    expect(run.out).not.toMatch(/parents +node \(/);
    // cwd /tmp holds no package.json: the script's path leads to this repository.
    expect(run.out).toMatch(/\n {2}project +portwarden \(\S+\), from its command line\n/);
  });

  it('--json: one object with the owner, ISO start time, parent chain and verdicts', async () => {
    const server = await startServer({ hosts: ['::'] });
    const run = await runInProcess(['who', String(server.port), '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(Object.keys(json)).toEqual(['listeners']);
    const [l] = json.listeners;
    expect(l).toMatchObject({ port: server.port, protocol: 'tcp', addresses: ['::'] });
    expect(Array.isArray(l.verdicts)).toBe(true);
    expect(l.owner).toMatchObject({ pid: server.pid, ppid: process.pid, name: 'node', user: 'root', cwd: process.cwd() });
    expect(l.owner.startTime).toMatch(ISO);
    expect(l.owner.argv[0]).toBe(process.execPath);
    expect(l.parents[0]).toMatchObject({ pid: process.pid });
    expect(l.parents[0].startTime).toMatch(ISO);
    expect(l.owner.project).toMatchObject({ name: 'portwarden', source: 'cwd' });
    // Owner first, then its parents: kind, label, pid, start time.
    expect(l.owner.launch[0]).toEqual({
      kind: 'server',
      label: `node server.cjs (${server.pid})`,
      command: 'node server.cjs',
      pid: server.pid,
      startTime: l.owner.startTime,
    });
    expect(l.owner.launch[1]).toMatchObject({ pid: process.pid, startTime: l.parents[0].startTime });
  });

  it('lists the other holders of an inherited socket', async () => {
    const server = await startServer({ shareWithChild: true });
    const run = await runInProcess(['who', String(server.port)]);
    expect(run.out).toContain(`\n  holders  also held by node (${server.childPid})`);
  });

  it('says a free port is free, exit 1 (and an empty list in JSON)', async () => {
    const port = await freePort();
    expect(await runInProcess(['who', String(port)])).toEqual({
      code: 1,
      out: `Port ${port} is free: nothing is listening on it.`,
      err: '',
    });
    expect(await runInProcess(['who', String(port), '--json'])).toEqual({ code: 1, out: '{"listeners":[]}', err: '' });
  });

  it.each([['0'], ['70000'], ['abc'], ['-1'], ['3000.5'], [''], []])('rejects %j with a one-line error and exit 2', async (...args) => {
    const run = await runInProcess(['who', ...args]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/^portwarden who: .+ \(usage: portwarden who <port> \[--json\]\)$/);
  });

  it('warns that a Docker forwarder owns the port', async () => {
    const proc = new FakeProc();
    try {
      proc.setSockets([{ address: '0.0.0.0', port: 5432, inode: 77 }]);
      proc.addProcess({
        pid: 1234,
        comm: 'docker-proxy',
        ppid: 1,
        exe: '/usr/bin/docker-proxy',
        argv: ['/usr/bin/docker-proxy', '-host-port', '5432'],
        sockets: { 4: 77 },
      });
      const run = await runInProcess(['who', '5432'], { scanner: new LinuxPortTable({ procRoot: proc.root }) });
      expect(run.out).toContain('\n  note     Docker port forwarder: the port belongs to a container (docker ps)');
    } finally {
      proc.dispose();
    }
  });
});

asAnotherUser().describe('portwarden who, run by another user', () => {
  let cli: Bundle;
  beforeAll(async () => {
    cli = await bundleForAnotherUser({ path: 'main/cli/index.ts' });
  });
  afterAll(() => cli.dispose());

  it("shows a root-owned server's port with owner null and why", async () => {
    const server = await startServer();
    const json = await runNodeAsNobody(cli.file, ['who', String(server.port), '--json']);
    expect(json.code).toBe(0);
    const [l] = JSON.parse(json.stdout).listeners;
    expect(l).toMatchObject({ port: server.port, owner: null, holders: [], ownerUnavailable: NEEDS_ELEVATED_RIGHTS, ownerHidden: 'EPERM' });

    const text = await runNodeAsNobody(cli.file, ['who', String(server.port)]);
    expect(text.stdout).toContain(`  owner    unknown: ${NEEDS_ELEVATED_RIGHTS}`);
    expect(text.stdout).toContain('  uid      0 (from the socket)');
  });
});
