import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentChain } from '../../main/core/process';
import { createScanner, type Scanner } from '../../main/core/scan';
import { parseStat } from '../../main/core/scan/linux/proc-process';
import type { Listener, ProcessInfo } from '../../main/core/types';
import { isAlive, waitFor } from './processes';

export const TOOLCHAINS_ROOT = join(__dirname, '..', 'toolchains');

const scanner: Scanner = createScanner();

export interface RunningTool {
  script: string;
  /** The wrapper shell: a session leader the test owns, so its sid names everything it started. */
  wrapperPid: number;
  sid: number;
  /** A temp folder of this run: the tool's output log. */
  dir: string;
  log: string;
  env: Record<string, string>;
}

/** Starts `npm run <script>` in the fixture project under `sh -c '… & wait'`, a new session of its own. */
export function startTool(script: string, env: Record<string, string>): RunningTool {
  const dir = mkdtempSync(join(tmpdir(), `pw-tool-${script}-`));
  const log = join(dir, 'output.log');
  const out = openSync(log, 'a');
  // `& wait` keeps the shell alive as the wrapper: a lone command would be exec'd by dash.
  const wrapper = spawn('sh', ['-c', `npm run ${script} & wait`], {
    cwd: TOOLCHAINS_ROOT,
    // detached: setsid() in the child, so the wrapper leads a session that the test alone owns.
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false', ...env },
  });
  if (!wrapper.pid) throw new Error(`could not start npm run ${script}`);
  wrapper.unref();
  return { script, wrapperPid: wrapper.pid, sid: wrapper.pid, dir, log, env };
}

export function toolLog(tool: RunningTool): string {
  return existsSync(tool.log) ? readFileSync(tool.log, 'utf8') : '';
}

/** The incident's move: the wrapper dies by SIGKILL, its tree lives on, orphaned. */
export async function orphan(tool: RunningTool): Promise<void> {
  process.kill(tool.wrapperPid, 'SIGKILL');
  await waitFor(() => !isAlive(tool.wrapperPid) || undefined, 5000, `wrapper ${tool.wrapperPid} to die`);
}

/** PIDs whose session id is `sid`, read from /proc: the one way to find a tree whose links broke. */
export function sessionMembers(sid: number, procRoot = '/proc'): number[] {
  const out: number[] = [];
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`${procRoot}/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    if (parseStat(text)?.sid === sid) out.push(Number(entry));
  }
  return out;
}

/** SIGKILLs every process of the session, by PID, until none is left. */
export async function killSession(sid: number): Promise<void> {
  await waitFor(
    () => {
      const left = sessionMembers(sid);
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // exited between the read and the kill
        }
      }
      return left.length === 0 || undefined;
    },
    10_000,
    `session ${sid} to be empty`,
  );
}

/** Ends everything the tool started (its session, by PID) and removes its log folder. */
export async function stopTool(tool: RunningTool): Promise<void> {
  await killSession(tool.sid);
  rmSync(tool.dir, { recursive: true, force: true });
}

export interface Owned {
  listener: Listener;
  owner: ProcessInfo;
  /** Nearest parent first, as the launch-tree module takes it. */
  chain: ProcessInfo[];
}

/**
 * Waits until a listener matching `which` has a readable owner; `sid` finds a tool that picked its
 * own port (Vite moving on), `port` one whose port is known (pm2's child is in the daemon's session).
 */
export async function waitForListener(
  which: { port?: number; sid?: number; exclude?: number[] },
  tool: RunningTool,
  timeoutMs = 90_000,
): Promise<Owned> {
  const listener = await waitFor(
    async () => {
      const all = await scanner.scan({ fresh: true });
      return all.find(
        (l) =>
          l.owner !== null &&
          (which.port === undefined || l.port === which.port) &&
          (which.sid === undefined || l.owner.sid === which.sid) &&
          !which.exclude?.includes(l.port),
      );
    },
    timeoutMs,
    `npm run ${tool.script} to listen (${JSON.stringify(which)}); its output:\n${toolLog(tool)}`,
  ).catch((err: Error) => {
    throw new Error(`${err.message.split(';')[0]}\n--- output of npm run ${tool.script} ---\n${toolLog(tool)}`);
  });
  const owner = listener.owner!;
  return { listener, owner, chain: await parentChain(scanner, owner) };
}

/** Every listener owned by a member of the session (concurrently's two servers). */
export async function sessionListeners(sid: number): Promise<Listener[]> {
  return (await scanner.scan({ fresh: true })).filter((l) => l.owner?.sid === sid);
}

export function getScanner(): Scanner {
  return scanner;
}

/** A private PM2_HOME, so the test's daemon is never the developer's and `pm2 kill` ends only it. */
export function pm2Home(): string {
  return mkdtempSync(join(tmpdir(), 'pw-pm2-'));
}

/** `pm2 kill` for this PM2_HOME, then the daemon's session by PID in case pm2 left anything. */
export async function pm2Kill(home: string): Promise<void> {
  const pidFile = join(home, 'pm2.pid');
  const daemon = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : null;
  spawnSync('npm', ['run', '--silent', 'pm2-kill'], {
    cwd: TOOLCHAINS_ROOT,
    env: { ...process.env, PM2_HOME: home },
    stdio: 'ignore',
    timeout: 20_000,
  });
  // The daemon leads its own session (pm2 starts it detached); its children share that sid.
  if (daemon && sessionMembers(daemon).includes(daemon)) await killSession(daemon);
  rmSync(home, { recursive: true, force: true });
}
