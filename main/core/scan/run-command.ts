/** What one OS command did: everything a capture keeps, so a replay can answer exactly the same. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when the process ended by a signal. */
  code: number | null;
  durationMs: number;
}

export interface RunOptions {
  /** Kill the child after this long (default 10 s). */
  timeoutMs?: number;
}

/**
 * Runs a command; injected into the macOS and Windows adapters so tests and replays answer with
 * recorded output. Rejects only when the command could not start or ran out of time; a non-zero
 * exit is for the adapter to judge (lsof exits 1 when nothing matched).
 */
export type RunCommand = (cmd: string, args: string[], options?: RunOptions) => Promise<CommandResult>;

const MAX_OUTPUT = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

export function commandLine(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export const spawnCommand: RunCommand = (cmd, args, options = {}) =>
  new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = performance.now();
    // Required here, not imported: node:child_process costs 10–20 ms to load, and only the macOS
    // and Windows adapters run commands; `portwarden who` on Linux never does.
    (require('node:child_process') as typeof import('node:child_process')).execFile(
      cmd,
      args,
      {
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
        timeout: timeoutMs,
        // A child stuck in a stat() of a dead network volume ignores nothing less.
        killSignal: 'SIGKILL',
        // C locale: `ps -o lstart` follows LC_TIME, and lsof/netstat messages stay in English.
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      },
      (error, stdout, stderr) => {
        const durationMs = Math.round((performance.now() - started) * 10) / 10;
        if (error && typeof error.code === 'string') {
          reject(new Error(`${cmd} could not run (${error.code}): is it installed and on PATH?`));
          return;
        }
        if (error?.killed) {
          reject(
            new Error(
              `${cmd} timed out after ${timeoutMs / 1000} s and was killed (a stalled network or cloud volume can hang it); try again, or see \`portwarden doctor\``,
            ),
          );
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ stdout, stderr, code, durationMs });
      },
    );
  });

/**
 * The stdout of a command that must answer: a non-zero exit with nothing on stdout but something on
 * stderr is a failure, named by its first stderr line. Otherwise stdout is usable (`ps -p` exits 1
 * when one of the PIDs has gone, with the others' rows intact).
 */
export function stdoutOf(result: CommandResult, cmd: string, args: readonly string[]): string {
  if (result.code !== 0 && result.stdout.trim() === '' && result.stderr.trim() !== '') {
    throw new Error(`${commandLine(cmd, args)} failed (exit ${result.code ?? 'by signal'}): ${result.stderr.trim().split('\n')[0]}`);
  }
  return result.stdout;
}
