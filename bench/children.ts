import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

// Every process the benchmark starts leads its own process group and watches its stdin: when the
// benchmark dies (even by SIGKILL) the pipe closes and the group exits, so nothing outlives a run.
const groups = new Set<number>();

export function killAllChildren(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
}

let installed = false;
function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the benchmark's processes…\n`);
      killAllChildren();
      process.exit(130);
    });
  }
}

/** Spawns a process group that prints one line when ready; resolves with that line. */
export function spawnGroup(command: string, args: string[], what: string): Promise<{ child: ChildProcess; line: string }> {
  installCleanup();
  const child = spawn(command, args, { detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
  if (child.pid) groups.add(child.pid);
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => {
      rl.close();
      resolve({ child, line });
    });
    child.once('error', (err) => reject(new Error(`cannot start ${what}: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
  });
}

export function stopGroup(child: ChildProcess): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  groups.delete(child.pid);
}

// A node child holding `count` listening sockets on ephemeral ports of 127.0.0.1.
const LISTENER_SCRIPT = `
const net = require('node:net');
const count = Number(process.argv[1]);
let ready = 0;
for (let i = 0; i < count; i++) {
  net.createServer().listen(0, '127.0.0.1', () => { if (++ready === count) console.log('ready'); });
}
process.stdin.on('end', () => process.exit(0)).resume();
`;

// Holds thousands of open files, like an IDE or a language server: each fd costs a scanner a readlink.
const FD_HOG_SCRIPT = `
const fs = require('node:fs');
const count = Number(process.argv[1]);
for (let i = 0; i < count; i++) fs.openSync('/dev/null', 'r');
console.log('ready');
process.stdin.on('end', () => process.exit(0)).resume();
`;

// Hundreds of sleeping processes in one group; the shell kills its group when its stdin closes.
const SLEEPERS_SCRIPT = 'i=0; while [ $i -lt "$1" ]; do sleep 600 & i=$((i+1)); done; echo ready; read x; kill 0';

export interface Holders {
  pids: number[];
  stop(): void;
}

/** `total` listening sockets spread over `processes` node children. */
export async function spawnListeners(total: number, processes: number): Promise<Holders> {
  const k = Math.min(processes, total);
  const started = await Promise.all(
    Array.from({ length: k }, (_, i) => {
      const count = Math.floor(total / k) + (i < total % k ? 1 : 0);
      return spawnGroup(process.execPath, ['-e', LISTENER_SCRIPT, String(count)], 'a listener process');
    }),
  );
  const children = started.map((s) => s.child);
  return { pids: children.map((c) => c.pid!), stop: () => children.forEach(stopGroup) };
}

/** A busy machine: `sleepers` sleeping processes plus `hogs` processes with `files` open files each. */
export async function spawnBusyLoad(sleepers: number, hogs: number, files: number): Promise<Holders> {
  const started = await Promise.all([
    spawnGroup('sh', ['-c', SLEEPERS_SCRIPT, 'sleepers', String(sleepers)], 'the sleeping processes'),
    ...Array.from({ length: hogs }, () =>
      spawnGroup(process.execPath, ['-e', FD_HOG_SCRIPT, String(files)], 'a process with many open files'),
    ),
  ]);
  const children = started.map((s) => s.child);
  return { pids: children.map((c) => c.pid!), stop: () => children.forEach(stopGroup) };
}
