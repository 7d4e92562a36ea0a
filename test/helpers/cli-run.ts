import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliContext } from '../../main/cli/context';
import { runCli } from '../../main/cli/run';
import type { IdentityJson } from '../../main/core/json';
import { createScanner, type Scanner } from '../../main/core/scan';
import { track } from './processes';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface InProcessOptions {
  scanner?: Scanner;
  now?: () => number;
  /** The whole environment the command sees; `{}` keeps the user's real settings out of the test. */
  env?: NodeJS.ProcessEnv;
  /** Plays Ctrl-C the moment a line on stderr matches. */
  interruptWhen?: RegExp;
  /** The directory the command is run in (default: the test process's). */
  cwd?: string;
}

/** A CliContext that records output, for commands run in-process; `interrupt()` plays Ctrl-C. */
export function recordingContext(options: InProcessOptions = {}): { ctx: CliContext; out: string[]; err: string[]; interrupt: () => void } {
  const out: string[] = [];
  const err: string[] = [];
  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const ctx: CliContext = {
    scanner: options.scanner ?? createScanner(),
    out: (text) => out.push(text),
    err: (text) => {
      err.push(text);
      if (options.interruptWhen?.test(text)) interrupt();
    },
    now: options.now ?? Date.now,
    cwd: options.cwd ?? process.cwd(),
    isTTY: false,
    env: options.env ?? {},
    interrupted,
  };
  return { ctx, out, err, interrupt: () => interrupt() };
}

/** Runs one CLI invocation in-process, as bin/portwarden.js would, capturing its output. */
export async function runInProcess(argv: string[], options: InProcessOptions = {}): Promise<CliRun> {
  const { ctx, out, err } = recordingContext(options);
  const code = await runCli(argv, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** For the commands that keep state (remembered recipes, logs, settings): all of it in `home`. */
export function runWithHome(home: string, argv: string[], interruptWhen?: RegExp): Promise<CliRun> {
  return runInProcess(argv, { env: { PORTWARDEN_HOME: home }, interruptWhen });
}

export function writeSettings(home: string, settings: object): void {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'settings.json'), JSON.stringify(settings));
}

/** The fields of restart/start `--json` the tests read; the contract itself is main/core/json/restart.ts. */
export interface RestartJson {
  ok: boolean;
  port: number;
  old: IdentityJson | null;
  /** Present when ok. */
  new?: IdentityJson;
  spawned?: IdentityJson | null;
  owner?: (IdentityJson & { name: string }) | null;
  recipe: { command: string; cwd: string; source: string; envKeys: string[] } | null;
  timeline: Array<{ at: string; step: string; detail: string }>;
  log: string;
  code?: string;
  reason?: string;
  logTail?: string;
}

/** Parses a restart/start `--json` answer and tracks every PID it names, so nothing outlives the test. */
export function parseTracked(out: string): RestartJson {
  const json = JSON.parse(out) as RestartJson;
  for (const pid of [json.new?.pid, json.spawned?.pid, json.owner?.pid]) track(pid);
  return json;
}
