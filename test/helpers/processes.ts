import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const SERVER_SCRIPT = join(__dirname, '..', 'fixtures', 'servers', 'server.cjs');

// Every process a test starts is recorded here and killed by PID (never by name) in killTracked().
//
// Servers start in a session of their own (`detached`: setsid), led by the server the test
// started. Otherwise they share the test runner's session and process group, and the orphan rule
// judges them by whoever launched the suite: from a detached shell that has exited
// (`setsid bash -c '(npm test &)'`) every plain server looked orphaned. A server the test means
// to orphan is started by startOrphanedServer, whose wrapper leads the session and is killed.
const OWN_SESSION: SpawnOptions = { detached: true };
const tracked = new Set<number>();

export function track(pid: number | undefined): void {
  if (pid) tracked.add(pid);
}

/** Kills every tracked process (and its group when it leads one). Call from afterEach/afterAll. */
export function killTracked(): void {
  for (const pid of tracked) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone, or not a group leader
      }
    }
  }
  tracked.clear();
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ServerConfig {
  /** Ignored by the server: sets its command line apart, so another test's server with the same config is not its `duplicate`. */
  tag?: string;
  port?: number;
  hosts?: string[];
  mode?: 'ok' | '404' | 'hang' | '500';
  ignoreTerm?: boolean;
  shareWithChild?: boolean;
  exitAfterMs?: number;
  openFile?: string;
  ipv6Only?: boolean;
}

export interface StartedServer {
  pid: number;
  port: number;
  childPid?: number;
  child: ChildProcess;
}

/** Reads the first JSON line a process prints; rejects on early exit with what it printed to stderr. */
export function firstJsonLine<T>(child: ChildProcess, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => {
      clearTimeout(timer);
      rl.close();
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`not JSON: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
}

/** Starts the fixture server as a direct child of the test process, leading its own session. */
export async function startServer(config: ServerConfig = {}, options: SpawnOptions = {}): Promise<StartedServer> {
  // stdin is a pipe the server watches: it exits when the test process is gone (see server.cjs).
  const child = spawnTracked(process.execPath, [SERVER_SCRIPT, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  const info = await firstJsonLine<{ pid: number; port: number; childPid?: number }>(child);
  track(info.childPid);
  return { ...info, child };
}

/**
 * The incident's shape: a wrapper shell starts the server, then the wrapper is SIGKILLed and the
 * server, orphaned, keeps the port. Returns the server (now re-parented to init or a subreaper).
 */
export async function startOrphanedServer(config: ServerConfig = {}, cwd?: string): Promise<StartedServer & { wrapperPid: number }> {
  const script = `"${process.execPath}" "${SERVER_SCRIPT}" '${JSON.stringify(config)}' & wait`;
  const wrapper = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], cwd, detached: true });
  track(wrapper.pid);
  const info = await firstJsonLine<{ pid: number; port: number }>(wrapper);
  track(info.pid);
  process.kill(wrapper.pid!, 'SIGKILL');
  await waitFor(() => !isAlive(wrapper.pid!) || undefined, 5000, 'wrapper to die');
  return { ...info, child: wrapper, wrapperPid: wrapper.pid! };
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A port that was free a moment ago (for tests that need a port before anything listens). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a server (or a wrapper of one) in its own session, tracked for killTracked(); `detached: false` opts out. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...OWN_SESSION, ...options });
  track(child.pid);
  return child;
}

/**
 * A server as a developer's terminal runs it: a shell the test owns leads a new session and the
 * server is its child, neither a daemon nor an orphan. `pid` is the server; `leaderPid` the shell.
 */
export async function startServerUnderLeader(config: ServerConfig = {}): Promise<StartedServer & { leaderPid: number }> {
  // `; exit $?` keeps sh from exec'ing the server in its own place: sh must stay as the leader. A
  // terminal's shell puts each job in a process group of its own (job control, which sh without a
  // tty cannot do), so perl's setpgrp does it: otherwise sh would lead the server's group and
  // session both, which is how a daemon (`setsid sh -c …`) looks.
  const job = ['perl', '-e', 'setpgrp(0, 0); exec @ARGV or die "exec: $!"', process.execPath, SERVER_SCRIPT, JSON.stringify(config)];
  const leader = spawnTracked('sh', ['-c', '"$@"; exit $?', 'sh', ...job], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const info = await firstJsonLine<{ pid: number; port: number }>(leader);
  track(info.pid);
  return { ...info, child: leader, leaderPid: leader.pid! };
}
