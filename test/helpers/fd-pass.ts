import type { ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawnTracked } from './processes';
import { setprivAs } from './run-as-nobody';

// A holder outside the target's tree that got the listening socket over a Unix socket
// (SCM_RIGHTS): the one holder a kill must name and leave alone. The passing itself is Python's
// (socket.send_fds), since Node cannot send descriptors over a Unix socket without a native module.

const SCRIPT = join(__dirname, 'fd-pass', 'fd_pass.py');
// The pyenv shim on PATH lives under a home nobody may enter; the system interpreter does not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export const canPassFds = process.platform === 'linux';

/** One line fd_pass.py prints: its pid, then what the role reports (the socket it listens on, the passed inode, the port). */
interface FdPassLine {
  pid: number;
  listening?: string;
  port?: number;
  inode?: number;
}

/** Every JSON line a process prints, in order; each call waits for the next one. */
function jsonLines(child: ChildProcess, timeoutMs = 10_000): () => Promise<FdPassLine> {
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  return () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fd_pass printed nothing within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      const take = (line: string) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as FdPassLine);
      };
      const queued = queue.shift();
      if (queued !== undefined) take(queued);
      else waiting.push(take);
    });
}

export interface FdHolder {
  pid: number;
  socketPath: string;
  /** Resolves once a server has passed its listener: the socket's inode, as /proc/<pid>/fd shows it. */
  received: Promise<{ inode: number }>;
  dispose(): void;
}

/** Starts the holder (as nobody:nogroup when `asNobody`; that needs root), listening on a fresh Unix socket. */
export async function startFdHolder(options: { asNobody?: boolean } = {}): Promise<FdHolder> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-fd-pass-'));
  chmodSync(dir, 0o777); // the holder, as another user, creates its socket here
  const script = join(dir, 'fd_pass.py');
  copyFileSync(SCRIPT, script);
  chmodSync(script, 0o644);
  const socketPath = join(dir, 'holder.sock');
  const argv = [PYTHON, script, 'hold', socketPath];
  const child = options.asNobody
    ? spawnTracked('setpriv', [...setprivAs('nobody'), ...argv], { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir })
    : spawnTracked(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
  const next = jsonLines(child);
  const { pid } = await next();
  const received = next().then((line) => ({ inode: Number(line.inode) }));
  received.catch(() => {}); // awaited by the test that passes a socket; not every test does
  return { pid, socketPath, received, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A listening server (Python, answering HTTP 200) that passes its listener to `holder` before it reports ready. */
export async function startFdPassingServer(holder: FdHolder): Promise<{ pid: number; port: number; inode: number }> {
  const child = spawnTracked(PYTHON, [SCRIPT, 'serve', holder.socketPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  const line = await jsonLines(child)();
  return { pid: Number(line.pid), port: Number(line.port), inode: Number(line.inode) };
}
