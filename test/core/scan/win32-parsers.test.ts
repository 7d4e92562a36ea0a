import { describe, expect, it } from 'vitest';
import { win32Fixture } from '../../helpers/captures';
import {
  cimProcessScript,
  parseCimDate,
  parseCimProcesses,
  powershellArgs,
  splitWindowsCommandLine,
} from '../../../main/core/scan/win32/cim-process';
import { parseNetstatAno, parseNetTcpConnectionJson, parseWinAddress } from '../../../main/core/scan/win32/netstat';

const fixture = win32Fixture;

const LISTENING_V4 = [
  { address: '0.0.0.0', port: 135, pid: 1044 },
  { address: '0.0.0.0', port: 445, pid: 4 },
  { address: '0.0.0.0', port: 3000, pid: 8120 },
  { address: '0.0.0.0', port: 8080, pid: 6312 },
  { address: '127.0.0.1', port: 9999, pid: 7777 },
  { address: '127.0.0.1', port: 50000, pid: 15000 },
  { address: '192.168.1.20', port: 139, pid: 4 },
];

describe('netstat -ano', () => {
  it.each([
    ['0.0.0.0:135', { address: '0.0.0.0', port: 135 }],
    ['127.0.0.1:3000', { address: '127.0.0.1', port: 3000 }],
    ['[::]:135', { address: '::', port: 135 }],
    ['[::1]:3000', { address: '::1', port: 3000 }],
    ['[fe80::1c2d:3e4f:5a6b:7c8d%12]:5357', { address: 'fe80::1c2d:3e4f:5a6b:7c8d%12', port: 5357 }],
    ['*:*', null],
    ['0.0.0.0', null],
    ['1.2.3.4:70000', null],
  ])('parses the address %j', (text, expected) => {
    expect(parseWinAddress(text)).toEqual(expected);
  });

  it('keeps listening rows only: not connections, not TIME_WAIT', () => {
    expect(parseNetstatAno(fixture('netstat-tcp-en.txt'))).toEqual(LISTENING_V4);
  });

  it('reads TCPv6 rows with brackets and zone ids', () => {
    expect(parseNetstatAno(fixture('netstat-tcpv6-en.txt'))).toEqual([
      { address: '::', port: 135, pid: 1044 },
      { address: '::', port: 445, pid: 4 },
      { address: '::', port: 3000, pid: 8120 },
      { address: '::', port: 8080, pid: 6312 },
      { address: '::1', port: 5173, pid: 9040 },
      { address: 'fe80::1c2d:3e4f:5a6b:7c8d%12', port: 5357, pid: 4 },
    ]);
  });

  it.each([
    ['German, decoded as UTF-8 (ABH\uFFFDREN)', fixture('netstat-tcp-de.cp850.txt', 'utf8')],
    ['German, decoded as Latin-1', fixture('netstat-tcp-de.cp850.txt', 'latin1')],
    ['Spanish', fixture('netstat-tcp-es.txt')],
  ])('reads a localized output the same: %s', (_label, text) => {
    expect(parseNetstatAno(text)).toEqual(LISTENING_V4);
  });

  it('really is fed a mangled state word by the German fixture', () => {
    expect(fixture('netstat-tcp-de.cp850.txt', 'utf8')).toContain('ABH\uFFFDREN');
    expect(fixture('netstat-tcp-de.cp850.txt', 'utf8')).not.toContain('LISTENING');
  });

  it('ignores UDP rows and BOUND sockets', () => {
    const text =
      '  UDP    0.0.0.0:5353           *:*                                    2400\n  TCP    0.0.0.0:7000  0.0.0.0:0  BOUND  99\n  TCP    0.0.0.0:7001  0.0.0.0:0  LISTENING  98\n';
    expect(parseNetstatAno(text)).toEqual([{ address: '0.0.0.0', port: 7001, pid: 98 }]);
  });
});

describe('Get-NetTCPConnection JSON', () => {
  it('reads an array', () => {
    const rows = parseNetTcpConnectionJson(fixture('get-nettcpconnection.json'));
    expect(rows).toHaveLength(12);
    expect(rows[2]).toEqual({ address: '::', port: 3000, pid: 8120 });
  });

  it('reads a single object, nothing, and a BOM', () => {
    expect(parseNetTcpConnectionJson(fixture('get-nettcpconnection-single.json'))).toEqual([
      { address: '127.0.0.1', port: 3000, pid: 8120 },
    ]);
    expect(parseNetTcpConnectionJson('')).toEqual([]);
    expect(parseNetTcpConnectionJson('\uFEFF[{"LocalAddress":"::","LocalPort":80,"OwningProcess":4}]')).toEqual([
      { address: '::', port: 80, pid: 4 },
    ]);
  });

  it('rejects output that is not JSON instead of guessing', () => {
    expect(() => parseNetTcpConnectionJson('Get-NetTCPConnection : No matching MSFT_NetTCPConnection objects found')).toThrow();
  });
});

describe('CIM processes', () => {
  const instant = Date.UTC(2023, 10, 14, 21, 0, 0, 123);
  it.each([
    ['/Date(1699995600123)/', instant],
    ['/Date(1699995600123+0100)/', instant],
    [{ value: '/Date(1699995600123)/', DisplayHint: 2, DateTime: 'Tuesday, November 14, 2023 10:00:00 PM' }, instant],
    ['20231114220000.123456+060', instant],
    ['20231114160000.123999-300', instant],
    ['20231114210000.123000+000', instant],
    ['2023-11-14T22:00:00.1234567+01:00', instant],
    ['2023-11-14T21:00:00.123Z', instant],
    ['2023-11-14T21:00:00Z', Date.UTC(2023, 10, 14, 21, 0, 0)],
    ['2023-11-14T22:00:00.5', new Date(2023, 10, 14, 22, 0, 0, 500).getTime()],
    ['yesterday', null],
    [null, null],
    [1699995600123, null],
  ])('parses CreationDate %j', (value, expected) => {
    expect(parseCimDate(value)).toBe(expected);
  });

  it('gives the same start times whichever PowerShell wrote the dates', () => {
    const starts = (file: string) => parseCimProcesses(fixture(file)).map((p) => [p.pid, p.startTime]);
    const ps51 = starts('cim-processes-ps51.json');
    expect(ps51).toContainEqual([8120, instant]);
    expect(starts('cim-processes-ps7.json')).toEqual(ps51);
    expect(starts('cim-processes-dmtf.json')).toEqual(ps51);
  });

  it('reads every field, with null for what is missing', () => {
    const procs = parseCimProcesses(fixture('cim-processes-ps7.json'));
    expect(procs.find((p) => p.pid === 8120)).toEqual({
      pid: 8120,
      ppid: 8100,
      name: 'node.exe',
      commandLine: '"C:\\Program Files\\nodejs\\node.exe" "C:\\Users\\Alice\\shop\\node_modules\\next\\dist\\bin\\next" start -p 3000',
      exe: 'C:\\Program Files\\nodejs\\node.exe',
      startTime: instant,
      user: 'DESKTOP-7Q2\\Alice',
    });
    expect(procs.find((p) => p.pid === 8100)!.user).toBeNull();
    expect(parseCimProcesses('{"ProcessId":0,"ParentProcessId":0,"Name":"System Idle Process","CommandLine":null}')).toEqual([
      { pid: 0, ppid: null, name: 'System Idle Process', commandLine: null, exe: null, startTime: null, user: null },
    ]);
  });

  it.each([
    ['"C:\\Program Files\\nodejs\\node.exe" server.js', ['C:\\Program Files\\nodejs\\node.exe', 'server.js']],
    ['node  "C:\\Users\\Alice\\my site\\vite.js" --host ::1', ['node', 'C:\\Users\\Alice\\my site\\vite.js', '--host', '::1']],
    ['a.exe "msg=\\"hi there\\""', ['a.exe', 'msg="hi there"']],
    ['a.exe C:\\dir\\ "C:\\dir\\\\" x', ['a.exe', 'C:\\dir\\', 'C:\\dir\\', 'x']],
    ['a.exe \\\\\\"q', ['a.exe', '\\"q']],
    ['a.exe "" "say ""hi"""', ['a.exe', '', 'say "hi"']],
    ['C:\\a\\b.exe', ['C:\\a\\b.exe']],
    ['   ', []],
  ])('splits the command line %j', (line, argv) => {
    expect(splitWindowsCommandLine(line)).toEqual(argv);
  });

  it('builds the query for some pids, with owners, as an encoded command', () => {
    const script = cimProcessScript([8120, 9040], true);
    expect(script).toContain('Get-CimInstance Win32_Process -Filter "ProcessId=8120 OR ProcessId=9040"');
    expect(script).toContain('GetOwner');
    expect(cimProcessScript('all', false)).not.toMatch(/Filter|GetOwner/);
    const args = powershellArgs(script);
    expect(Buffer.from(args.at(-1)!, 'base64').toString('utf16le')).toBe(script);
  });
});
