import { commandLine, type RunCommand } from '../run-command';
import type { Capture } from './capture-format';

/**
 * Answers each command from the capture: the recorded stdout, stderr and exit code of the same
 * command line (in order when it was run more than once, the last answer repeating), or the
 * recorded failure. A command the capture does not hold is an error naming it, since guessing an
 * answer would make a replay say something the machine never said.
 */
export function replayRunner(capture: Capture): RunCommand {
  const served = new Map<string, number>();
  return async (cmd, args) => {
    const key = JSON.stringify([cmd, ...args]);
    const matches = capture.commands.filter((c) => JSON.stringify([c.cmd, ...c.args]) === key);
    if (matches.length === 0) {
      const held = [...new Set(capture.commands.map((c) => c.cmd))].join(', ') || 'no commands';
      throw new Error(
        `the capture holds no output for \`${commandLine(cmd, args)}\` (it holds: ${held}); capture again with this version's \`portwarden doctor --capture FILE\``,
      );
    }
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    const c = matches[Math.min(n, matches.length - 1)]!;
    if (c.error !== undefined) throw new Error(c.error);
    return { stdout: c.stdout, stderr: c.stderr, code: c.code, durationMs: c.durationMs };
  };
}
