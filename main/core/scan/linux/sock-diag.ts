import { constants } from 'node:os';
import type { ProcNetSocket } from './proc-net';
import {
  AF_INET,
  AF_INET6,
  AF_NETLINK,
  buildBothFamiliesRequest,
  buildListenRequest,
  EINTR,
  type ListenRequest,
  NETLINK_SOCK_DIAG,
  type NetlinkCalls,
  parseDumpChunk,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SockDiagError,
} from './sock-diag-wire';

export { type NetlinkCalls, SockDiagError } from './sock-diag-wire';

/**
 * How the dump is asked for: one request for both families (the older inet_diag request, one walk
 * of the listening hash) or one sock_diag v2 request per family, for a kernel that refuses the
 * older one.
 */
export type DumpShape = 'both-families' | 'per-family';

// One page of messages per recv() at most is the kernel's default; 64 KiB also covers the
// larger dump buffers newer kernels use, so no message is ever truncated.
const reply = Buffer.allocUnsafe(64 * 1024);
let nextSeq = 0;

function dumpOnce(calls: NetlinkCalls, fd: number, request: (seq: number) => ListenRequest, out: ProcNetSocket[]): boolean {
  nextSeq = (nextSeq % 0x7fffffff) + 1;
  const seq = nextSeq;
  const req = request(seq);
  for (;;) {
    if (Number(calls.send(fd, req.bytes, req.bytes.length, 0)) >= 0) break;
    const errno = calls.errno();
    if (errno !== EINTR) throw new SockDiagError('send', errno);
  }
  let interrupted = false;
  for (;;) {
    const got = Number(calls.recv(fd, reply, reply.length, 0));
    if (got < 0) {
      const errno = calls.errno();
      if (errno === EINTR) continue;
      throw new SockDiagError('recv', errno);
    }
    if (got === 0) throw new SockDiagError('recv (the kernel closed the socket)', 0);
    const chunk = parseDumpChunk(reply, got, seq, out, req.replyType);
    interrupted ||= chunk.interrupted;
    if (chunk.done) return interrupted;
  }
}

// A kernel without IPv6 answers the AF_INET6 dump with one of these (procfs just has no tcp6).
const NO_IPV6 = new Set([constants.errno.EAFNOSUPPORT, constants.errno.ENOENT]);

function dumpIPv6(calls: NetlinkCalls, fd: number, out: ProcNetSocket[]): boolean {
  try {
    return dumpOnce(calls, fd, (seq) => buildListenRequest(AF_INET6, seq), out);
  } catch (err) {
    if (err instanceof SockDiagError && err.call === 'the dump' && NO_IPV6.has(err.errno)) return false;
    throw err;
  }
}

/** One dump of the given shape; true if the kernel flagged it as interrupted by a change. */
function dumpShaped(calls: NetlinkCalls, fd: number, shape: DumpShape, out: ProcNetSocket[]): boolean {
  if (shape === 'both-families') return dumpOnce(calls, fd, buildBothFamiliesRequest, out);
  const v4 = dumpOnce(calls, fd, (seq) => buildListenRequest(AF_INET, seq), out);
  return dumpIPv6(calls, fd, out) || v4;
}

/** The kept socket of a dumper that is collected without close() (a scanner has no close). */
const release = new FinalizationRegistry<{ calls: NetlinkCalls; fd: number }>((held) => {
  if (held.fd >= 0) held.calls.close(held.fd);
});

/**
 * Every TCP socket in state LISTEN, IPv4 and IPv6, from the kernel's socket table (what `ss -ltn`
 * reads). Unlike /proc/net/tcp{,6} the kernel only walks its listening hash, never the
 * established one. The netlink socket is kept open between dumps (a socket and a close per poll
 * were a tenth of a dump), and dropped after any failure: a dump left unfinished on a socket
 * makes the next one fail with EBUSY.
 */
export class ListenDumper {
  private readonly held: { calls: NetlinkCalls; fd: number };
  private chosen: DumpShape | null;

  /** `shape` forces one (tests); by default the first dump tries both families at once. */
  constructor(
    private readonly calls: NetlinkCalls,
    shape: DumpShape | null = null,
  ) {
    this.chosen = shape;
    this.held = { calls, fd: -1 };
    release.register(this, this.held, this);
  }

  /** The shape in use; null until the first dump chose it. */
  get shape(): DumpShape | null {
    return this.chosen;
  }

  dump(): ProcNetSocket[] {
    if (this.held.fd < 0) {
      const fd = this.calls.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
      if (fd < 0) throw new SockDiagError('socket(AF_NETLINK, NETLINK_SOCK_DIAG)', this.calls.errno());
      this.held.fd = fd;
    }
    try {
      return this.dumpOn(this.held.fd);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Closes the kept socket; a later dump opens a new one. */
  close(): void {
    if (this.held.fd >= 0) this.calls.close(this.held.fd);
    this.held.fd = -1;
  }

  private dumpOn(fd: number): ProcNetSocket[] {
    // A listener that appeared or went away during the dump can make the kernel flag it as
    // inconsistent; one more dump is cheap and almost always clean.
    for (let attempt = 0; ; attempt++) {
      const out: ProcNetSocket[] = [];
      if (!this.dumpChosen(fd, out) || attempt === 2) return out;
    }
  }

  /** One dump of the chosen shape; the first one tries both families at once and keeps the answer. */
  private dumpChosen(fd: number, out: ProcNetSocket[]): boolean {
    if (this.chosen !== null) return dumpShaped(this.calls, fd, this.chosen, out);
    try {
      const interrupted = dumpShaped(this.calls, fd, 'both-families', out);
      this.chosen = 'both-families';
      return interrupted;
    } catch (err) {
      // The kernel answered, but not to the older request: ask per family from now on.
      if (!(err instanceof SockDiagError && err.call === 'the dump')) throw err;
      this.chosen = 'per-family';
      out.length = 0;
      return dumpShaped(this.calls, fd, 'per-family', out);
    }
  }
}

/** One dump on a socket of its own (the benchmark, tests). */
export function dumpListeningSockets(calls: NetlinkCalls, shape: DumpShape | null = null): ProcNetSocket[] {
  const dumper = new ListenDumper(calls, shape);
  try {
    return dumper.dump();
  } finally {
    dumper.close();
  }
}
