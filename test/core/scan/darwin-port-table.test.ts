import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DarwinPortTable } from '../../../main/core/scan/darwin/darwin-port-table';
import type { RunCommand } from '../../../main/core/scan/run-command';
import type { Listener } from '../../../main/core/types';
import { capturedStdout, loadCapture } from '../../helpers/captures';

const captures = {
  sonoma: loadCapture('darwin', 'sonoma-14'),
  sequoia: loadCapture('darwin', 'sequoia-15'),
  tahoe: loadCapture('darwin', 'tahoe-26'),
};
const OUTPUTS: Record<string, string> = {
  'lsof-listen-4.91.txt': capturedStdout(captures.sonoma, 'lsof', '-sTCP:LISTEN'),
  'lsof-listen-4.99.txt': capturedStdout(captures.tahoe, 'lsof', '-sTCP:LISTEN'),
  'lsof-paths.txt': capturedStdout(captures.sonoma, 'lsof', 'cwd,txt') + capturedStdout(captures.tahoe, 'lsof', 'cwd,txt'),
  'ps-listeners.txt': capturedStdout(captures.sonoma, 'ps', '-axww'),
  // Not a scan scenario: ps's column padding around a long account name (see the folder's README).
  'ps-long-user.txt': readFileSync(new URL('../../fixtures/darwin/ps-long-user.txt', import.meta.url), 'utf8'),
  'netstat-anv-sonoma.txt': capturedStdout(captures.sonoma, 'netstat'),
  'netstat-anv-sequoia.txt': capturedStdout(captures.sequoia, 'netstat'),
  'netstat-anv-tahoe.txt': capturedStdout(captures.tahoe, 'netstat'),
};
const fixture = (name: string) => OUTPUTS[name]!;
const answer = (stdout: string) => ({ stdout, stderr: '', code: 0, durationMs: 1 });

interface Machine {
  lsof?: string;
  netstat?: string;
  ps?: string;
  paths?: string;
  /** Commands that fail as if missing. */
  broken?: string[];
}

/** A fake Mac: answers each command from the captures' outputs, as the real one would for the pids asked. */
function fakeMac(m: Machine = {}) {
  const calls: string[][] = [];
  const lsof = m.lsof ?? fixture('lsof-listen-4.91.txt');
  const netstat = m.netstat ?? fixture('netstat-anv-sonoma.txt');
  const ps = (m.ps ?? fixture('ps-listeners.txt')).split('\n');
  const paths = m.paths ?? fixture('lsof-paths.txt');
  const text = (cmd: string, args: string[]): string => {
    if (m.broken?.includes(cmd)) throw new Error(`${cmd} could not run (ENOENT)`);
    const pids = (flag: string) => new Set((args[args.indexOf(flag) + 1] ?? '').split(',').map(Number));
    if (cmd === 'lsof' && args.includes('-sTCP:LISTEN')) return lsof;
    if (cmd === 'lsof' && args.includes('cwd,txt')) {
      const want = pids('-p');
      return paths
        .split(/(?=^p)/m)
        .filter((set) => want.has(Number(/^p(\d+)/.exec(set)?.[1])))
        .join('');
    }
    if (cmd === 'netstat') return netstat;
    if (cmd === 'ps' && args.includes('-p')) {
      const want = pids('-p');
      return ps.filter((line) => want.has(Number(line.trim().split(/\s+/)[0]))).join('\n');
    }
    if (cmd === 'ps') return ps.join('\n');
    throw new Error(`unexpected command ${cmd} ${args.join(' ')}`);
  };
  const run: RunCommand = async (cmd, args) => {
    calls.push([cmd, ...args]);
    return answer(text(cmd, args));
  };
  const count = (cmd: string) => calls.filter((c) => c[0] === cmd).length;
  return { run, calls, count };
}

const local = (...parts: [number, number, number, number, number, number]) => new Date(...parts).getTime();
const at = (listeners: Listener[], port: number) => listeners.find((l) => l.port === port)!;

describe('DarwinPortTable over recorded command output', () => {
  it('groups IPv4 and IPv6 sockets by port, with every holder and the owner that bound', async () => {
    const table = new DarwinPortTable({ run: fakeMac().run, isRoot: false });
    const listeners = await table.scan();
    expect(listeners.map((l) => l.port)).toEqual([3000, 3306, 4567, 5000, 5173, 5432, 7000, 8080]);

    const next = at(listeners, 3000);
    expect(next.addresses).toEqual(['::']);
    expect(next.holders.map((h) => h.pid)).toEqual([4242, 4243]);
    expect(next.owner).toEqual({
      pid: 4242,
      startTime: local(2023, 10, 14, 22, 0, 0),
      ppid: 4200,
      pgid: 4200,
      sid: null,
      name: 'node',
      argv: ['node', '~/shop/node_modules/.bin/next', 'start'],
      exe: '/opt/homebrew/Cellar/node/22.9.0/bin/node',
      cwd: '~/shop',
      user: 'alice',
      uid: 501,
      state: 'sleeping',
      forwarder: null,
    });
    expect(next.holders[1]!.argv[0]).toBe('/opt/homebrew/Cellar/node/22.9.0/bin/node');

    expect(at(listeners, 5432).addresses).toEqual(['127.0.0.1', '::1']);
    expect(at(listeners, 7000).addresses).toEqual(['0.0.0.0', '::']);
    expect(at(listeners, 5173)).toMatchObject({ addresses: ['::1'], owner: { pid: 5300, state: 'stopped' } });
  });

  it('labels Docker Desktop by its executable, though the kernel cut its name', async () => {
    const docker = at(await new DarwinPortTable({ run: fakeMac().run }).scan(), 8080);
    expect(docker.owner).toMatchObject({ name: 'com.docker.backe', forwarder: 'docker-desktop' });
  });

  it('shows sockets only netstat sees with owner null and the reason', async () => {
    const listeners = await new DarwinPortTable({ run: fakeMac().run, isRoot: false }).scan();
    const mysql = at(listeners, 3306);
    expect(mysql).toMatchObject({ owner: null, holders: [], addresses: ['127.0.0.1'] });
    expect(mysql.ownerUnavailable).toMatch(/^needs elevated rights: .*pid 88.*sudo/);
    expect(mysql.ownerHidden).toBe('EPERM');
    const asRoot = at(await new DarwinPortTable({ run: fakeMac().run, isRoot: true }).scan(), 3306);
    expect(asRoot.ownerUnavailable).toMatch(/^owner not visible to lsof \(netstat reports pid 88\)/);
    expect(asRoot.ownerHidden).toBe('NOT_VISIBLE');
  });

  it('says so when a holder exited between lsof and ps', async () => {
    const ruby = at(await new DarwinPortTable({ run: fakeMac().run }).scan(), 4567);
    expect(ruby.owner).toBeNull();
    expect(ruby.ownerUnavailable).toBe('the process exited during the scan');
  });

  it.each(['netstat-anv-sonoma.txt', 'netstat-anv-sequoia.txt'])('gives the same listeners with %s', async (file) => {
    const base = await new DarwinPortTable({ run: fakeMac().run, isRoot: false }).scan();
    const other = await new DarwinPortTable({ run: fakeMac({ netstat: fixture(file) }).run, isRoot: false }).scan();
    expect(other).toEqual(base);
  });

  it('reads a macOS 26 machine: lsof 4.99, Tahoe netstat, names and paths with spaces', async () => {
    const mac = fakeMac({ lsof: fixture('lsof-listen-4.99.txt'), netstat: fixture('netstat-anv-tahoe.txt') });
    const listeners = await new DarwinPortTable({ run: mac.run, isRoot: false }).scan();
    expect(listeners.map((l) => l.port)).toEqual([3000, 3306, 9229, 49152, 61000]);
    const helper = at(listeners, 9229).owner!;
    const exe = '/Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Plugin).app/Contents/MacOS/Code Helper (Plugin)';
    expect(helper).toMatchObject({ name: 'Code Helper (Plu', exe, argv: [exe, '--type=utility', '--inspect-port=9229'] });
    expect(at(listeners, 49152).addresses).toEqual(['0.0.0.0', 'fe80::1%lo0']);
    expect(at(listeners, 61000).ownerUnavailable).toMatch(/pid 22712, Autodesk Fusion/);
  });

  it('looks up cwd and executable once per identity; a fresh scan looks again', async () => {
    const mac = fakeMac();
    const table = new DarwinPortTable({ run: mac.run });
    const pathLookups = () => mac.calls.filter((c) => c.includes('cwd,txt')).length;
    await table.scan();
    expect(pathLookups()).toBe(1);
    const again = await table.scan();
    expect(pathLookups()).toBe(1);
    expect(at(again, 3000).owner!.cwd).toBe('~/shop');
    await table.scan({ fresh: true });
    expect(pathLookups()).toBe(2);
  });

  it('does not trust a cached cwd for a pid that now has another start time', async () => {
    let ps = fixture('ps-listeners.txt');
    let netstat = fixture('netstat-anv-sonoma.txt');
    const mac = fakeMac();
    const run: RunCommand = async (cmd, args) => {
      if (cmd === 'ps')
        return answer(
          ps
            .split('\n')
            .filter((l) => l.trim().startsWith('4242 '))
            .join('\n'),
        );
      return cmd === 'netstat' ? answer(netstat) : mac.run(cmd, args);
    };
    const table = new DarwinPortTable({ run });
    await table.scan();
    ps = ps.replace('Tue Nov 14 22:00:00 2023', 'Tue Nov 14 23:30:00 2023');
    // The restarted server's socket is a new one, and another listener left: netstat's set changed.
    netstat = netstat.replace(/^.*127\.0\.0\.1\.4567.*\n/m, '');
    const lookups = () => mac.calls.filter((c) => c.includes('cwd,txt'));
    const before = lookups().length;
    const owner = at(await table.scan(), 3000).owner!;
    expect(owner.startTime).toBe(local(2023, 10, 14, 23, 30, 0));
    expect(lookups().length).toBe(before + 1);
  });

  it('still answers from lsof when netstat fails, and names lsof when lsof fails', async () => {
    const noNetstat = await new DarwinPortTable({ run: fakeMac({ broken: ['netstat'] }).run }).scan();
    expect(noNetstat.map((l) => l.port)).toEqual([3000, 4567, 5000, 5173, 5432, 7000, 8080]);
    await expect(new DarwinPortTable({ run: fakeMac({ broken: ['lsof'] }).run }).scan()).rejects.toThrow(/lsof could not run/);
  });

  it('returns no listeners when lsof finds none', async () => {
    expect(await new DarwinPortTable({ run: fakeMac({ lsof: '', netstat: '' }).run }).scan()).toEqual([]);
  });

  it('serves single processes and the process list', async () => {
    const table = new DarwinPortTable({ run: fakeMac({ ps: fixture('ps-long-user.txt') }).run });
    expect(await table.get(0)).toBeNull();
    expect(await table.get(31337)).toBeNull();
    expect(await table.get(4242)).toMatchObject({ pid: 4242, cwd: '~/shop', user: 'alice.longname-contractor' });
    const all = await table.list();
    expect(all.map((p) => [p.pid, p.name, p.state])).toEqual([
      [4242, 'node', 'sleeping'],
      [4250, '(node)', 'zombie'],
      [88, 'mysqld', 'sleeping'],
      [1, 'launchd', 'sleeping'],
    ]);
  });

  it('runs one netstat per steady poll, and lsof and ps only when the (address, port, pid) set changes', async () => {
    let netstat = fixture('netstat-anv-sonoma.txt');
    const mac = fakeMac();
    const run: RunCommand = (cmd, args) => (cmd === 'netstat' ? mac.run(cmd, args).then(() => answer(netstat)) : mac.run(cmd, args));
    const table = new DarwinPortTable({ run, isRoot: false });
    const first = await table.scan();
    expect([mac.count('netstat'), mac.count('lsof'), mac.count('ps')]).toEqual([1, 2, 1]);
    const N = 25;
    for (let i = 0; i < N; i++) expect(await table.scan()).toEqual(first);
    expect([mac.count('netstat'), mac.count('lsof'), mac.count('ps')]).toEqual([1 + N, 2, 1]);
    expect(mac.calls.find((c) => c[0] === 'netstat')).toEqual(['netstat', '-anvl', '-p', 'tcp']);
    expect(mac.calls.filter((c) => c[0] === 'lsof').every((c) => c[1] === '-b' && c[2] === '-w')).toBe(true);

    // The Vite server's socket now names another pid: a new owner, so lsof and ps run again.
    netstat = netstat.replace(/(::1\.5173\s.*?\s)5300(\s)/, '$15301$2');
    await table.scan();
    expect([mac.count('lsof'), mac.count('ps')]).toEqual([3, 2]);
    await table.scan();
    expect([mac.count('lsof'), mac.count('ps')]).toEqual([3, 2]);
    await table.scan({ fresh: true });
    expect([mac.count('lsof'), mac.count('ps')]).toEqual([5, 3]);
  });

  it('asks lsof every poll when netstat fails or prints no pid column', async () => {
    const broken = fakeMac({ broken: ['netstat'] });
    const table = new DarwinPortTable({ run: broken.run });
    await table.scan();
    await table.scan();
    expect(broken.count('lsof')).toBeGreaterThanOrEqual(2);
    const noPid =
      'Active Internet connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)\ntcp4       0      0  *.3000                 *.*                    LISTEN\n';
    const mac = fakeMac({ netstat: noPid });
    const t2 = new DarwinPortTable({ run: mac.run });
    await t2.scan();
    const before = mac.count('lsof');
    await t2.scan();
    expect(mac.count('lsof')).toBeGreaterThan(before);
  });

  it("reads lsof exit 1 with volume warnings and no stdout as no listeners, keeping netstat's sockets", async () => {
    const mac = fakeMac();
    const warnings = "lsof: WARNING: can't stat() smbfs file system /Volumes/share\n      Output information may be incomplete.\n";
    const run: RunCommand = (cmd, args) =>
      cmd === 'lsof' && args.includes('-sTCP:LISTEN')
        ? Promise.resolve({ stdout: '', stderr: warnings, code: 1, durationMs: 1 })
        : mac.run(cmd, args);
    const listeners = await new DarwinPortTable({ run, isRoot: false }).scan();
    expect(listeners.map((l) => l.port)).toEqual([3000, 3306, 4567, 5000, 5173, 5432, 7000, 8080]);
    expect(listeners.every((l) => l.owner === null && /^needs elevated rights/.test(l.ownerUnavailable ?? ''))).toBe(true);
  });

  it("says once that netstat hides other users' sockets when it shows none beyond lsof's", async () => {
    const sonoma = new DarwinPortTable({ run: fakeMac().run, isRoot: false });
    await sonoma.scan();
    expect(sonoma.notes()).toEqual([]);
    const own = fixture('netstat-anv-sonoma.txt').replace(/^tcp4.*127\.0\.0\.1\.(3306|4567) .*\n/gm, '');
    const hiding = new DarwinPortTable({ run: fakeMac({ netstat: own }).run, isRoot: false });
    await hiding.scan();
    expect(hiding.notes()).toEqual(["netstat cannot see other users' sockets on this macOS; run with sudo to see them"]);
    const root = new DarwinPortTable({ run: fakeMac({ netstat: own }).run, isRoot: true });
    await root.scan();
    expect(root.notes()).toEqual([]);
  });
});
