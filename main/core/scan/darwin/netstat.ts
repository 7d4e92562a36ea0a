// macOS `netstat -anv -p tcp`: every TCP socket of every user, with the PID the kernel last saw
// using it, readable without root (lsof is not: it omits other users' processes). Its columns
// moved in recent releases, which broke tools that read the PID by position (sindresorhus/pid-port
// #12 and #14): Sonoma `… rhiwat shiwat pid epid state …`; Sequoia adds `rxbytes txbytes` first;
// Tahoe merges the name into one `process:pid` column whose name may contain spaces. So the PID is
// found by header name, counted from the end of the row. Without `-l` an IPv6 host is cut to 16
// characters (`fe80::c4c8:5ff:f`), which still reads as an address: only `-l` rows are trusted whole.

/** `-l`: full IPv6 addresses. */
export const NETSTAT_ARGS = ['-anvl', '-p', 'tcp'];
/** Asked only if netstat refuses `-l`; its IPv6 hosts that fill the column may be cut. */
export const NETSTAT_NARROW_ARGS = ['-anv', '-p', 'tcp'];
const NARROW_HOST = 16;

export interface NetstatSocket {
  address: string;
  port: number;
  /** The last process to use the socket (`so_last_pid`); null when the header has no pid column. */
  pid: number | null;
  /** The process name, on releases that print `process:pid`. */
  process: string | null;
}

function headerColumns(line: string): string[] {
  return line
    .replace(/Local Address/i, 'local')
    .replace(/Foreign Address/i, 'foreign')
    .trim()
    .split(/\s+/);
}

/**
 * `127.0.0.1.3000`, `*.3000`, `::1.3000`, `fe80::1%lo0.3000`: BSD netstat separates the port with a
 * dot. A host that is not an IP address, or (`wide` false: no `-l`) an IPv6 host that fills the
 * 16-character column and so may have been cut, is rejected rather than shown wrong.
 */
export function parseNetstatAddress(text: string, proto: string, wide = true): { address: string; port: number } | null {
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return null;
  const port = Number(text.slice(dot + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return null;
  const host = text.slice(0, dot);
  // tcp46 is one dual-stack socket; lsof reports it as IPv6 `*`, so it is `::` here too.
  if (host === '*') return { address: proto === 'tcp4' ? '0.0.0.0' : '::', port };
  // node:net is required, not imported: its load is a cost every Linux CLI run would pay.
  const family = (require('node:net') as typeof import('node:net')).isIP(host.replace(/%[^%]+$/, ''));
  if (family === 0 || (family === 6 && !wide && host.length >= NARROW_HOST)) return null;
  return { address: host, port };
}

export function parseDarwinNetstat(text: string, options: { wide?: boolean } = {}): NetstatSocket[] {
  const out: NetstatSocket[] = [];
  let header: string[] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^Proto\s/.test(line)) {
      header = headerColumns(line);
      continue;
    }
    if (!header || !/^tcp/.test(line)) continue;
    const cells = line.trim().split(/\s+/);
    const proto = cells[0]!;
    const stateAt = header.findIndex((h) => h.toLowerCase() === '(state)');
    if (cells[stateAt < 0 ? 5 : stateAt] !== 'LISTEN') continue;
    const addr = parseNetstatAddress(cells[header.indexOf('local')] ?? cells[3] ?? '', proto, options.wide ?? true);
    if (!addr) continue;
    let pid: number | null = null;
    let process: string | null = null;
    const pidAt = header.indexOf('pid');
    const procAt = header.indexOf('process:pid');
    const at = pidAt >= 0 ? pidAt : procAt;
    if (at >= 0) {
      const fromEnd = header.length - at; // columns from this one to the end of the row
      const last = cells.length - fromEnd;
      if (pidAt >= 0) {
        pid = /^\d+$/.test(cells[last] ?? '') ? Number(cells[last]) : null;
      } else {
        const m = /^(.*):(\d+)$/.exec(cells.slice(at, last + 1).join(' '));
        if (m) {
          process = m[1]!;
          pid = Number(m[2]);
        }
      }
    }
    out.push({ ...addr, pid, process });
  }
  return out;
}
