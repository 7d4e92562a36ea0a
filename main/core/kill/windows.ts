import { execFile } from 'node:child_process';

/** A command as data: built by a pure function, executed by a runner that tests replace. */
export interface CommandSpec {
  command: string;
  args: string[];
}

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (spec: CommandSpec) => Promise<CommandOutput>;

/**
 * Windows has no signals: `taskkill /T` asks the tree to close (console programs such as node
 * usually refuse, which is why `/F` follows after the grace period), `/F` terminates it.
 */
export function taskkillCommand(pids: readonly number[], force: boolean): CommandSpec {
  const args = pids.flatMap((pid) => ['/PID', String(pid)]);
  args.push('/T');
  if (force) args.push('/F');
  return { command: 'taskkill', args };
}

/** taskkill says "Access is denied" (localised text varies, the error code does not) for another user's process. */
export function isAccessDenied(output: CommandOutput): boolean {
  return /access is denied|0x80070005/i.test(`${output.stdout}\n${output.stderr}`);
}

/**
 * One line for the timeline: the command, its exit code and what it said. taskkill writes its
 * verdict on one line and the cause on a `Reason:` line below it (English; other languages word
 * both differently, so the first line and the last are kept whatever they say).
 */
export function describeTaskkill(spec: CommandSpec, output: CommandOutput): string {
  const lines = `${output.stdout}\n${output.stderr}`
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const said = lines.length > 1 ? `${lines[0]} ${lines.at(-1)}` : (lines[0] ?? 'no output');
  return `\`${[spec.command, ...spec.args].join(' ')}\` exit ${output.code}: ${said}`;
}

export const execKillCommand: CommandRunner = (spec) =>
  new Promise((resolve) => {
    execFile(spec.command, spec.args, { windowsHide: true, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (err && typeof err.code !== 'number' ? err.message : '')) });
    });
  });
