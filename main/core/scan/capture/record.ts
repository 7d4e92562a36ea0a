import type { CommandResult, RunCommand } from '../run-command';
import type { CapturedCommand } from './capture-format';

/** lsof writes bytes outside printable ASCII as `\xNN`: a home folder with `ü` arrives that way. */
function lsofEscaped(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
    .join('');
}

/**
 * The home folder written as `~` (the user name stays: it is in ps's user column anyway, and the
 * reporter sends the file themselves). Only whole path components: `/Users/al` leaves `/Users/alice`.
 */
export function redactHome(text: string, home: string): string {
  if (home.length < 2) return text;
  let out = text;
  // As written, as lsof escapes it, and as JSON (PowerShell's output) escapes a backslash.
  for (const form of new Set([home, lsofEscaped(home), JSON.stringify(home).slice(1, -1)])) {
    const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`${escaped}(?=$|[\\\\/\\s:;,'"\\])])`, 'gm'), '~');
  }
  return out;
}

/** A runner that runs through `run` and keeps what each command printed, failures included. */
export function recordingRunner(run: RunCommand, home: string): { run: RunCommand; commands: CapturedCommand[] } {
  const commands: CapturedCommand[] = [];
  const keep = (cmd: string, args: string[], r: CommandResult, error?: string) =>
    commands.push({
      cmd,
      args,
      stdout: redactHome(r.stdout, home),
      stderr: redactHome(r.stderr, home),
      code: r.code,
      durationMs: r.durationMs,
      ...(error ? { error } : {}),
    });
  const recording: RunCommand = async (cmd, args, options) => {
    const started = performance.now();
    try {
      const result = await run(cmd, args, options);
      keep(cmd, args, result);
      return result;
    } catch (err) {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      keep(cmd, args, { stdout: '', stderr: '', code: null, durationMs }, redactHome((err as Error).message, home));
      throw err;
    }
  };
  return { run: recording, commands };
}
