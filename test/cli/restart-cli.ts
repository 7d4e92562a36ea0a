import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../main/cli/run';
import { createScanner } from '../../main/core/scan';
import { track } from '../helpers/processes';

// For the kill/restart/start CLI tests: an in-process run with its own PORTWARDEN_HOME (so
// remembered recipes, logs and settings stay in a temp dir), and a run as an arbitrary user.

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `interruptWhen` plays Ctrl-C the moment a line on stderr matches. */
export async function runWithHome(home: string, argv: string[], interruptWhen?: RegExp): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const code = await runCli(argv, {
    scanner: createScanner(),
    out: (text) => out.push(text),
    err: (text) => {
      err.push(text);
      if (interruptWhen?.test(text)) interrupt();
    },
    now: Date.now,
    isTTY: false,
    env: { PORTWARDEN_HOME: home },
    interrupted,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function writeSettings(home: string, settings: object): void {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'settings.json'), JSON.stringify(settings));
}

/** Parses a `--json` answer and tracks every PID it names, so nothing outlives the test. */
export function parseTracked(out: string): Record<string, any> {
  const json = JSON.parse(out) as Record<string, any>;
  for (const key of ['new', 'spawned', 'owner']) track(json[key]?.pid);
  return json;
}

/** `node <file> args…` as another user (setpriv), from a directory every user can enter. */
export function runNodeAs(user: string, file: string, args: string[]): Promise<CliRun> {
  const argv = [`--reuid=${user}`, `--regid=${user === 'nobody' ? 'nogroup' : user}`, '--clear-groups', process.execPath, file, ...args];
  return new Promise((resolve) => {
    execFile('setpriv', argv, { cwd: '/tmp', timeout: 20_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, out: stdout.trimEnd(), err: stderr.trimEnd() });
    });
  });
}
