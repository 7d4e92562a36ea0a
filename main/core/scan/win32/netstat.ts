import { powershellRows } from './powershell-json';

// Windows `netstat -ano -p TCP` / `-p TCPv6`. The headers and the state word are localized
// ("LISTENING", "ABHÖREN", "ESCUCHANDO", …) and arrive in the console's OEM code page, so a
// decoder that assumes UTF-8 turns "ABHÖREN" into "ABH\uFFFDREN". Nothing here reads a word:
// a row is a TCP socket by its shape (proto, local, foreign, state, pid), and a listening one
// because its foreign end is the unspecified address with port 0, which no connected socket has.

export const NETSTAT_TCP_ARGS = ['-ano', '-p', 'TCP'];
export const NETSTAT_TCPV6_ARGS = ['-ano', '-p', 'TCPv6'];

export interface WinSocket {
  address: string;
  port: number;
  pid: number;
}

/** `0.0.0.0:135`, `127.0.0.1:3000`, `[::]:135`, `[::1]:3000`, `[fe80::1%12]:5000`. */
export function parseWinAddress(text: string): { address: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d+)$/.exec(text);
  if (!m) return null;
  const port = Number(m[3]);
  if (port > 65535) return null;
  return { address: m[1] ?? m[2]!, port };
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '*']);

export function parseNetstatAno(text: string): WinSocket[] {
  const out: WinSocket[] = [];
  for (const raw of text.split('\n')) {
    const cells = raw.trim().split(/\s+/);
    // UDP rows have no state column; a localized state could be two words, so count from both ends.
    if (cells.length < 5 || !/^TCP/i.test(cells[0]!)) continue;
    const local = parseWinAddress(cells[1]!);
    const foreign = parseWinAddress(cells[2]!);
    const pidText = cells[cells.length - 1]!;
    if (!local || !foreign || !/^\d+$/.test(pidText) || local.port === 0) continue;
    if (foreign.port !== 0 || !UNSPECIFIED.has(foreign.address)) continue;
    // `netstat -q` also lists BOUND sockets with the same empty foreign end; -ano does not, but say no.
    if (/^BOUND$/i.test(cells.slice(3, -1).join(' '))) continue;
    out.push({ ...local, pid: Number(pidText) });
  }
  return out;
}

/** `Get-NetTCPConnection -State Listen | Select-Object LocalAddress,LocalPort,OwningProcess | ConvertTo-Json`. */
export function parseNetTcpConnectionJson(text: string): WinSocket[] {
  const out: WinSocket[] = [];
  for (const r of powershellRows(text)) {
    const port = Number(r.LocalPort);
    const pid = Number(r.OwningProcess);
    if (typeof r.LocalAddress !== 'string' || !Number.isInteger(port) || port <= 0 || !Number.isInteger(pid)) continue;
    out.push({ address: r.LocalAddress, port, pid });
  }
  return out;
}
