import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeProcess {
  pid: number;
  comm: string;
  ppid?: number;
  state?: string;
  /** Clock ticks after boot (field 22 of stat). */
  startTicks?: number;
  argv?: string[];
  cwd?: string;
  exe?: string;
  /** Owner of the /proc/<pid> directory, i.e. the process's user (root by default). */
  uid?: number;
  /** fd number -> socket inode it points at. */
  sockets?: Record<number, number>;
}

export interface FakeSocket {
  /** IPv4 dotted quad; the row goes to net/tcp. */
  address: string;
  port: number;
  uid?: number;
  inode: number;
  state?: 'listen' | 'established';
}

export const FAKE_BTIME = 1_700_000_000;

function hex4(address: string): string {
  const bytes = address.split('.').map((b) => Number(b).toString(16).padStart(2, '0').toUpperCase());
  return (endianness() === 'LE' ? bytes.reverse() : bytes).join('');
}

/**
 * A /proc tree in a temp dir, for what real processes cannot be made to do on cue: vanish between
 * two reads, re-use a PID, run docker-proxy. Everything is world-readable so another user can scan it.
 */
export class FakeProc {
  readonly root = mkdtempSync(join(tmpdir(), 'pw-fakeproc-'));

  constructor() {
    chmodSync(this.root, 0o755);
    mkdirSync(join(this.root, 'net'), { mode: 0o755 });
    writeFileSync(join(this.root, 'stat'), `cpu  1 2 3 4\nbtime ${FAKE_BTIME}\nprocesses 100\n`);
    this.setSockets([]);
  }

  setSockets(sockets: FakeSocket[]): void {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
    const rows = sockets.map((s, i) => {
      const st = s.state === 'established' ? '01' : '0A';
      const local = `${hex4(s.address)}:${s.port.toString(16).toUpperCase().padStart(4, '0')}`;
      return `${String(i).padStart(4)}: ${local} 00000000:0000 ${st} 00000000:00000000 00:00000000 00000000 ${String(s.uid ?? 0).padStart(5)}        0 ${s.inode} 1 0000000000000000 100 0 0 10 0`;
    });
    writeFileSync(join(this.root, 'net', 'tcp'), `${[header, ...rows].join('\n')}\n`);
    writeFileSync(join(this.root, 'net', 'tcp6'), `${header}\n`);
  }

  addProcess(p: FakeProcess): string {
    const dir = join(this.root, String(p.pid));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'fd'), { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    this.writeStat(p);
    writeFileSync(join(dir, 'cmdline'), (p.argv ?? [p.comm]).map((a) => `${a}\0`).join(''));
    if (p.cwd) symlinkSync(p.cwd, join(dir, 'cwd'));
    if (p.exe) symlinkSync(p.exe, join(dir, 'exe'));
    if (p.uid !== undefined) chownSync(dir, p.uid, p.uid);
    for (const [fd, inode] of Object.entries(p.sockets ?? {})) symlinkSync(`socket:[${inode}]`, join(dir, 'fd', fd));
    return dir;
  }

  writeStat(p: FakeProcess): void {
    const f = [p.state ?? 'S', p.ppid ?? 1, p.pid, p.pid, 0, -1, 4194560, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 1, 0, p.startTicks ?? 1000, 0, 0];
    writeFileSync(join(this.root, String(p.pid), 'stat'), `${p.pid} (${p.comm}) ${f.join(' ')}\n`);
  }

  /** ms since the epoch, as the scanner computes it (USER_HZ = 100). */
  startTimeOf(ticks: number): number {
    return FAKE_BTIME * 1000 + ticks * 10;
  }

  remove(pid: number, file?: string): void {
    rmSync(join(this.root, String(pid), ...(file ? [file] : [])), { recursive: true, force: true });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
