import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { firstJsonLine, SERVER_SCRIPT, spawnTracked, track } from './processes';

const ROOT = join(__dirname, '..', '..');

export interface Bundle {
  file: string;
  dispose(): void;
}

/**
 * Bundles a TypeScript entry (a path under the repo, or inline source) into one self-contained
 * file that another user can run: nobody cannot read node_modules under a private home, and
 * the bundle tests today's sources rather than a stale dist/.
 */
export async function bundleForAnotherUser(entry: { path: string } | { source: string }): Promise<Bundle> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bundle-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'entry.cjs');
  await build({
    ...('path' in entry
      ? { entryPoints: [join(ROOT, entry.path)] }
      : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: file,
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  chmodSync(file, 0o644);
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <file> args…` as nobody:nogroup (we run as root here), in a directory nobody can enter. */
export function runNodeAsNobody(file: string, args: string[], timeoutMs = 20_000): Promise<RunResult> {
  return runNodeAs('nobody', file, args, timeoutMs);
}

/** The same as any user whose group has the user's name (daemon:daemon), or nobody:nogroup. */
export function runNodeAs(user: string, file: string, args: string[], timeoutMs = 20_000): Promise<RunResult> {
  const argv = [...setprivAs(user), process.execPath, file, ...args];
  return new Promise((resolve) => {
    execFile(
      'setpriv',
      argv,
      { cwd: tmpdir(), timeout: timeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export const canRunAsNobody = process.platform === 'linux' && process.getuid?.() === 0;

/** setpriv's arguments to run the rest of its command line as `user` (nobody gets nogroup). */
export function setprivAs(user: string): string[] {
  return [`--reuid=${user}`, `--regid=${user === 'nobody' ? 'nogroup' : user}`, '--clear-groups'];
}

/** The fixture server (default config), run as nobody:nogroup; tracked for killTracked(). */
export async function startServerAsNobody(): Promise<{ pid: number; port: number }> {
  const child = spawnTracked('setpriv', [...setprivAs('nobody'), process.execPath, SERVER_SCRIPT, '{}'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: tmpdir(),
  });
  const server = await firstJsonLine<{ pid: number; port: number }>(child);
  track(server.pid);
  return server;
}
