import type { Scanner } from '../core/scan';

/** Everything a command touches from the outside, so tests can run commands in-process. */
export interface CliContext {
  scanner: Scanner;
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => number;
  /** Whether stdout is a terminal (tables) or a pipe (plain, stable columns). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** The directory the command was run in (a `-- command` runs there; its package.json may be suggested). */
  cwd: string;
  /** Resolves when the user interrupts (Ctrl-C); long-running commands stop then. */
  interrupted: Promise<void>;
}

export const EXIT = {
  ok: 0,
  /** The question had a definite negative answer: a free port, a failed restart. */
  negative: 1,
  usage: 2,
  /** Refused: another user's process without the rights to act on it. */
  elevated: 3,
} as const;

export class UsageError extends Error {}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}
