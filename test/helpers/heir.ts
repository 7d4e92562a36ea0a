import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawnTracked, track } from './processes';

export const HEIR_SERVER_SCRIPT = join(__dirname, '..', 'fixtures', 'servers', 'heir-server.cjs');

export interface HeirServer {
  pid: number;
  port: number;
  child: ChildProcess;
  /** The heir's PID, once the server has answered a SIGTERM by forking it; tracked for killTracked(). */
  heir: Promise<number>;
}

/** Starts heir-server.cjs in its own session (it leads its process group, which the heir joins). */
export async function startHeirServer(cwd?: string): Promise<HeirServer> {
  const child = spawnTracked(process.execPath, [HEIR_SERVER_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], cwd });
  const lines = createInterface({ input: child.stdout! });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const next = () =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`heir-server exited (${code}) before it said so; stderr: ${stderr}`));
      child.once('exit', onExit);
      lines.once('line', (line) => {
        child.off('exit', onExit);
        resolve(JSON.parse(line) as Record<string, number>);
      });
    });
  const ready = await next();
  // Listen for the heir's line now, so it is not missed whenever the SIGTERM comes.
  const heir = next().then(({ heirPid }) => {
    track(heirPid);
    return heirPid!;
  });
  heir.catch(() => {}); // only tests that send SIGTERM wait for it
  return { pid: ready.pid!, port: ready.port!, child, heir };
}
