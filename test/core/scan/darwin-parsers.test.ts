import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeLsofEscapes,
  lsofOutput,
  lsofPathArgs,
  parseLsofAddress,
  parseLsofFields,
  parseLsofListen,
  parseLsofPaths,
} from '../../../main/core/scan/darwin/lsof';
import { parseDarwinNetstat, parseNetstatAddress } from '../../../main/core/scan/darwin/netstat';
import { parseLstart, parsePs, psArgs, psState, splitPsCommand } from '../../../main/core/scan/darwin/ps';

import { capturedStdout, loadCapture } from '../../helpers/captures';

const [sonoma, sequoia, tahoe] = ['sonoma-14', 'sequoia-15', 'tahoe-26'].map((name) => loadCapture('darwin', name)) as [
  ReturnType<typeof loadCapture>,
  ReturnType<typeof loadCapture>,
  ReturnType<typeof loadCapture>,
];
// Each command's output as its capture recorded it (test/fixtures/darwin/captures/README.md says where each comes from).
const OUTPUTS: Record<string, string> = {
  'lsof-listen-4.91': capturedStdout(sonoma, 'lsof', '-sTCP:LISTEN'),
  'lsof-listen-4.99': capturedStdout(tahoe, 'lsof', '-sTCP:LISTEN'),
  'lsof-paths': capturedStdout(sonoma, 'lsof', 'cwd,txt') + capturedStdout(tahoe, 'lsof', 'cwd,txt'),
  'ps-all': capturedStdout(sonoma, 'ps', '-axww'),
  'netstat-sonoma': capturedStdout(sonoma, 'netstat'),
  'netstat-sequoia': capturedStdout(sequoia, 'netstat'),
  'netstat-tahoe': capturedStdout(tahoe, 'netstat'),
};
const fixture = (name: string) => OUTPUTS[name]!;
const PS_LONG_USER = readFileSync(new URL('../../fixtures/darwin/ps-long-user.txt', import.meta.url), 'utf8');
const local = (...parts: [number, number, number, number, number, number]) => new Date(...parts).getTime();

describe('lsof field output', () => {
  it('splits process sets and file sets, collecting repeated T fields', () => {
    const procs = parseLsofFields(fixture('lsof-listen-4.91'));
    expect(procs.map((p) => p.pid)).toEqual([512, 610, 777, 4242, 4243, 5300, 9001]);
    const cc = procs[0]!;
    expect(cc.fields).toEqual({ g: '512', R: '1', c: 'ControlCenter', u: '501', L: 'alice' });
    expect(cc.files).toHaveLength(4);
    expect(cc.files[1]).toEqual({ fd: '10', fields: { t: 'IPv6', n: '*:7000' }, tcp: { ST: 'LISTEN', QR: '0', QS: '0' } });
  });

  it('skips warnings before the first process set and fields it does not know', () => {
    const text = "lsof: WARNING: can't stat() nfs file system /Volumes/x\np42\nK7\nMtask\ncnode\nf3\nG0x1;0x0\ntIPv4\nn127.0.0.1:3000\n";
    const [proc] = parseLsofListen(text);
    expect(proc).toMatchObject({
      pid: 42,
      command: 'node',
      ppid: null,
      login: null,
      sockets: [{ address: '127.0.0.1', port: 3000, fd: '3' }],
    });
  });

  it.each([
    ['*:3000', false, { address: '0.0.0.0', port: 3000 }],
    ['*:3000', true, { address: '::', port: 3000 }],
    ['127.0.0.1:3000', false, { address: '127.0.0.1', port: 3000 }],
    ['[::1]:3000', true, { address: '::1', port: 3000 }],
    ['[::]:5173', true, { address: '::', port: 5173 }],
    ['[fe80::1%lo0]:49152', true, { address: 'fe80::1%lo0', port: 49152 }],
    ['127.0.0.1:3000->127.0.0.1:52011', false, { address: '127.0.0.1', port: 3000 }],
    ['*:3000 (LISTEN)', false, { address: '0.0.0.0', port: 3000 }],
    ['*:*', false, null],
    ['*:0', false, null],
    ['localhost:http', false, null],
    ['localhost:3000', false, null],
    ['', false, null],
  ])('parses the name %j (IPv6: %s)', (name, ipv6, expected) => {
    expect(parseLsofAddress(name, ipv6)).toEqual(expected);
  });

  it('reads listening sockets with their process (lsof 4.91)', () => {
    const byPid = new Map(parseLsofListen(fixture('lsof-listen-4.91')).map((l) => [l.pid, l]));
    expect(byPid.get(4243)).toEqual({
      pid: 4243,
      ppid: 4242,
      pgid: 4200,
      command: 'node',
      uid: 501,
      login: 'alice',
      sockets: [{ address: '::', port: 3000, fd: '21' }],
    });
    expect(byPid.get(512)!.sockets.map((s) => `${s.address} ${s.port}`)).toEqual(['0.0.0.0 7000', ':: 7000', '0.0.0.0 5000', ':: 5000']);
    expect(byPid.get(610)!.sockets.map((s) => s.address)).toEqual(['::1', '127.0.0.1']);
    expect(byPid.get(777)!.command).toBe('com.docker.backe');
  });

  it('reads the 4.99 output the same with newline or NUL (-F0) terminators', () => {
    const nl = fixture('lsof-listen-4.99');
    // -F0 ends each field with NUL and each process or file set with a newline.
    const lines = nl.trimEnd().split('\n');
    const nul = lines.map((l, i) => `${l}\0${i + 1 === lines.length || /^[pf]/.test(lines[i + 1]!) ? '\n' : ''}`).join('');
    expect(nul).toContain('\0\nf');
    const parsed = parseLsofListen(nl);
    expect(parseLsofListen(nul)).toEqual(parsed);
    const helper = parsed.find((p) => p.pid === 6100)!;
    expect(helper.command).toBe('Code Helper (Plu');
    expect(parsed.find((p) => p.pid === 7010)!.sockets.map((s) => s.address)).toEqual(['fe80::1%lo0', '0.0.0.0']);
  });

  it('drops files that are not listening TCP sockets', () => {
    const text =
      'p7\ncx\nf3\ntIPv4\nn127.0.0.1:3000->127.0.0.1:5000\nTST=ESTABLISHED\nf4\ntunix\nn/tmp/sock\nf5\ntIPv4\nn*:4000\nTST=LISTEN\n';
    expect(parseLsofListen(text)[0]!.sockets).toEqual([{ address: '0.0.0.0', port: 4000, fd: '5' }]);
    expect(parseLsofListen('p8\ncy\nf3\ntIPv4\nn127.0.0.1:1->127.0.0.1:2\nTST=ESTABLISHED\n')).toEqual([]);
  });

  it('reads cwd and the first txt file as the executable', () => {
    const paths = parseLsofPaths(fixture('lsof-paths'));
    expect(paths.get(4242)).toEqual({ cwd: '~/shop', exe: '/opt/homebrew/Cellar/node/22.9.0/bin/node' });
    expect(paths.get(6100)!.exe).toBe(
      '/Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Plugin).app/Contents/MacOS/Code Helper (Plugin)',
    );
    expect(lsofPathArgs([1, 2])).toEqual(['-b', '-w', '-a', '-p', '1,2', '-d', 'cwd,txt', '-Ffn']);
  });
});

describe('lsof under LC_ALL=C, with volumes that warn', () => {
  it('decodes \\xNN escapes back to UTF-8 in names and paths, and leaves a run that is not UTF-8 as written', () => {
    expect(decodeLsofEscapes('/Users/j/J\\xc3\\xbcrgen\\xe2\\x80\\x99s projekt')).toBe('/Users/j/Jürgen’s projekt');
    expect(decodeLsofEscapes('\\xff\\xfe')).toBe('\\xff\\xfe');
    expect(decodeLsofEscapes('plain')).toBe('plain');
    const [proc] = parseLsofListen('p1\nc\\xc3\\x9cberwacher\nf3\ntIPv4\nn127.0.0.1:4000\n');
    expect(proc!.command).toBe('Überwacher');
  });

  const result = (stdout: string, stderr: string, code: number | null) => ({ stdout, stderr, code, durationMs: 1 });
  const warnings = "lsof: WARNING: can't stat() smbfs file system /Volumes/share\n      Output information may be incomplete.\n";

  it('reads exit 1 with only warnings and no stdout as nothing matched', () => {
    expect(lsofOutput(result('', warnings, 1), ['-iTCP'])).toBe('');
    expect(lsofOutput(result('', '', 1), ['-iTCP'])).toBe('');
    expect(lsofOutput(result('p1\n', warnings, 1), ['-iTCP'])).toBe('p1\n');
  });

  it('names a real failure in one line', () => {
    expect(() => lsofOutput(result('', 'lsof: illegal option character: Q\nlsof 4.91\n', 1), ['-Q'])).toThrow(
      /^lsof -Q failed \(exit 1\): lsof: illegal option character: Q$/,
    );
    expect(() => lsofOutput(result('', '', null), ['-iTCP'])).toThrow(/exit by signal/);
  });
});

describe('ps', () => {
  it.each([
    ['Tue Nov 14 22:00:00 2023', local(2023, 10, 14, 22, 0, 0)],
    ['Wed Nov  8 09:05:03 2023', local(2023, 10, 8, 9, 5, 3)],
    ['Tue 14 Nov 22:00:00 2023', local(2023, 10, 14, 22, 0, 0)],
    ['Mon Jan  1 00:00:00 2024', local(2024, 0, 1, 0, 0, 0)],
    ['Di 14 Nov 22:00:00 2023', local(2023, 10, 14, 22, 0, 0)],
    ['Tue Foo 14 22:00:00 2023', null],
    ['Tue Nov 14 22:00 2023', null],
    ['22:00:00', null],
  ])('parses lstart %j', (text, expected) => {
    expect(parseLstart(text)).toBe(expected);
  });

  it.each([
    ['R+', 'running'],
    ['S', 'sleeping'],
    ['Ss', 'sleeping'],
    ['I', 'sleeping'],
    ['U', 'disk-sleep'],
    ['T', 'stopped'],
    ['Z+', 'zombie'],
    ['?', 'unknown'],
  ] as const)('maps state %s to %s', (state, expected) => {
    expect(psState(state)).toBe(expected);
  });

  it('reads rows with start times to the second', () => {
    const rows = parsePs(fixture('ps-all'));
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.pid === 4242)).toEqual({
      pid: 4242,
      ppid: 4200,
      pgid: 4200,
      uid: 501,
      state: 'sleeping',
      startTime: local(2023, 10, 14, 22, 0, 0),
      user: 'alice',
      command: 'node ~/shop/node_modules/.bin/next start',
    });
    expect(rows.find((r) => r.pid === 5300)).toMatchObject({ state: 'stopped', startTime: local(2023, 10, 8, 9, 5, 3) });
  });

  it('is not thrown off by a wide user column, zombies or pid 1', () => {
    const rows = parsePs(PS_LONG_USER);
    expect(rows.map((r) => [r.pid, r.user, r.state, r.command])).toEqual([
      [4242, 'alice.longname-contractor', 'sleeping', 'node /Users/alice/shop/node_modules/.bin/next start'],
      [4250, 'alice.longname-contractor', 'zombie', '(node)'],
      [88, '_mysql', 'sleeping', '/usr/local/mysql/bin/mysqld --user=_mysql'],
      [1, 'root', 'sleeping', '/sbin/launchd'],
    ]);
    expect(rows.find((r) => r.pid === 1)!.ppid).toBeNull();
  });

  it('skips a header and lines it cannot read', () => {
    expect(parsePs('  PID  PPID\n garbage\n\n')).toEqual([]);
  });

  it('keeps an executable path with spaces whole when lsof knows it', () => {
    const exe = '/Applications/Visual Studio Code.app/Contents/MacOS/Electron';
    expect(splitPsCommand(`${exe} --inspect`, exe)).toEqual([exe, '--inspect']);
    expect(splitPsCommand(exe, exe)).toEqual([exe]);
    expect(splitPsCommand('node server.js', '/usr/local/bin/node')).toEqual(['node', 'server.js']);
    expect(splitPsCommand('', null)).toEqual([]);
  });

  it('asks for the right columns', () => {
    expect(psArgs([1, 2])).toEqual(['-ww', '-o', 'pid=,ppid=,pgid=,uid=,state=,lstart=,user=,command=', '-p', '1,2']);
    expect(psArgs('all')[0]).toBe('-axww');
  });
});

describe('netstat -anv across macOS releases', () => {
  const expected = [
    { address: '127.0.0.1', port: 3306, pid: 88 },
    { address: '::', port: 3000, pid: 4243 },
    { address: '::1', port: 5173, pid: 5300 },
    { address: '127.0.0.1', port: 5432, pid: 610 },
    { address: '::1', port: 5432, pid: 610 },
    { address: '0.0.0.0', port: 7000, pid: 512 },
    { address: '::', port: 7000, pid: 512 },
    { address: '0.0.0.0', port: 5000, pid: 512 },
    { address: '::', port: 5000, pid: 512 },
    { address: '::', port: 8080, pid: 777 },
    { address: '127.0.0.1', port: 4567, pid: 9001 },
  ];

  it.each(['netstat-sonoma', 'netstat-sequoia'])('finds the pid column by name in %s', (file) => {
    expect(parseDarwinNetstat(fixture(file))).toEqual(expected.map((e) => ({ ...e, process: null })));
  });

  it("reads Tahoe's process:pid column, names with spaces included", () => {
    expect(parseDarwinNetstat(fixture('netstat-tahoe'))).toEqual([
      { address: '::', port: 3000, pid: 4242, process: 'node' },
      { address: '127.0.0.1', port: 9229, pid: 6100, process: 'Code Helper (Plu' },
      { address: 'fe80::1%lo0', port: 49152, pid: 7010, process: 'rapportd' },
      { address: '0.0.0.0', port: 49152, pid: 7010, process: 'rapportd' },
      { address: '127.0.0.1', port: 3306, pid: 88, process: 'mysqld' },
      { address: '127.0.0.1', port: 61000, pid: 22712, process: 'Autodesk Fusion' },
    ]);
  });

  it('still lists sockets when the header has no pid column (netstat without -v)', () => {
    const text =
      'Active Internet connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)\ntcp4       0      0  *.3000                 *.*                    LISTEN\n';
    expect(parseDarwinNetstat(text)).toEqual([{ address: '0.0.0.0', port: 3000, pid: null, process: null }]);
  });

  it.each([
    ['*.3000', 'tcp4', { address: '0.0.0.0', port: 3000 }],
    ['*.3000', 'tcp46', { address: '::', port: 3000 }],
    ['*.3000', 'tcp6', { address: '::', port: 3000 }],
    ['::1.5173', 'tcp6', { address: '::1', port: 5173 }],
    ['127.0.0.1.80', 'tcp4', { address: '127.0.0.1', port: 80 }],
    ['*.*', 'tcp4', null],
    ['nodot', 'tcp4', null],
    ['localhost.3000', 'tcp4', null],
    ['fe80::c4c8:5ff:fe12:3456%en0.8443', 'tcp6', { address: 'fe80::c4c8:5ff:fe12:3456%en0', port: 8443 }],
  ])('parses the address %j (%s)', (text, proto, result) => {
    expect(parseNetstatAddress(text, proto)).toEqual(result);
  });

  it('rejects an IPv6 host that fills the 16-character column without -l, though it reads as an address', () => {
    expect(parseNetstatAddress('fe80::c4c8:5ff:f.49152', 'tcp6', false)).toBeNull();
    expect(parseNetstatAddress('fe80::c4c8:5ff:f.49152', 'tcp6', true)).toEqual({ address: 'fe80::c4c8:5ff:f', port: 49152 });
    expect(parseNetstatAddress('::1.5173', 'tcp6', false)).toEqual({ address: '::1', port: 5173 });
    expect(parseNetstatAddress('192.168.100.200.80', 'tcp4', false)).toEqual({ address: '192.168.100.200', port: 80 });
  });
});
