import { constants, endianness } from 'node:os';
import { formatAddressBytes, type ProcNetSocket } from './proc-net';

/** The four libc calls a sock_diag dump needs; koffi provides them, tests can inject failing ones. */
export interface NetlinkCalls {
  socket(domain: number, type: number, protocol: number): number;
  send(fd: number, buf: Buffer, len: number, flags: number): number;
  recv(fd: number, buf: Buffer, len: number, flags: number): number;
  close(fd: number): number;
  /** errno of the last failed call. */
  errno(): number;
}

// linux/netlink.h, linux/sock_diag.h, linux/inet_diag.h
const AF_NETLINK = 16;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;
const NLM_F_DUMP_INTR = 0x10;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const IPPROTO_TCP = 6;
const TCP_LISTEN = 10;
const AF_INET = 2;
const AF_INET6 = 10;
const EINTR = constants.errno.EINTR;
const NLMSG_HDRLEN = 16;
const REQ_LEN = NLMSG_HDRLEN + 56; // + inet_diag_req_v2
const MSG_LEN = 72; // inet_diag_msg

/** A netlink call the kernel refused: `errno` names why (EPERM under a seccomp profile, …). */
export class SockDiagError extends Error {
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    super(`netlink sock_diag: ${call} failed with ${errnoName(errno)}`);
  }
}

const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `errno ${errno}`;
}

// netlink headers and inet_diag_msg's non-address fields are in host byte order.
const LE = endianness() === 'LE';
const u32 = (b: Buffer, at: number) => (LE ? b.readUInt32LE(at) : b.readUInt32BE(at));
const u16 = (b: Buffer, at: number) => (LE ? b.readUInt16LE(at) : b.readUInt16BE(at));
const i32 = (b: Buffer, at: number) => (LE ? b.readInt32LE(at) : b.readInt32BE(at));

/** nlmsghdr + inet_diag_req_v2 asking for every TCP socket of `family` in state LISTEN. */
export function buildListenRequest(family: number, seq: number): Buffer {
  const req = Buffer.alloc(REQ_LEN);
  const w32 = (v: number, at: number) => (LE ? req.writeUInt32LE(v, at) : req.writeUInt32BE(v, at));
  const w16 = (v: number, at: number) => (LE ? req.writeUInt16LE(v, at) : req.writeUInt16BE(v, at));
  w32(REQ_LEN, 0);
  w16(SOCK_DIAG_BY_FAMILY, 4);
  w16(NLM_F_REQUEST | NLM_F_DUMP, 6);
  w32(seq, 8);
  req[16] = family;
  req[17] = IPPROTO_TCP;
  w32(1 << TCP_LISTEN, 20);
  return req;
}

/** What one recv() of a dump held: its sockets, and whether the dump is over. */
export interface DumpChunk {
  sockets: ProcNetSocket[];
  done: boolean;
  /** The kernel's table changed during the dump (NLM_F_DUMP_INTR): a socket may be missing. */
  interrupted: boolean;
}

/**
 * Parses the messages of one recv(): inet_diag_msg for each socket, then NLMSG_DONE; an
 * NLMSG_ERROR carries a negative errno. Messages of another sequence number (a reply to an
 * abandoned request) are skipped.
 */
export function parseDumpChunk(buf: Buffer, length: number, seq: number, out: ProcNetSocket[] = []): DumpChunk {
  let interrupted = false;
  for (let at = 0; at + NLMSG_HDRLEN <= length; ) {
    const len = u32(buf, at);
    if (len < NLMSG_HDRLEN || at + len > length) break;
    const type = u16(buf, at + 4);
    const payload = at + NLMSG_HDRLEN;
    if (u32(buf, at + 8) === seq) {
      if ((u16(buf, at + 6) & NLM_F_DUMP_INTR) !== 0) interrupted = true;
      if (type === NLMSG_DONE) return { sockets: out, done: true, interrupted };
      if (type === NLMSG_ERROR) {
        const err = len >= NLMSG_HDRLEN + 4 ? -i32(buf, payload) : 0;
        if (err !== 0) throw new SockDiagError('the dump', err);
        return { sockets: out, done: true, interrupted };
      }
      if (type === SOCK_DIAG_BY_FAMILY && len >= NLMSG_HDRLEN + MSG_LEN) {
        const socket = parseDiagMessage(buf, payload);
        if (socket) out.push(socket);
      }
    }
    at += (len + 3) & ~3;
  }
  return { sockets: out, done: false, interrupted };
}

/** One inet_diag_msg: the sockid's port and address are in network order, the rest in host order. */
function parseDiagMessage(buf: Buffer, at: number): ProcNetSocket | null {
  const family = buf[at]!;
  if (buf[at + 1] !== TCP_LISTEN || (family !== AF_INET && family !== AF_INET6)) return null;
  const inode = u32(buf, at + 68);
  // inode 0: a socket being torn down, with no owner left to find (procfs skips it too).
  if (inode === 0) return null;
  const src = at + 8;
  return {
    address:
      family === AF_INET ? `${buf[src]}.${buf[src + 1]}.${buf[src + 2]}.${buf[src + 3]}` : formatAddressBytes(buf.subarray(src, src + 16)),
    port: buf.readUInt16BE(at + 4),
    uid: u32(buf, at + 64),
    inode,
  };
}

// One page of messages per recv() at most is the kernel's default; 64 KiB also covers the
// larger dump buffers newer kernels use, so no message is ever truncated.
const reply = Buffer.allocUnsafe(64 * 1024);
let nextSeq = 0;

function dumpFamily(calls: NetlinkCalls, fd: number, family: number, out: ProcNetSocket[]): boolean {
  nextSeq = (nextSeq % 0x7fffffff) + 1;
  const seq = nextSeq;
  const req = buildListenRequest(family, seq);
  for (;;) {
    if (Number(calls.send(fd, req, req.length, 0)) >= 0) break;
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
    const chunk = parseDumpChunk(reply, got, seq, out);
    interrupted ||= chunk.interrupted;
    if (chunk.done) return interrupted;
  }
}

// A kernel without IPv6 answers the AF_INET6 dump with one of these (procfs just has no tcp6).
const NO_IPV6 = new Set([constants.errno.EAFNOSUPPORT, constants.errno.ENOENT]);

function dumpIPv6(calls: NetlinkCalls, fd: number, out: ProcNetSocket[]): boolean {
  try {
    return dumpFamily(calls, fd, AF_INET6, out);
  } catch (err) {
    if (err instanceof SockDiagError && err.call === 'the dump' && NO_IPV6.has(err.errno)) return false;
    throw err;
  }
}

/**
 * Every TCP socket in state LISTEN, IPv4 then IPv6, from the kernel's socket table (what `ss
 * -ltn` reads). Unlike /proc/net/tcp{,6} the kernel only walks its listening hash, never the
 * established one. One netlink socket per call: a scanner has no close() to release a kept one.
 */
export function dumpListeningSockets(calls: NetlinkCalls): ProcNetSocket[] {
  const fd = calls.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) throw new SockDiagError('socket(AF_NETLINK, NETLINK_SOCK_DIAG)', calls.errno());
  try {
    // A listener that appeared or went away during the dump can make the kernel flag it as
    // inconsistent; one more dump is cheap and almost always clean.
    for (let attempt = 0; ; attempt++) {
      const out: ProcNetSocket[] = [];
      const v4 = dumpFamily(calls, fd, AF_INET, out);
      const v6 = dumpIPv6(calls, fd, out);
      if (!(v4 || v6) || attempt === 2) return out;
    }
  } finally {
    calls.close(fd);
  }
}
