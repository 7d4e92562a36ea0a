import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHexAddress, parseProcNetRow, parseProcNetTcp, readListeningSockets } from '../../../main/core/scan/linux/proc-net';
import { parseStat } from '../../../main/core/scan/linux/proc-process';

// Rows as a little-endian x86_64 kernel prints them (captured, inodes shortened).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 31337 1 0000000000000000 100 0 0 10 0
   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   2: 0100007F:0BB8 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 777 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:1389 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 778 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 779 1 0000000000000000 100 0 0 10 0
`;

describe('parseProcNetTcp', () => {
  it('keeps LISTEN rows with address, port, uid and inode; skips the header and other states', () => {
    expect(parseProcNetTcp(TCP, true)).toEqual([
      { address: '127.0.0.1', port: 3000, uid: 1000, inode: 31337 },
      { address: '0.0.0.0', port: 8080, uid: 0, inode: 4242 },
    ]);
  });

  it('reads IPv6 rows: wildcard, loopback and IPv4-mapped', () => {
    expect(parseProcNetTcp(TCP6, true)).toEqual([
      { address: '::', port: 3000, uid: 1000, inode: 777 },
      { address: '::1', port: 5001, uid: 0, inode: 778 },
      { address: '::ffff:127.0.0.1', port: 8081, uid: 0, inode: 779 },
    ]);
  });

  it('ignores a socket being torn down (inode 0) and garbage lines', () => {
    const row =
      '   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 0 1 0000000000000000 100 0 0 10 0';
    expect(parseProcNetRow(row, true)).toBeNull();
    expect(parseProcNetRow('', true)).toBeNull();
    expect(parseProcNetRow('not a row at all', true)).toBeNull();
    expect(parseProcNetRow('   0: 0100007F:0BB8 truncated', true)).toBeNull();
  });

  it('tells a non-listening row apart from an unusable one', () => {
    expect(parseProcNetRow(TCP.split('\n')[3]!, true)).toBe('other');
  });
});

describe('formatHexAddress', () => {
  it('undoes the per-word byte order of little-endian kernels', () => {
    expect(formatHexAddress('0100007F', true)).toBe('127.0.0.1');
    expect(formatHexAddress('7F000001', false)).toBe('127.0.0.1');
    expect(formatHexAddress('0101A8C0', true)).toBe('192.168.1.1');
  });

  it('prints IPv6 per RFC 5952: lower case, the longest zero run compressed, the first on ties', () => {
    const v6 = (groups: string) => {
      // Build the kernel's hex from a full address: 4 words, each in little-endian byte order.
      const hex = groups
        .split(':')
        .map((g) => g.padStart(4, '0'))
        .join('');
      let out = '';
      for (let w = 0; w < 32; w += 8)
        out += hex
          .slice(w, w + 8)
          .match(/../g)!
          .reverse()
          .join('');
      return formatHexAddress(out.toUpperCase(), true);
    };
    expect(v6('0:0:0:0:0:0:0:0')).toBe('::');
    expect(v6('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(v6('2001:db8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(v6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(v6('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(v6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1'); // one zero group stays
    expect(v6('fe80:0:0:0:abcd:ef01:2345:6789')).toBe('fe80::abcd:ef01:2345:6789');
    expect(v6('1:2:3:4:5:6:7:0')).toBe('1:2:3:4:5:6:7:0');
    expect(v6('0:0:0:0:0:ffff:c0a8:101')).toBe('::ffff:192.168.1.1');
  });
});

describe('readListeningSockets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pw-procnet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops at the first non-listening row (listeners come first) and reads a last row without newline', () => {
    const file = join(dir, 'tcp');
    writeFileSync(file, `${TCP}   3: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 9999 1`);
    expect(readListeningSockets(file, true).map((s) => s.inode)).toEqual([31337, 4242]);
    writeFileSync(file, TCP.split('\n').slice(0, 3).join('\n'));
    expect(readListeningSockets(file, true).map((s) => s.inode)).toEqual([31337, 4242]);
  });

  it('reads tables longer than one read, with a row split across reads', () => {
    const file = join(dir, 'tcp-long');
    const rows = Array.from({ length: 500 }, (_, i) =>
      `${String(i).padStart(4)}: 0100007F:${(10000 + i).toString(16).toUpperCase()} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 ${100 + i} 1 0000000000000000 100 0 0 10 0`.padEnd(
        149,
      ),
    );
    writeFileSync(file, `${TCP.split('\n')[0]}\n${rows.join('\n')}\n`);
    const got = readListeningSockets(file, true);
    expect(got).toHaveLength(500);
    expect(got.at(-1)).toEqual({ address: '127.0.0.1', port: 10499, uid: 1000, inode: 599 });
  });
});

describe('parseStat', () => {
  const fields = (comm: string) =>
    `4321 (${comm}) S 1200 4321 1100 34816 4321 4194560 1049 0 0 0 12 3 0 0 20 0 11 0 987654 1117782016 12345 18446744073709551615 1 1 0 0 0 0 0 16781312 134234626 0 0 0 17 1 0 0 0 0 0`;

  it('reads state, ppid, pgid, sid and the start time in clock ticks (field 22)', () => {
    expect(parseStat(fields('node'))).toEqual({ comm: 'node', state: 'sleeping', ppid: 1200, pgid: 4321, sid: 1100, startTicks: 987654 });
  });

  it('splits after the last ")" when the comm contains spaces and parentheses', () => {
    expect(parseStat(fields('next-server (v1'))?.comm).toBe('next-server (v1');
    expect(parseStat(fields('a) S 9 9 9 (b'))).toMatchObject({ comm: 'a) S 9 9 9 (b', ppid: 1200, startTicks: 987654 });
    expect(parseStat(fields(':)'))).toMatchObject({ comm: ':)', state: 'sleeping', pgid: 4321 });
  });

  it('maps the state letters, unknown ones included', () => {
    expect(parseStat(fields('x').replace(') S ', ') Z '))?.state).toBe('zombie');
    expect(parseStat(fields('x').replace(') S ', ') T '))?.state).toBe('stopped');
    expect(parseStat(fields('x').replace(') S ', ') W '))?.state).toBe('unknown');
  });

  it('rejects text that is not a stat line', () => {
    expect(parseStat('')).toBeNull();
    expect(parseStat('4321 (node')).toBeNull();
    expect(parseStat('4321 (node) S 1')).toBeNull();
  });
});
