import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

/** A LISTEN row of /proc/net/tcp or /proc/net/tcp6. */
export interface ProcNetSocket {
  address: string;
  port: number;
  uid: number;
  inode: number;
}

const TCP_LISTEN = 0x0a;
const LITTLE = endianness() === 'LE';

/** What one row of /proc/net/tcp{,6} says: a listening socket, some other socket, or nothing usable. */
export type ProcNetRow = ProcNetSocket | 'other' | null;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parses one row: `sl local rem st tx:rx tr:when retrnsmt uid timeout inode …`. Hand-rolled
 * (no split/regex) because a polling scan parses every row of a table that can be long.
 */
export function parseProcNetRow(line: string, littleEndian = LITTLE): ProcNetRow {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  const n = line.length;
  while (starts.length < 10) {
    while (i < n && isBlank(line.charCodeAt(i))) i++;
    if (i >= n) return null;
    starts.push(i);
    while (i < n && !isBlank(line.charCodeAt(i))) i++;
    ends.push(i);
  }
  if (!line.startsWith(':', ends[0]! - 1)) return null; // the header, or not a row
  const state = parseInt(line.slice(starts[3], ends[3]), 16);
  if (state !== TCP_LISTEN) return Number.isNaN(state) ? null : 'other';
  const local = line.slice(starts[1], ends[1]);
  const colon = local.indexOf(':');
  const inode = Number(line.slice(starts[9], ends[9]));
  const port = parseInt(local.slice(colon + 1), 16);
  // inode 0: a socket being torn down, with no owner left to find.
  if (colon < 0 || !inode || !Number.isInteger(port)) return null;
  return {
    address: formatHexAddress(local.slice(0, colon), littleEndian),
    port,
    uid: Number(line.slice(starts[7], ends[7])),
    inode,
  };
}

/** Parses the whole text of /proc/net/tcp{,6}: every LISTEN row. */
export function parseProcNetTcp(text: string, littleEndian = LITTLE): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  for (const line of text.split('\n')) {
    const row = parseProcNetRow(line, littleEndian);
    if (row && row !== 'other') out.push(row);
  }
  return out;
}

// The kernel's seq_file hands out at most one buffer of whole rows per read() (at least a page,
// 4 KiB), so a read that did not stop at the end returns within one row of a full page. A row is
// under 300 bytes; a shorter chunk can only mean the end of the table.
const SURELY_LAST_CHUNK = 4096 - 512;
const chunk = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads the LISTEN rows of /proc/net/tcp{,6} and stops at the end of the listening section.
 * Why not readFileSync: after its last listener the kernel walks the whole established-socket
 * hash table (262144 buckets on a 24 GiB machine: ~2 ms) to find the next row, and the final
 * read() that returns 0 walks it all again. Listeners come first (the listening hash is printed
 * before the established one since Linux 4.4), so the first non-LISTEN row ends the search and a
 * short chunk proves the end without that extra read.
 */
export function readListeningSockets(path: string, littleEndian = LITTLE): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  const fd = openSync(path, 'r');
  try {
    let carry = '';
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      const text = carry + chunk.toString('latin1', 0, got);
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        const row = parseProcNetRow(text.slice(start, end), littleEndian);
        start = end + 1;
        if (row === 'other') return out;
        if (row) out.push(row);
      }
      carry = text.slice(start);
      if (got < SURELY_LAST_CHUNK && carry === '') break;
    }
    if (carry) {
      const row = parseProcNetRow(carry, littleEndian);
      if (row && row !== 'other') out.push(row);
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

export function formatHexAddress(hex: string, littleEndian = LITTLE): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = [0, 2, 4, 6].map((i) => parseInt(hex.slice(w + i, w + i + 2), 16));
    bytes.push(...(littleEndian ? word.reverse() : word));
  }
  return formatAddressBytes(bytes);
}

/** Network-order address bytes (4 or 16) as text: the one spelling procfs and sock_diag listeners share. */
export function formatAddressBytes(bytes: ArrayLike<number>): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  return formatIPv6(bytes);
}

function formatIPv6(bytes: ArrayLike<number>): string {
  let zeros = 0;
  while (zeros < 15 && bytes[zeros] === 0) zeros++;
  // The wildcard and loopback are most of a dev machine's IPv6 listeners (Node binds `::`).
  if (zeros === 15 && (bytes[15] === 0 || bytes[15] === 1)) return bytes[15] === 0 ? '::' : '::1';
  if (zeros === 10 && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952: compress the longest run (of two or more) of zero groups, the first on ties.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hexes = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hexes.join(':');
  return `${hexes.slice(0, bestStart).join(':')}::${hexes.slice(bestStart + bestLen).join(':')}`;
}
