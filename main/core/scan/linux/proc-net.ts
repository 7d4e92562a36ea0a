import { endianness } from 'node:os';

/** A LISTEN row of /proc/net/tcp or /proc/net/tcp6. */
export interface ProcNetSocket {
  address: string;
  port: number;
  uid: number;
  inode: number;
}

const TCP_LISTEN = '0A';
const LITTLE = endianness() === 'LE';

/**
 * Parses /proc/net/tcp{,6}. The kernel prints each 32-bit word of the address in host byte
 * order, so on little-endian machines every 4-byte group reads backwards.
 */
export function parseProcNetTcp(text: string, littleEndian = LITTLE): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  let start = text.indexOf('\n') + 1; // skip the header
  while (start > 0 && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const f = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
    if (f.length < 10 || f[3] !== TCP_LISTEN) continue;
    const local = f[1]!;
    const colon = local.indexOf(':');
    const inode = Number(f[9]);
    if (colon < 0 || !inode) continue; // inode 0: socket being torn down, no owner to find
    out.push({
      address: formatHexAddress(local.slice(0, colon), littleEndian),
      port: parseInt(local.slice(colon + 1), 16),
      uid: Number(f[7]),
      inode,
    });
  }
  return out;
}

export function formatHexAddress(hex: string, littleEndian = LITTLE): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = [0, 2, 4, 6].map((i) => parseInt(hex.slice(w + i, w + i + 2), 16));
    bytes.push(...(littleEndian ? word.reverse() : word));
  }
  if (bytes.length === 4) return bytes.join('.');
  return formatIPv6(bytes);
}

function formatIPv6(bytes: number[]): string {
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952: compress the longest run (of two or more) of zero groups.
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
