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
export const AF_NETLINK = 16;
export const SOCK_DGRAM = 2;
export const SOCK_CLOEXEC = 0o2000000;
export const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
/** The request type ss used before sock_diag; its dumps take family AF_UNSPEC, so one walk answers both. */
const TCPDIAG_GETSOCK = 18;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;
const NLM_F_DUMP_INTR = 0x10;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const IPPROTO_TCP = 6;
const TCP_LISTEN = 10;
const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const EINTR = constants.errno.EINTR;
const NLMSG_HDRLEN = 16;
const REQ_LEN = NLMSG_HDRLEN + 56; // + inet_diag_req_v2
const COMPAT_REQ_LEN = NLMSG_HDRLEN + 60; // + inet_diag_req
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

/** A request: its bytes, and the message type the kernel answers each socket with. */
export interface ListenRequest {
  bytes: Buffer;
  replyType: number;
}

const writeU32 = (req: Buffer, v: number, at: number) => (LE ? req.writeUInt32LE(v, at) : req.writeUInt32BE(v, at));
const writeU16 = (req: Buffer, v: number, at: number) => (LE ? req.writeUInt16LE(v, at) : req.writeUInt16BE(v, at));

function header(len: number, type: number, seq: number): Buffer {
  const req = Buffer.alloc(len);
  writeU32(req, len, 0);
  writeU16(req, type, 4);
  writeU16(req, NLM_F_REQUEST | NLM_F_DUMP, 6);
  writeU32(req, seq, 8);
  return req;
}

/** nlmsghdr + inet_diag_req_v2 asking for every TCP socket of `family` in state LISTEN. */
export function buildListenRequest(family: number, seq: number): ListenRequest {
  const req = header(REQ_LEN, SOCK_DIAG_BY_FAMILY, seq);
  req[16] = family;
  req[17] = IPPROTO_TCP;
  writeU32(req, 1 << TCP_LISTEN, 20);
  return { bytes: req, replyType: SOCK_DIAG_BY_FAMILY };
}

/**
 * nlmsghdr + the older inet_diag_req, asking for TCP LISTEN sockets of every family at once. The
 * kernel turns it into a v2 request with family AF_UNSPEC, which no v2 request may carry: the
 * listening hash (16,384 buckets here, walked whole however few sockets it holds) is walked once
 * instead of once per family, half of a dump's cost when the caches are cold.
 */
export function buildBothFamiliesRequest(seq: number): ListenRequest {
  const req = header(COMPAT_REQ_LEN, TCPDIAG_GETSOCK, seq);
  req[16] = AF_UNSPEC;
  // idiag_family, src_len, dst_len, ext (4), the socket id (48), then idiag_states.
  writeU32(req, 1 << TCP_LISTEN, 16 + 52);
  return { bytes: req, replyType: TCPDIAG_GETSOCK };
}

/** What one recv() of a dump held: its sockets, and whether the dump is over. */
export interface DumpChunk {
  sockets: ProcNetSocket[];
  done: boolean;
  /** The kernel's table changed during the dump (NLM_F_DUMP_INTR): a socket may be missing. */
  interrupted: boolean;
}

/**
 * Parses the messages of one recv(): inet_diag_msg for each socket (of message type
 * `replyType`), then NLMSG_DONE; an NLMSG_ERROR carries a negative errno. Messages of another
 * sequence number (a reply to an abandoned request) are skipped.
 */
export function parseDumpChunk(
  buf: Buffer,
  length: number,
  seq: number,
  out: ProcNetSocket[] = [],
  replyType = SOCK_DIAG_BY_FAMILY,
): DumpChunk {
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
      if (type === replyType && len >= NLMSG_HDRLEN + MSG_LEN) {
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
