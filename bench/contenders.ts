import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import si from 'systeminformation';
import { LinuxPortTable } from '../main/core/scan/linux/linux-port-table';
import { loadNetlinkCalls } from '../main/core/scan/linux/koffi-libc';
import { readListeningSockets } from '../main/core/scan/linux/proc-net';
import { dumpListeningSockets } from '../main/core/scan/linux/sock-diag';
import type { MeasureOptions } from './stats';

const run = promisify(execFile);

/** One way to answer "who listens on which port", measured as a user would call it. */
export interface Contender {
  name: string;
  /** Why it cannot run here (e.g. "not installed"), or null. */
  unavailable: string | null;
  scan(): Promise<unknown>;
  options: MeasureOptions;
  note?: string;
}

function onPath(binary: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

function command(name: string, binary: string, args: string[], quick: boolean): Contender {
  return {
    name,
    unavailable: onPath(binary) ? null : 'not installed',
    scan: () => run(binary, args, { maxBuffer: 64 * 2 ** 20 }),
    options: { warmup: 2, minIterations: quick ? 5 : 10, maxIterations: 60, budgetMs: quick ? 500 : 1500 },
  };
}

/**
 * A warm table that has to find the owners of every benchmark socket again, as when servers
 * start while the watcher runs: sockets whose owner cannot be seen stay in its "unseen" cache,
 * as they do in the watcher's table. (A cold scan cannot stop early wherever one socket's owner
 * is invisible: proving that takes a walk to the end.) `stopWhenFound: false` walks every
 * process of the sockets' uids, oldest first, as before sock_diag's uids steered the walk.
 */
function newSockets(name: string, stopWhenFound: boolean, quick: boolean): Contender {
  const table = new LinuxPortTable({ stopWhenFound });
  // The owner cache is private to the scanner; emptying it is the benchmark's way of making every socket new.
  const owners = (table as unknown as { owners: Map<number, unknown> }).owners;
  let warmed = false;
  return {
    name,
    unavailable: null,
    scan: () => {
      if (!warmed) table.scanSync();
      warmed = true;
      owners.clear();
      return table.scan();
    },
    options: { warmup: 5, minIterations: 20, maxIterations: 2000, budgetMs: quick ? 500 : 1500 },
    note: stopWhenFound
      ? "owners of every socket looked for again by a warm table: the uid's processes newest first, stopping once each socket has a holder"
      : "the same, walking every process of the sockets' uids to the end",
  };
}

export function contenders(quick: boolean): Contender[] {
  const warm = new LinuxPortTable();
  const netlink = loadNetlinkCalls();
  return [
    {
      name: 'Portwarden warm',
      unavailable: null,
      // Cached: nothing changed since the last scan, as in the watcher's polling loop.
      scan: () => warm.scan(),
      options: { warmup: 20, minIterations: 50, maxIterations: 5000, budgetMs: quick ? 300 : 800 },
    },
    {
      name: 'Portwarden cold',
      unavailable: null,
      // A new table each time: boot time, user names and every owner resolved from scratch.
      scan: () => new LinuxPortTable().scan(),
      options: { warmup: 5, minIterations: 20, maxIterations: 2000, budgetMs: quick ? 500 : 1500 },
    },
    newSockets('Portwarden new sockets', true, quick),
    newSockets('Portwarden new sockets, full walk', false, quick),
    {
      name: 'Portwarden fresh',
      unavailable: null,
      // What runs before a kill: every cache ignored and every process walked, whatever its uid.
      scan: () => warm.scan({ fresh: true }),
      options: { warmup: 5, minIterations: 20, maxIterations: 2000, budgetMs: quick ? 300 : 1000 },
    },
    {
      name: 'procfs floor',
      unavailable: null,
      scan: async () => [readListeningSockets('/proc/net/tcp'), readListeningSockets('/proc/net/tcp6')],
      options: { warmup: 20, minIterations: 50, maxIterations: 5000, budgetMs: quick ? 200 : 500 },
      note: "only reading the LISTEN rows of /proc/net/tcp{,6}: the kernel's part of a scan that falls back to procfs",
    },
    {
      name: 'netlink',
      unavailable: typeof netlink === 'string' ? netlink : null,
      scan: async () => (typeof netlink === 'string' ? [] : dumpListeningSockets(netlink)),
      options: { warmup: 20, minIterations: 50, maxIterations: 5000, budgetMs: quick ? 200 : 500 },
      note: "only the sock_diag dump of LISTEN sockets, IPv4 and IPv6 (socket, 2 × send/recv, close): the kernel's part of a netlink scan",
    },
    {
      name: 'systeminformation',
      unavailable: null,
      scan: () => Promise.all([si.networkConnections(), si.processes()]),
      // processes() answers from a cache when called again within 500 ms: pause so each call is real.
      options: { warmup: 1, minIterations: quick ? 2 : 4, maxIterations: quick ? 2 : 4, budgetMs: 0, gapMs: 550 },
      note: 'networkConnections() + processes() awaited together; 550 ms apart, since processes() caches for 500 ms',
    },
    command('ss -ltnp', 'ss', ['-ltnp'], quick),
    command('lsof -nP -iTCP -sTCP:LISTEN', 'lsof', ['-nP', '-iTCP', '-sTCP:LISTEN'], quick),
  ];
}
