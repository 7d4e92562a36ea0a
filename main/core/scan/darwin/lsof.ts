// Parsers for lsof's field output (`lsof -F`, see "OUTPUT FOR OTHER PROGRAMS" in lsof(8)).
// Each line is one field: an identifier character followed by the value. A process set starts
// with `p`, a file set with `f`. Nothing here depends on the order of fields inside a set, and
// fields it does not know are skipped: the identifiers are fixed (lsof_fields.h), but which optional
// ones a revision prints is not (Apple's long-lived lsof 4.91 vs the 4.99.x that recent macOS ships;
// `K`/`M` task fields, dialect digits), and `-F0` swaps the newline terminator for NUL.

import type { CommandResult } from '../run-command';

/**
 * `-b`: no stat()/readlink() that can block, which otherwise faults in every File Provider and
 * network volume (fileproviderd and fseventsd were reported pinned near 100% by tools without it);
 * `-w`: no warnings about the volumes it then skips.
 */
const NON_BLOCKING = ['-b', '-w'];

/** The arguments for every listening TCP socket with its process: pid, pgid, ppid, command, uid, login; fd, type, name, TCP state. */
export const LSOF_LISTEN_ARGS = [...NON_BLOCKING, '-nP', '-iTCP', '-sTCP:LISTEN', '-FpgRcuLftnT'];

/** The cwd and executable of some processes (the first `txt` file is the executable). `f` must be asked for: lsof 4.95 prints only `p` unasked. */
export function lsofPathArgs(pids: readonly number[]): string[] {
  return [...NON_BLOCKING, '-a', '-p', pids.join(','), '-d', 'cwd,txt', '-Ffn'];
}

const WARNING = /^lsof: WARNING|^\s+Output information may be incomplete|^\s*assuming "dev=/;

/**
 * lsof's stdout, or why it failed. Exit 1 with nothing on stdout is "nothing matched" (no
 * listener, or none of the pids) even when mounted Time Machine or SMB volumes put warnings on
 * stderr; anything else on stderr with an empty answer is a real failure.
 */
export function lsofOutput(result: CommandResult, args: readonly string[]): string {
  if (result.stdout.trim() !== '' || result.code === 0) return result.stdout;
  const errors = result.stderr.split('\n').filter((l) => l.trim() !== '' && !WARNING.test(l));
  if (result.code === 1 && errors.length === 0) return '';
  throw new Error(`lsof ${args.join(' ')} failed (exit ${result.code ?? 'by signal'}): ${errors[0] ?? 'no output'}`);
}

/**
 * Under LC_ALL=C lsof prints every byte outside printable ASCII as `\xNN`, so `Jürgen’s projekt`
 * arrives as `J\xc3\xbcrgen\xe2\x80\x99s projekt` and would not match the path ps prints. Runs of
 * escapes are turned back into bytes and read as UTF-8; a run that is not valid UTF-8 stays as written.
 */
export function decodeLsofEscapes(text: string): string {
  if (!text.includes('\\x')) return text;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return text.replace(/(?:\\x[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.match(/[0-9a-fA-F]{2}/g)!.map((h) => Number.parseInt(h, 16)));
    try {
      return utf8.decode(bytes);
    } catch {
      return run;
    }
  });
}

export interface LsofFile {
  fd: string;
  /** Field id -> value. `T` fields repeat (TST=…, TQR=…), so they are collected in `tcp`. */
  fields: Record<string, string>;
  tcp: Record<string, string>;
}

export interface LsofProcess {
  pid: number;
  fields: Record<string, string>;
  files: LsofFile[];
}

/** Splits field output into process sets and their file sets; accepts NL or NUL (`-F0`) terminators. */
export function parseLsofFields(text: string): LsofProcess[] {
  const out: LsofProcess[] = [];
  let proc: LsofProcess | null = null;
  let file: LsofFile | null = null;
  for (const line of text.split(/[\n\0]/)) {
    const field = line.replace(/\r$/, '');
    if (field === '') continue;
    const id = field[0]!;
    const value = field.slice(1);
    if (id === 'p') {
      const pid = Number(value);
      proc = Number.isInteger(pid) && pid > 0 ? { pid, fields: {}, files: [] } : null;
      if (proc) out.push(proc);
      file = null;
    } else if (!proc) {
    } else if (id === 'f') {
      file = { fd: value, fields: {}, tcp: {} };
      proc.files.push(file);
    } else if (file) {
      if (id === 'T') {
        const eq = value.indexOf('=');
        if (eq > 0) file.tcp[value.slice(0, eq)] = value.slice(eq + 1);
      } else {
        file.fields[id] = id === 'n' ? decodeLsofEscapes(value) : value;
      }
    } else {
      proc.fields[id] = id === 'c' ? decodeLsofEscapes(value) : value;
    }
  }
  return out;
}

export interface SocketAddress {
  address: string;
  port: number;
}

/**
 * Parses an lsof Internet name: `*:3000`, `127.0.0.1:3000`, `[::1]:3000`, `[fe80::1%lo0]:3000`.
 * lsof writes `*` for the wildcard of either family, so the file type (IPv4/IPv6) decides
 * between 0.0.0.0 and ::. A connected socket's `->peer` part is ignored.
 */
export function parseLsofAddress(name: string, ipv6: boolean): SocketAddress | null {
  const local = name.replace(/ \([A-Z_]+\)$/, '').split('->')[0]!;
  const m = /^(?:\[([^\]]+)\]|([^:]+|\*)):(\d+)$/.exec(local);
  if (!m) return null;
  const port = Number(m[3]);
  if (port <= 0 || port > 65535) return null;
  const host = m[1] ?? m[2]!;
  if (host === '*') return { address: ipv6 ? '::' : '0.0.0.0', port };
  // -n keeps names out, but a host that is not an address must not be shown as one.
  // node:net is required, not imported: its load is a cost every Linux CLI run would pay.
  return (require('node:net') as typeof import('node:net')).isIP(host.replace(/%[^%]+$/, '')) ? { address: host, port } : null;
}

export interface LsofListener {
  pid: number;
  ppid: number | null;
  pgid: number | null;
  command: string;
  uid: number | null;
  login: string | null;
  sockets: Array<SocketAddress & { fd: string }>;
}

function intOrNull(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/** Output of `lsof ${LSOF_LISTEN_ARGS}` -> one entry per process with its listening sockets. */
export function parseLsofListen(text: string): LsofListener[] {
  const out: LsofListener[] = [];
  for (const p of parseLsofFields(text)) {
    const sockets: LsofListener['sockets'] = [];
    for (const f of p.files) {
      const type = f.fields.t;
      if (type !== undefined && type !== 'IPv4' && type !== 'IPv6') continue;
      // -sTCP:LISTEN already filters; the state check keeps the parser right for any -iTCP output.
      if (f.tcp.ST !== undefined && f.tcp.ST !== 'LISTEN') continue;
      const addr = parseLsofAddress(f.fields.n ?? '', type === 'IPv6' || (f.fields.n ?? '').startsWith('['));
      if (addr && !sockets.some((s) => s.port === addr.port && s.address === addr.address)) sockets.push({ ...addr, fd: f.fd });
    }
    if (sockets.length === 0) continue;
    const login = p.fields.L ?? null;
    out.push({
      pid: p.pid,
      ppid: intOrNull(p.fields.R),
      pgid: intOrNull(p.fields.g),
      command: p.fields.c ?? '',
      uid: intOrNull(p.fields.u),
      login,
      sockets,
    });
  }
  return out;
}

export interface ProcessPaths {
  cwd: string | null;
  exe: string | null;
}

/** Output of `lsof ${lsofPathArgs(pids)}` -> pid -> cwd and executable. */
export function parseLsofPaths(text: string): Map<number, ProcessPaths> {
  const out = new Map<number, ProcessPaths>();
  for (const p of parseLsofFields(text)) {
    const cwd = p.files.find((f) => f.fd === 'cwd')?.fields.n ?? null;
    const exe = p.files.find((f) => f.fd === 'txt')?.fields.n ?? null;
    out.set(p.pid, { cwd, exe });
  }
  return out;
}
