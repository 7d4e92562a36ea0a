import { createServer, type Server } from 'node:net';
import { constants } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNetlinkCalls } from '../../../main/core/scan/linux/koffi-libc';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { readProcNet } from '../../../main/core/scan/linux/listener-source';
import type { ProcNetSocket } from '../../../main/core/scan/linux/proc-net';
import { type DumpShape, dumpListeningSockets, ListenDumper, type NetlinkCalls } from '../../../main/core/scan/linux/sock-diag';
import { buildBothFamiliesRequest, buildListenRequest, parseDumpChunk, SockDiagError } from '../../../main/core/scan/linux/sock-diag-wire';
import { firstJsonLine, killTracked, spawnTracked, startServer } from '../../helpers/processes';
import { canRunAsNobody, startServerAsNobody } from '../../helpers/run-as-nobody';

afterEach(killTracked);

const linux = process.platform === 'linux';
const real = linux ? loadNetlinkCalls() : 'not Linux';
const calls = (): NetlinkCalls => {
  if (typeof real === 'string') throw new Error(`netlink unavailable here: ${real}`);
  return real;
};

const byKey = (a: ProcNetSocket, b: ProcNetSocket) => a.port - b.port || a.address.localeCompare(b.address) || a.inode - b.inode;
/** Both sources, restricted to the ports this test started (other tests listen meanwhile). */
function bothOn(ports: number[], shape: DumpShape | null = null): { netlink: ProcNetSocket[]; procfs: ProcNetSocket[] } {
  const mine = (list: ProcNetSocket[]) => list.filter((s) => ports.includes(s.port)).sort(byKey);
  return { netlink: mine(dumpListeningSockets(calls(), shape)), procfs: mine(readProcNet('/proc')) };
}

const SHAPES: DumpShape[] = ['both-families', 'per-family'];
const TCPDIAG_GETSOCK = 18;

/**
 * The real calls on a kernel that refuses the older both-families request: its reply is an
 * NLMSG_ERROR with EINVAL, as from a kernel built without the compat path. `sockets` counts socket() calls.
 */
function refusingBothFamilies(inner: NetlinkCalls): NetlinkCalls & { sockets: number } {
  let refused: number | null = null;
  const out = {
    sockets: 0,
    socket: (d: number, t: number, p: number) => {
      out.sockets++;
      return inner.socket(d, t, p);
    },
    send: (fd: number, buf: Buffer, len: number, flags: number) => {
      if (buf.readUInt16LE(4) !== TCPDIAG_GETSOCK) return inner.send(fd, buf, len, flags);
      refused = buf.readUInt32LE(8);
      return len;
    },
    recv: (fd: number, buf: Buffer, len: number, flags: number) => {
      if (refused === null) return inner.recv(fd, buf, len, flags);
      const err = Buffer.alloc(4);
      err.writeInt32LE(-constants.errno.EINVAL, 0);
      const msg = message(2, refused, err);
      refused = null;
      msg.copy(buf);
      return msg.length;
    },
    close: (fd: number) => inner.close(fd),
    errno: () => inner.errno(),
  };
  return out;
}

// Several listeners in one process: IPv4 loopback and wildcard, IPv6 loopback, IPv6-only wildcard, dual-stack.
const SEVERAL = `const net = require('node:net');
const specs = [['127.0.0.1'], ['0.0.0.0'], ['::1'], ['::', true], ['::', false]];
const ports = [];
for (const [host, ipv6Only] of specs) net.createServer().listen({ port: 0, host, ipv6Only }, function () {
  ports.push(this.address().port);
  if (ports.length === specs.length) console.log(JSON.stringify(ports));
});`;

/** The real calls, except that `at` fails with `errno` while `broken` is set. */
function failing(errno: number, at: 'socket' | 'recv', broken = true): NetlinkCalls & { broken: boolean } {
  const inner = calls();
  const out = {
    broken,
    socket: (d: number, t: number, p: number) => (at === 'socket' && out.broken ? -1 : inner.socket(d, t, p)),
    send: (fd: number, buf: Buffer, len: number, flags: number) => inner.send(fd, buf, len, flags),
    recv: (fd: number, buf: Buffer, len: number, flags: number) => (at === 'recv' && out.broken ? -1 : inner.recv(fd, buf, len, flags)),
    close: (fd: number) => inner.close(fd),
    errno: () => (out.broken ? errno : inner.errno()),
  };
  return out;
}

// Little-endian host order, as on x86_64 and arm64 (the parser follows the host's order).
function message(type: number, seq: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(16 + payload.length, 0);
  head.writeUInt16LE(type, 4);
  head.writeUInt32LE(seq, 8);
  return Buffer.concat([head, payload]);
}
function diag(family: number, port: number, addr: number[], uid: number, inode: number, state = 10): Buffer {
  const m = Buffer.alloc(72);
  m[0] = family;
  m[1] = state;
  m.writeUInt16BE(port, 4);
  Buffer.from(addr).copy(m, 8);
  m.writeUInt32LE(uid, 64);
  m.writeUInt32LE(inode, 68);
  return m;
}

describe.runIf(linux)('the sock_diag wire format', () => {
  it('asks for TCP LISTEN sockets of one family, as a dump', () => {
    const { bytes: req, replyType } = buildListenRequest(10, 7);
    expect(replyType).toBe(20);
    expect(req.length).toBe(72);
    expect([req.readUInt32LE(0), req.readUInt16LE(4), req.readUInt16LE(6), req.readUInt32LE(8)]).toEqual([72, 20, 0x301, 7]);
    expect([req[16], req[17], req.readUInt32LE(20)]).toEqual([10, 6, 1 << 10]);
  });

  it('asks for TCP LISTEN sockets of both families in one dump with the older request (family AF_UNSPEC)', () => {
    const { bytes: req, replyType } = buildBothFamiliesRequest(9);
    expect(replyType).toBe(TCPDIAG_GETSOCK);
    // nlmsghdr, then inet_diag_req: family, src_len, dst_len, ext, the 48-byte socket id, states, dbs.
    expect(req.length).toBe(16 + 60);
    expect([req.readUInt32LE(0), req.readUInt16LE(4), req.readUInt16LE(6), req.readUInt32LE(8)]).toEqual([76, 18, 0x301, 9]);
    expect([req[16], req.readUInt32LE(16 + 52), req.readUInt32LE(16 + 56)]).toEqual([0, 1 << 10, 0]);
  });

  it('reads the older reply type only where it was asked for', () => {
    const chunk = Buffer.concat([message(18, 5, diag(10, 4100, [...Array(15).fill(0), 1], 0, 41)), message(3, 5, Buffer.alloc(4))]);
    expect(parseDumpChunk(chunk, chunk.length, 5, [], 18).sockets).toEqual([{ address: '::1', port: 4100, uid: 0, inode: 41 }]);
    expect(parseDumpChunk(chunk, chunk.length, 5).sockets).toEqual([]);
  });

  it('reads address, port, uid and inode; skips inode 0, other states and other sequence numbers', () => {
    const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];
    const chunk = Buffer.concat([
      message(20, 5, diag(2, 3000, [127, 0, 0, 1], 1000, 31337)),
      message(20, 5, diag(10, 8081, mapped, 0, 779)),
      message(20, 5, diag(10, 5001, [...Array(15).fill(0), 1], 0, 778)),
      message(20, 5, diag(2, 4000, [0, 0, 0, 0], 0, 0)),
      message(20, 5, diag(2, 4001, [0, 0, 0, 0], 0, 12, 1)),
      message(20, 4, diag(2, 4002, [0, 0, 0, 0], 0, 13)),
      message(3, 5, Buffer.alloc(4)),
    ]);
    expect(parseDumpChunk(chunk, chunk.length, 5)).toEqual({
      done: true,
      interrupted: false,
      sockets: [
        { address: '127.0.0.1', port: 3000, uid: 1000, inode: 31337 },
        { address: '::ffff:127.0.0.1', port: 8081, uid: 0, inode: 779 },
        { address: '::1', port: 5001, uid: 0, inode: 778 },
      ],
    });
  });

  it('turns NLMSG_ERROR into an error naming the errno', () => {
    const err = Buffer.alloc(4);
    err.writeInt32LE(-constants.errno.EPERM, 0);
    const chunk = message(2, 9, err);
    expect(() => parseDumpChunk(chunk, chunk.length, 9)).toThrow(new SockDiagError('the dump', constants.errno.EPERM));
    expect(() => parseDumpChunk(chunk, chunk.length, 9)).toThrow('netlink sock_diag: the dump failed with EPERM');
  });
});

describe.runIf(linux)('netlink sock_diag against procfs, with real servers', () => {
  it('koffi loads here (else every netlink test below would only test the fallback)', () => {
    expect(real).not.toBeTypeOf('string');
  });

  it.each(SHAPES)(
    'agrees with /proc/net/tcp{,6} on IPv4, IPv6, dual-stack, loopback and wildcard listeners, several per process (%s)',
    async (shape) => {
      const child = spawnTracked(process.execPath, ['-e', SEVERAL], { stdio: ['ignore', 'pipe', 'pipe'] });
      const ports = await firstJsonLine<number[]>(child);
      const other = await startServer({ hosts: ['127.0.0.1', '::1'] });
      const { netlink, procfs } = bothOn([...ports, other.port], shape);
      expect(netlink).toEqual(procfs);
      expect(netlink.map((s) => s.address).sort()).toEqual(['0.0.0.0', '127.0.0.1', '127.0.0.1', '::', '::', '::1', '::1'].sort());
      expect(new Set(netlink.map((s) => s.uid))).toEqual(new Set([process.getuid!()]));
      expect(netlink.every((s) => s.inode > 0)).toBe(true);
    },
  );

  it('gives the same listeners and owners through LinuxPortTable either way', async () => {
    const child = spawnTracked(process.execPath, ['-e', SEVERAL], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ports = await firstJsonLine<number[]>(child);
    const viaNetlink = new LinuxPortTable();
    const viaProcfs = new LinuxPortTable({ netlink: false });
    const pick = async (t: LinuxPortTable) => (await t.scan()).filter((l) => ports.includes(l.port));
    const [a, b] = [await pick(viaNetlink), await pick(viaProcfs)];
    expect(a).toEqual(b);
    expect(a).toHaveLength(ports.length);
    expect(new Set(a.map((l) => l.owner?.pid))).toEqual(new Set([child.pid]));
    expect(viaNetlink.source).toBe('netlink');
    expect(viaProcfs.source).toBe('procfs');
  });

  it.runIf(canRunAsNobody)("agrees on another user's socket uid", async () => {
    const server = await startServerAsNobody();
    const { netlink, procfs } = bothOn([server.port]);
    expect(netlink).toEqual(procfs);
    expect(netlink[0]?.uid).not.toBe(0);
  });

  it.each(SHAPES)('stays consistent when a listener appears and another vanishes while a dump is answered (%s)', async (shape) => {
    const real = calls();
    const inner = shape === 'per-family' ? refusingBothFamilies(real) : real;
    const servers: Server[] = [];
    const listening = (host: string) =>
      new Promise<Server>((resolve) => {
        const s = createServer().listen(0, host, () => resolve(s));
        servers.push(s);
      });
    const stayed = await listening('127.0.0.1');
    const vanishing = await listening('127.0.0.1');
    let appeared: Server | null = null;
    let armed = false;
    const firstRequest = shape === 'both-families' ? TCPDIAG_GETSOCK : 20;
    const midScan: NetlinkCalls = {
      ...inner,
      send: (fd, buf, len, flags) => {
        const sent = inner.send(fd, buf, len, flags);
        // After the first request the kernel answered: per family, the IPv6 one is still to
        // come; for both families, the rest of the dump is read in later recv()s.
        if (armed && buf.readUInt16LE(4) === firstRequest) {
          armed = false;
          vanishing.close();
          // No host: Node binds at once (dual-stack ::), where a host would wait for a lookup.
          appeared = createServer().listen(0);
          servers.push(appeared);
        }
        return sent;
      },
    };
    try {
      const table = new LinuxPortTable({ netlink: midScan });
      const port = (s: Server | null) => (s?.address() as { port: number } | null)?.port;
      table.scanSync();
      expect(table.sourceReason).toContain(shape === 'both-families' ? 'one dump for both families' : 'one dump per family');
      armed = true;
      const first = table.scanSync();
      expect(armed).toBe(false);
      expect(first.find((l) => l.port === port(stayed))?.owner?.pid).toBe(process.pid);
      // The one that vanished is either gone or ownerless, never given a wrong owner.
      const gone = first.find((l) => l.port === port(vanishing));
      expect(gone === undefined || gone.owner === null || gone.owner.pid === process.pid).toBe(true);
      // The next scan sees the table as it is now, exactly as procfs does.
      const ports = [port(stayed), port(vanishing), port(appeared)].filter((p): p is number => p !== undefined);
      const next = table.scanSync().filter((l) => ports.includes(l.port));
      const fallback = new LinuxPortTable({ netlink: false }).scanSync().filter((l) => ports.includes(l.port));
      expect(next).toEqual(fallback);
      expect(next.map((l) => l.port).sort()).toEqual([port(stayed), port(appeared)].sort());
    } finally {
      for (const s of servers) s.close();
    }
  });

  it('asks per family from then on when the kernel refuses the both-families request, on the same socket', async () => {
    const server = await startServer({ hosts: ['127.0.0.1', '::1'] });
    const refusing = refusingBothFamilies(calls());
    const dumper = new ListenDumper(refusing);
    try {
      const mine = (list: ProcNetSocket[]) => list.filter((s) => s.port === server.port).sort(byKey);
      const first = mine(dumper.dump());
      expect(dumper.shape).toBe('per-family');
      expect(first).toEqual(mine(readProcNet('/proc')));
      expect(first.map((s) => s.address).sort()).toEqual(['127.0.0.1', '::1']);
      expect(mine(dumper.dump())).toEqual(first);
      expect(refusing.sockets).toBe(1);
    } finally {
      dumper.close();
    }
  });

  it('keeps one netlink socket across dumps, and opens a new one after a failed dump', async () => {
    const server = await startServer();
    const counted = failing(constants.errno.ENOBUFS, 'recv', false);
    let sockets = 0;
    let closes = 0;
    const dumper = new ListenDumper({
      ...counted,
      socket: (d, t, p) => {
        sockets++;
        return counted.socket(d, t, p);
      },
      close: (fd) => {
        closes++;
        return counted.close(fd);
      },
    });
    try {
      for (let i = 0; i < 3; i++) expect(dumper.dump().some((s) => s.port === server.port)).toBe(true);
      expect([sockets, closes, dumper.shape]).toEqual([1, 0, 'both-families']);
      counted.broken = true;
      expect(() => dumper.dump()).toThrow('netlink sock_diag: recv failed with ENOBUFS');
      expect(closes).toBe(1);
      counted.broken = false;
      expect(dumper.dump().some((s) => s.port === server.port)).toBe(true);
      expect(sockets).toBe(2);
    } finally {
      dumper.close();
    }
    expect(closes).toBe(2);
  });

  it('never loses a steady listener or names a wrong owner while other listeners come and go', async () => {
    const churn = spawnTracked(
      process.execPath,
      [
        '-e',
        `const net = require('node:net'); console.log('[]'); setInterval(() => { const s = net.createServer().listen(0, '127.0.0.1', () => setTimeout(() => s.close(), 50)); }, 5);`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await firstJsonLine(churn);
    const steady = await startServer({ hosts: ['::'] });
    const table = new LinuxPortTable();
    let churned = 0;
    for (let i = 0; i < 40; i++) {
      const listeners = table.scanSync();
      expect(listeners.find((l) => l.port === steady.port)?.owner?.pid).toBe(steady.pid);
      for (const l of listeners) if (l.owner?.pid === churn.pid) churned++;
      for (const l of listeners)
        if (l.port !== steady.port && l.owner?.pid === steady.pid) throw new Error(`port ${l.port} given to the steady server`);
      await new Promise((r) => setImmediate(r));
    }
    expect(churned).toBeGreaterThan(0);
  });
});

describe.runIf(linux)('the procfs fallback', () => {
  it('is taken once, with the errno, when the socket call is refused (a seccomp profile: EPERM)', async () => {
    const server = await startServer();
    const log: string[] = [];
    const table = new LinuxPortTable({ netlink: failing(constants.errno.EPERM, 'socket'), log: (m) => log.push(m) });
    expect((await table.scan()).find((l) => l.port === server.port)?.owner?.pid).toBe(server.pid);
    await table.scan();
    expect(table.source).toBe('procfs');
    expect(table.sourceReason).toBe(
      'reading /proc/net/tcp{,6}: netlink sock_diag: socket(AF_NETLINK, NETLINK_SOCK_DIAG) failed with EPERM',
    );
    expect(log).toEqual([`listeners: procfs, ${table.sourceReason}`]);
  });

  it('is taken for good when netlink fails after working at start, and says so', async () => {
    const server = await startServer();
    const log: string[] = [];
    const netlink = failing(constants.errno.ENOBUFS, 'recv', false);
    const table = new LinuxPortTable({ netlink, log: (m) => log.push(m) });
    await table.scan();
    expect(table.source).toBe('netlink');
    netlink.broken = true;
    expect((await table.scan()).find((l) => l.port === server.port)?.owner?.pid).toBe(server.pid);
    expect(table.source).toBe('procfs');
    expect(table.sourceReason).toContain('netlink failed after start (netlink sock_diag: recv failed with ENOBUFS)');
    expect(log).toEqual([
      'listeners: netlink, netlink sock_diag through koffi, one dump for both families',
      `listeners: procfs, ${table.sourceReason}`,
    ]);
  });

  it('serves a fake /proc root without asking the kernel', () => {
    const table = new LinuxPortTable({ procRoot: '/nonexistent-proc', netlink: failing(constants.errno.EPERM, 'socket') });
    expect(table.source).toBe('procfs');
    expect(table.sourceReason).toBe('reading /proc/net/tcp{,6} under /nonexistent-proc');
  });
});
