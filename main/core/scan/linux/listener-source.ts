import { loadNetlinkCalls } from './koffi-libc';
import { readListeningSockets, type ProcNetSocket } from './proc-net';
import { type DumpShape, ListenDumper, type NetlinkCalls } from './sock-diag';

export type ListenerSourceKind = 'netlink' | 'procfs';

/** Where a Linux scanner reads its LISTEN sockets from, and a one-line why. */
export interface ListenerSource {
  readonly kind: ListenerSourceKind;
  readonly reason: string;
  read(): ProcNetSocket[];
}

export interface ListenerSourceOptions {
  procRoot: string;
  /** The libc calls for netlink (tests inject failing ones), false for procfs only; default: koffi. */
  netlink?: NetlinkCalls | false;
  /** Told once which source was chosen and why, and again if netlink fails later. */
  log?: (message: string) => void;
}

const PROCFS_READS = 'reading /proc/net/tcp{,6}';

export function readProcNet(procRoot: string): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  for (const file of ['tcp', 'tcp6']) {
    try {
      out.push(...readListeningSockets(`${procRoot}/net/${file}`));
    } catch {
      // IPv6 disabled: no tcp6
    }
  }
  return out;
}

function procfs(procRoot: string, reason: string): ListenerSource {
  return { kind: 'procfs', reason, read: () => readProcNet(procRoot) };
}

/**
 * Chooses once: netlink sock_diag when koffi loads and one dump succeeds, else procfs, with the
 * reason (a container's seccomp profile refusing AF_NETLINK, no koffi binary for this
 * architecture). A fake /proc root means a test feeds its own net/tcp files: procfs it is.
 */
export function chooseListenerSource(options: ListenerSourceOptions): ListenerSource {
  const log = options.log ?? (() => {});
  const chosen = choose(options);
  log(`listeners: ${chosen.kind}, ${chosen.reason}`);
  return 'dumper' in chosen ? withLateFallback(chosen, options.procRoot, log) : chosen;
}

function choose(options: ListenerSourceOptions): ListenerSource | NetlinkSource {
  if (options.netlink === false) return procfs(options.procRoot, `${PROCFS_READS}: netlink turned off`);
  if (options.procRoot !== '/proc') return procfs(options.procRoot, `${PROCFS_READS} under ${options.procRoot}`);
  const calls = options.netlink ?? loadNetlinkCalls();
  if (typeof calls === 'string') return procfs(options.procRoot, `${PROCFS_READS}: ${calls}`);
  const dumper = new ListenDumper(calls);
  try {
    const first = dumper.dump();
    return { kind: 'netlink', reason: `netlink sock_diag through koffi, ${SHAPES[dumper.shape ?? 'per-family']}`, dumper, first };
  } catch (err) {
    return procfs(options.procRoot, `${PROCFS_READS}: ${(err as Error).message}`);
  }
}

const SHAPES: Record<DumpShape, string> = {
  'both-families': 'one dump for both families',
  'per-family': 'one dump per family (the kernel refused the older request that asks for both)',
};

interface NetlinkSource {
  kind: 'netlink';
  reason: string;
  dumper: ListenDumper;
  /** The probe's own dump: the first read uses it instead of asking again. */
  first: ProcNetSocket[] | null;
}

/** A netlink source that still worked at start but fails later switches to procfs for good. */
function withLateFallback(source: NetlinkSource, procRoot: string, log: (message: string) => void): ListenerSource {
  let current: ListenerSource | null = null;
  return {
    get kind() {
      return current?.kind ?? 'netlink';
    },
    get reason() {
      return current?.reason ?? source.reason;
    },
    read() {
      if (current) return current.read();
      if (source.first) {
        const first = source.first;
        source.first = null;
        return first;
      }
      try {
        return source.dumper.dump();
      } catch (err) {
        current = procfs(procRoot, `${PROCFS_READS}: netlink failed after start (${(err as Error).message})`);
        log(`listeners: ${current.kind}, ${current.reason}`);
        return current.read();
      }
    },
  };
}
